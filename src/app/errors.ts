import {EXIT, ToilError} from '../domain/errors.js'

/** How any failure reaches the user: one line on stderr, or JSON on stdout with --json; sets the exit code. */
export function reportError(error: Error & {oclif?: {exit?: number}}, json: boolean): void {
  const known = error instanceof ToilError
  const exit = known ? error.exit : error.oclif?.exit ?? EXIT.internal
  const code = known ? error.code : exit === EXIT.input ? 'invalid-input' : 'internal'
  const message = known || exit === EXIT.input ? oneLine(error.message) : `internal error: ${oneLine(error.message)}`
  process.exitCode = exit
  if (json) process.stdout.write(`${JSON.stringify({error: {code, message}}, null, 2)}\n`)
  else process.stderr.write(`toil: ${message}\n`)
  if (process.env.DEBUG?.split(',').includes('toil') && error.stack) process.stderr.write(`${error.stack}\n`)
}

/** oclif's parse errors span lines; a user gets one. */
function oneLine(message: string): string {
  const lines = message.split('\n').map((line) => line.trim().replaceAll(/\s+/g, ' '))
  return lines.filter((line) => line !== '' && !line.startsWith('See more help')).join(' ') || 'unknown error'
}
