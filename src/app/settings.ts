import {userInfo} from 'node:os'

import {type ConfigKey, type Source, readConfig, setting, writeConfig} from '../config.js'
import {inputError} from '../domain/errors.js'
import {parseName} from '../domain/inputs.js'
import {defaultDbPath} from '../store/file.js'
import {isPostgresUrl, parsePgUrl, redactUrl} from '../store/url.js'

export interface Effective {
  key: ConfigKey
  /** What toil uses (a URL's password redacted); null where the default is decided per command. */
  value: string | null
  source: Source
}

/** What each built-in default is, as `config list` shows it. */
function builtIn(key: ConfigKey): string | null {
  if (key === 'db') return defaultDbPath()
  if (key === 'engineer') return userInfo().username
  // The team: the one you logged for last, else "default", decided when a command runs.
  return null
}

/** A key's value as commands see it (no flag here: config shows what they default to). */
export function effective(key: ConfigKey): Effective {
  const found = setting(key, undefined)
  const value = found?.value ?? builtIn(key)
  return {key, value: value === null ? null : key === 'db' ? redactUrl(value) : value, source: found?.source ?? 'default'}
}

/** Checks a value as the flag it stands for would be checked. */
function checkValue(key: ConfigKey, value: string): string {
  if (key === 'db') {
    if (value.trim() === '') throw inputError('db', value, 'is empty; give a file path or a postgres:// URL')
    // A URL libpq would not read (or toil could not follow) is refused before it is stored.
    if (isPostgresUrl(value.trim())) parsePgUrl(value.trim())
    return value.trim()
  }
  return parseName(value, key)
}

export function setSetting(key: ConfigKey, value: string): string {
  return writeConfig({...readConfig(), [key]: checkValue(key, value)})
}

/** Removes a key; true when the file had it. */
export function unsetSetting(key: ConfigKey): {path: string; removed: boolean} {
  const {[key]: was, ...rest} = readConfig()
  return {path: writeConfig(rest), removed: was !== undefined}
}
