/** Exit codes of SPEC §6. */
export const EXIT = {internal: 1, input: 2, database: 3} as const

export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'bad-database'
  | 'newer-database'
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

/** Bad user input: one line naming the field, the value and what is accepted. */
export function inputError(field: string, value: string, accepted: string): ToilError {
  return new ToilError('invalid-input', `${field}: ${JSON.stringify(value)} ${accepted}`)
}

export function databaseError(message: string, code: ErrorCode = 'bad-database'): ToilError {
  return new ToilError(code, message, EXIT.database)
}
