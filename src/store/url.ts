/** A `--db` value that names a PostgreSQL database rather than a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

/**
 * The one way a database URL is shown: any password (in the user part or a
 * `password=` parameter) replaced by `***`. Works on malformed URLs too, and
 * would rather hide too much than too little.
 */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(url)
  if (!scheme) return url
  let rest = url.slice(scheme[0].length)
  // The last `@`: a password may hold an unescaped `@` of its own.
  const at = rest.lastIndexOf('@')
  if (at >= 0) {
    const colon = rest.slice(0, at).indexOf(':')
    if (colon >= 0) rest = `${rest.slice(0, colon)}:***${rest.slice(at)}`
  }
  return scheme[0] + rest.replaceAll(/([?&]password=)[^&#]*/gi, '$1***')
}
