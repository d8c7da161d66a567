/**
 * Exit codes of SPEC §6, plus two for failures a user can fix or wait out
 * (docs/reliability.md lists them all).
 */
export const EXIT = {internal: 1, input: 2, database: 3, notPermitted: 4, busy: 5, system: 6, interrupted: 130} as const

export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'bad-database'
  | 'no-database'
  | 'newer-database'
  | 'no-database'
  | 'busy'
  | 'no-space'
  | 'read-only'
  | 'permission-denied'
  | 'missing-folder'
  | 'io-error'
  | 'interrupted'
  | 'not-permitted'
  | 'internal'

/** The only error type our code throws on purpose; anything else is a bug (exit 1). */
export class ToilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly exit: number = EXIT.input,
  ) {
    super(message)
    this.name = 'ToilError'
  }
}

/**
 * A value quoted for a one-line message: JSON escapes, plus the characters a
 * terminal may take for a line break, a control sequence or a change of text
 * direction; a long value is cut to its first 80 characters.
 */
export function quote(value: string): string {
  const chars = [...value]
  const shown = chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : value
  return JSON.stringify(shown).replaceAll(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Bad user input: one line naming the field, the value and what is accepted. */
export function inputError(field: string, value: string, accepted: string): ToilError {
  return new ToilError('invalid-input', `${field}: ${quote(value)} ${accepted}`)
}

export function databaseError(message: string, code: ErrorCode = 'bad-database'): ToilError {
  return new ToilError(code, message, EXIT.database)
}

/** What a command that only reads says where there is no toil database: it never creates one. */
export function noDatabaseError(where: string): ToilError {
  return databaseError(`no toil database at ${where}; check --db or $TOIL_DB (toil log, toil import or toil demo creates one)`, 'no-database')
}

/**
 * A toil database whose file is damaged (truncated, a malformed page or schema): refused
 * like any bad database, but `toil restore` may replace it, keeping it aside.
 */
export class DamagedDatabaseError extends ToilError {
  constructor(message: string) {
    super('bad-database', message, EXIT.database)
  }
}

/** A role's action the team database refuses (SPEC §9.1): exit 4, nothing changed. */
export function notPermitted(message: string): ToilError {
  return new ToilError('not-permitted', message.startsWith('not permitted') ? message : `not permitted: ${message}`, EXIT.notPermitted)
}
