import {accessSync, constants, statfsSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {EXIT, type ErrorCode, ToilError, databaseError, inputError, notPermitted} from '../domain/errors.js'
import {MAX_TIMES} from '../domain/inputs.js'
import {busyTimeoutMs} from '../store/file.js'

/** What the failing command was working on, for messages that name it. */
export interface ErrorContext {
  /** The database file (or URL, redacted) the command opened or was about to open. */
  database?: string
}

type Failure = Error & {code?: unknown; path?: unknown; oclif?: {exit?: number}}

/** Operating-system errors a user can fix, as the end of a sentence, with their code. */
const SYSTEM_ERRORS: Record<string, [ErrorCode, string]> = {
  ENOSPC: ['no-space', 'no space left on the device; free some space and try again'],
  EDQUOT: ['no-space', 'the disk quota is used up; free some space and try again'],
  EFBIG: ['no-space', 'the file would be larger than the file system allows'],
  EROFS: ['read-only', 'the file system is read-only'],
  EACCES: ['permission-denied', 'permission denied; check the permissions of the file and its folder'],
  EPERM: ['permission-denied', 'operation not permitted; check the permissions of the file and its folder'],
  ENOENT: ['missing-folder', 'no such file or folder'],
  ENOTDIR: ['missing-folder', 'a part of the path is not a folder'],
  EISDIR: ['invalid-input', 'is a folder, not a file'],
  ELOOP: ['invalid-input', 'too many levels of symbolic links'],
  ENAMETOOLONG: ['invalid-input', 'the file name is too long'],
  EIO: ['io-error', 'input/output error from the disk; check the disk'],
  EMFILE: ['io-error', 'too many open files; close some programs and try again'],
  ENFILE: ['io-error', 'too many open files in the system; try again'],
}

/** The reason an OS error code gives, as a phrase ("no space left on the device; …"), or undefined for one toil does not know. */
export function systemReason(code: unknown): string | undefined {
  return typeof code === 'string' ? SYSTEM_ERRORS[code]?.[1] : undefined
}

/** Why the folder of `file` cannot be written to (EROFS, EACCES, ENOENT…), or undefined when it can. */
function folderProblem(file: string): string | undefined {
  try {
    accessSync(dirname(resolve(file)), constants.W_OK)
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EACCES'
  }
}

/** Whether the file system holding `file` has (next to) no space left. */
function diskFull(file: string): boolean {
  try {
    const fs = statfsSync(dirname(resolve(file)))
    return fs.bavail * fs.bsize < 64 * 1024
  } catch {
    return false
  }
}

function where(context: ErrorContext): string {
  return context.database ?? 'the database'
}

/**
 * SQLite's result codes a user can cause or fix, as one clear line and an exit code. The
 * extended code (`SQLITE_READONLY_DIRECTORY`) starts with the primary one.
 */
function fromSqlite(error: Failure, code: string, context: ErrorContext): ToilError | undefined {
  const db = where(context)
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0]
  switch (primary) {
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return databaseError(`the database is damaged (${oneLine(error.message)}); toil doctor checks it and toil restore puts back a backup`)
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new ToilError('busy', `${db} is busy: another toil command (an import or a restore, say) has held it for more than ${busyTimeoutMs() / 1000} s; try again when it has finished`, EXIT.busy)
    case 'SQLITE_FULL':
      return new ToilError('no-space', `no space left to write ${db}; free some space on its disk and try again (nothing was changed)`, EXIT.system)
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN': {
      const folder = context.database === undefined ? undefined : folderProblem(context.database)
      if (folder === 'EROFS') {
        return new ToilError('read-only', `${db} cannot be written: its file system is read-only (mounted read-only); SQLite keeps its -wal and -shm files beside the database even to read it (nothing was changed)`, EXIT.system)
      }
      if (primary === 'SQLITE_CANTOPEN') {
        return new ToilError('permission-denied', `${db} cannot be opened: its folder is missing or not accessible, or the file cannot be read; check the path and its permissions`, EXIT.system)
      }
      if (/^SQLITE_READONLY_(DIRECTORY|CANTINIT|CANTLOCK)$/.test(code)) {
        return new ToilError('read-only', `${db} cannot be used: its folder is not writable, and SQLite keeps its -wal and -shm files beside the database even to read it; make the folder writable (nothing was changed)`, EXIT.system)
      }
      return new ToilError('read-only', `${db} cannot be written: the file or its file system is read-only; check its permissions (nothing was changed)`, EXIT.system)
    }
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return new ToilError('permission-denied', `${db}: permission denied; check the permissions of the file and its folder`, EXIT.system)
    case 'SQLITE_IOERR':
      // SQLite reports a full disk as an I/O error when it is growing its -shm or -wal file.
      if (context.database !== undefined && diskFull(context.database)) return fromSqlite(error, 'SQLITE_FULL', context)
      return new ToilError('io-error', `the disk failed while toil used ${db} (${code}); check the disk and its free space, then try again`, EXIT.system)
    case 'SQLITE_ERROR':
      // toil's own SQL names only tables and columns its schema has: one that is missing was removed by someone else.
      if (/^no such (table|column)/.test(error.message)) {
        return databaseError(`${db} lacks part of toil's schema (${oneLine(error.message)}): another program changed it or it is damaged; toil doctor checks it and toil restore puts back a backup`)
      }
      return undefined
    default:
      return undefined
  }
}

