/**
 * A database this command created, said on a terminal's stderr so that a mistyped path is
 * noticed the first time; a script's stderr stays for errors and warnings.
 */
export function announceNewDatabase(path: string): void {
  if (process.stderr.isTTY) process.stderr.write(`New toil database at ${path}\n`)
}
