import {EXIT, ToilError, databaseError} from '../domain/errors.js'

/**
 * SQLite's own word that the file is damaged or not a database, which can
 * surface on any query after a clean open (a corrupt page is only read when
 * needed), or a PostgreSQL connection lost mid-command: a database error (exit 3), not a bug.
 */
function asDatabaseError(error: Error & {code?: unknown}): Error {
  const code = typeof error.code === 'string' ? error.code : ''
  // PostgreSQL: the server went away or shut down mid-command (SQLSTATE classes 08 and 57P).
  if (/^(08|57P)/.test(code) || code === 'ECONNRESET' || /^Connection terminated/.test(error.message)) {
    return databaseError(`the connection to PostgreSQL was lost (${oneLine(error.message)}); nothing of the interrupted change was kept`)
  }
  if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return error
  return databaseError(`the database is damaged (${oneLine(error.message)}); toil doctor checks it and toil restore puts back a backup`)
}

/** How any failure reaches the user: one line on stderr, or JSON on stdout with --json; sets the exit code. */
export function reportError(thrown: Error & {oclif?: {exit?: number}}, json: boolean): void {
  const error: Error & {oclif?: {exit?: number}} = asDatabaseError(thrown)
  const known = error instanceof ToilError
  const exit = known ? error.exit : error.oclif?.exit ?? EXIT.internal
  const code = known ? error.code : exit === EXIT.input ? 'invalid-input' : 'internal'
  const message = known || exit === EXIT.input ? oneLine(error.message) : `internal error: ${oneLine(error.message)}`
  process.exitCode = exit
  if (json) process.stdout.write(`${JSON.stringify({error: {code, message}}, null, 2)}\n`)
  else process.stderr.write(`toil: ${message}\n`)
  if (process.env.DEBUG?.split(',').includes('toil') && thrown.stack) process.stderr.write(`${thrown.stack}\n`)
}

/** oclif's parse errors span lines; a user gets one. */
function oneLine(message: string): string {
  const lines = message.split('\n').map((line) => line.trim().replaceAll(/\s+/g, ' '))
  return lines.filter((line) => line !== '' && !line.startsWith('See more help')).join(' ') || 'unknown error'
}