/**
 * Turns any failure a user can cause or fix into a ToilError with its exit code: SQLite's
 * codes, and the operating system's (full disk, read-only, permissions, missing folder).
 * Anything else is left as it is: a bug, reported as an internal error.
 */
export function classifyError(error: Failure, context: ErrorContext = {}): Error {
  if (error instanceof ToilError) return error
  const parse = fromParser(error)
  if (parse) return parse
  const code = typeof error.code === 'string' ? error.code : ''
  if (code.startsWith('SQLITE_')) return fromSqlite(error, code, context) ?? error
  // PostgreSQL: the server went away or shut down mid-command (SQLSTATE classes 08 and 57P).
  if (/^(08|57P)/.test(code) || code === 'ECONNRESET' || /^Connection terminated/.test(error.message)) {
    return databaseError(`the connection to PostgreSQL was lost (${oneLine(error.message)}); nothing of the interrupted change was kept`)
  }
  // PostgreSQL's lock_timeout (set from $TOIL_BUSY_TIMEOUT): someone held a lock toil waited for.
  if (code === '55P03') {
    return new ToilError('busy', `${where(context)} is busy: another session (a toil import, or anyone's open transaction or LOCK TABLE) has held a lock toil needs for more than ${busyTimeoutMs() / 1000} s; try again when it has finished ($TOIL_BUSY_TIMEOUT sets the wait)`, EXIT.busy)
  }
  // PostgreSQL refused the role (SPEC §9.1): a privilege, or a row-level security policy.
  if (code === '42501') {
    const rls = /new row violates row-level security policy for table "(\w+)"/.exec(error.message)
    if (rls) return notPermitted(`your toil role may not write that row of ${rls[1]} (an engineer logs and changes only their own entries; leads change tasks and team settings)`)
    return notPermitted(oneLine(error.message))
  }
  const known = SYSTEM_ERRORS[code]
  if (known) {
    const path = typeof error.path === 'string' ? error.path : where(context)
    return new ToilError(known[0], `${path}: ${known[1]}`, known[0] === 'invalid-input' ? EXIT.input : EXIT.system)
  }
  return error
}

/** How any failure reaches the user: one line on stderr, or JSON on stdout with --json; sets the exit code. */
export function reportError(thrown: Failure, json: boolean, context: ErrorContext = {}): void {
  const error: Failure = classifyError(thrown, context)
  const known = error instanceof ToilError
  const exit = known ? error.exit : error.oclif?.exit ?? EXIT.internal
  const code = known ? error.code : exit === EXIT.input ? 'invalid-input' : 'internal'
  const message = known || exit === EXIT.input ? oneLine(error.message) : `internal error: ${oneLine(error.message)}`
  process.exitCode = exit
  if (json) process.stdout.write(`${JSON.stringify({error: {code, message}}, null, 2)}\n`)
  else process.stderr.write(`toil: ${message}\n`)
  if (process.env.DEBUG?.split(',').includes('toil') && thrown.stack) process.stderr.write(`${thrown.stack}\n`)
}

/** Arguments a command needs and was not given, named with what each is. */
export function missingArguments(args: readonly {name: string; description?: string}[]): ToilError {
  const what = args.map((arg) => `${arg.name.toUpperCase()}${arg.description ? ` (${arg.description.replace(/\.$/, '')})` : ''}`)
  return new ToilError('invalid-input', `missing ${args.length === 1 ? 'argument' : 'arguments'} ${what.join(' and ')}; --help shows examples`)
}

/**
 * oclif's parse errors in toil's words: what was wrong and what is accepted, one line, without
 * oclif's notes (a missing argument is not about --tag taking several values).
 */
function fromParser(error: Failure): ToilError | undefined {
  const text = error.message.replace(/\s*See more help with --help\s*$/, '').trim()
  const args = (error as {args?: {name: string; description?: string}[]}).args
  if (/^Missing \d+ required args?/.test(text) && Array.isArray(args)) return missingArguments(args)
  let match = /^Parsing --([\w-]+)\s+Expected an integer but received: ([\s\S]*)$/.exec(text)
  if (match) return inputError(match[1]!, match[2]!, `must be a whole number${match[1] === 'times' ? ` from 1 to ${MAX_TIMES}` : ''}`)
  match = /^Expected --([\w-]+)=([\s\S]*) to be one of: (.*)$/.exec(text)
  if (match) return inputError(match[1]!, match[2]!, `is not accepted; use one of ${match[3]}`)
  match = /^Nonexistent flags?: (.*)$/.exec(text)
  if (match) return new ToilError('invalid-input', `unknown flag ${match[1]}; --help lists the flags`)
  match = /^Unexpected arguments?: (.*)$/.exec(text)
  if (match) return new ToilError('invalid-input', `unexpected argument ${match[1]}; a name with spaces needs quotes ("restart payments worker")`)
  return undefined
}

/** oclif's parse errors span lines; a user gets one. */
function oneLine(message: string): string {
  const lines = message.split('\n').map((line) => line.trim().replaceAll(/\s+/g, ' '))
  return lines.filter((line) => line !== '' && !line.startsWith('See more help')).join(' ') || 'unknown error'
}
