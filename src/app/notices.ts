/** A database this command created: said on stderr, so a mistyped path is noticed the first time. */
export function announceNewDatabase(path: string): void {
  process.stderr.write(`New toil database at ${path}\n`)
}
