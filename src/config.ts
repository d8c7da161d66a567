/**
 * The config file, `$XDG_CONFIG_HOME/toil/config.json`: the defaults an engineer would
 * otherwise retype (a team's database URL, their team, their name). A flag beats an
 * environment variable, which beats the file, which beats the built-in default. Read with one
 * small synchronous read, so the `toil log` fast path can afford it.
 */
import {chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'

import {ToilError} from './domain/errors.js'

export const CONFIG_KEYS = ['db', 'team', 'engineer'] as const
export type ConfigKey = (typeof CONFIG_KEYS)[number]
export type Config = Partial<Record<ConfigKey, string>>

/** The environment variable each key stands behind. */
export const CONFIG_ENV: Record<ConfigKey, string> = {db: 'TOIL_DB', team: 'TOIL_TEAM', engineer: 'TOIL_USER'}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'toil', 'config.json')
}

export function parseConfigKey(key: string): ConfigKey {
  const known = CONFIG_KEYS.find((k) => k === key)
  if (!known) throw new ToilError('invalid-input', `key: ${JSON.stringify(key)} is not a setting; use one of ${CONFIG_KEYS.join(', ')}`)
  return known
}

/** The file's settings; none when there is no file. A file toil cannot read as its config is an error, never ignored. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const path = configPath(env)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  const bad = (why: string) => new ToilError('invalid-input', `config: ${path} ${why}; fix it, or remove it and use toil config set`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw bad(`is not valid JSON (${(error as Error).message})`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('is not a JSON object')
  const config: Config = {}
  for (const [key, value] of Object.entries(json)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw bad(`has an unknown setting ${JSON.stringify(key)} (known: ${CONFIG_KEYS.join(', ')})`)
    if (typeof value !== 'string' || value.trim() === '') throw bad(`has a ${key} that is not a non-empty string`)
    config[key as ConfigKey] = value
  }
  return config
}

/** Writes the settings whole: a temporary file renamed into place, readable by its owner only (a URL may hold a password). */
export function writeConfig(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  const path = configPath(env)
  mkdirSync(dirname(path), {recursive: true, mode: 0o700})
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, {mode: 0o600})
  chmodSync(temporary, 0o600)
  renameSync(temporary, path)
  return path
}

export type Source = 'flag' | 'env' | 'config' | 'default'

/** A setting's value and where it came from: the flag, else its environment variable, else the file. */
export function setting(key: ConfigKey, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): {value: string; source: Source} | undefined {
  if (flag !== undefined && flag !== '') return {value: flag, source: 'flag'}
  const fromEnv = env[CONFIG_ENV[key]]
  if (fromEnv !== undefined && fromEnv !== '') return {value: fromEnv, source: 'env'}
  const fromFile = readConfig(env)[key]
  return fromFile === undefined ? undefined : {value: fromFile, source: 'config'}
}
