/** Which database a command means: decided here, from the flag, the environment and the config file. */
import {setting} from '../config.js'
import {inputError} from '../domain/errors.js'
import {defaultDbPath} from '../store/file.js'
import type {Store} from '../store/store.js'
import {redactUrl} from '../store/url.js'

/** `--db`, else `$TOIL_DB`, else the config file's `db`, else `$XDG_DATA_HOME/toil/toil.db`. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolveDb(flag, env).path
}

/** The database, and whether someone named it (flag, variable, config file) rather than it being the default. */
export function resolveDb(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): {path: string; named: boolean} {
  // `--db ""` (an unset variable in a script) names no database: never silently the default one.
  if (flag !== undefined && flag.trim() === '') throw inputError('db', flag, 'is empty; give an SQLite file or a postgres:// URL, or leave --db out for the default database')
  const named = setting('db', flag, env)?.value
  return named === undefined ? {path: defaultDbPath(env), named: false} : {path: named, named: true}
}

/**
 * The database an error message names: as resolveDbPath, a URL's passwords redacted, but never
 * failing itself (a broken config file is the error being reported).
 */
export function databaseLabel(flag: string | undefined): string | undefined {
  try {
    return redactUrl(resolveDbPath(flag))
  } catch {
    return flag === undefined ? undefined : redactUrl(flag)
  }
}


/** Opens the database `flag` means (see openStore): a database someone named must sit in an existing folder. */
export async function openDatabase(flag: string | undefined, options: {readonly?: boolean; onCreate?: (path: string) => void} = {}): Promise<Store> {
  const {openStore} = await import('../store/open.js')
  return openStore(resolveDb(flag), options)
}
