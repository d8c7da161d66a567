/**
 * `toil log` without loading oclif: the command engineers run at 3 a.m. must
 * start near the bare Node floor. Anything this parser does not fully
 * understand (help, a malformed flag) returns false and goes to oclif, so
 * error messages and help stay the oclif command's.
 */
import {parseArgs} from 'node:util'

import {reportError} from '../app/errors.js'
import {announceNewDatabase} from '../app/notices.js'
import {logEntry, validateLog} from '../app/log-entry.js'
import {databaseLabel, openDatabase} from '../app/database.js'
import type {Store} from '../store/store.js'

/** The flags of src/commands/log.ts plus the global ones. */
export const FAST_LOG_OPTIONS = {
  times: {type: 'string', short: 'n'},
  day: {type: 'string', short: 'd'},
  engineer: {type: 'string', short: 'e'},
  team: {type: 'string', short: 't'},
  tag: {type: 'string', multiple: true},
  note: {type: 'string'},
  category: {type: 'string', short: 'c'},
  new: {type: 'boolean'},
  db: {type: 'string'},
  json: {type: 'boolean'},
} as const

export async function fastLog(argv: string[]): Promise<boolean> {
  let parsed
  try {
    parsed = parseArgs({args: argv, options: FAST_LOG_OPTIONS, allowPositionals: true, strict: true})
  } catch {
    return false
  }
  const {values, positionals} = parsed
  if (positionals.length !== 2 || (values.times !== undefined && !/^\d+$/.test(values.times))) return false
  const json = values.json === true
  let store: Store | undefined
  try {
    const input = {
      task: positionals[0]!,
      duration: positionals[1]!,
      times: values.times === undefined ? 1 : Number(values.times),
      day: values.day ?? 'today',
      engineer: values.engineer,
      team: values.team,
      tags: values.tag ?? [],
      note: values.note ?? '',
      category: values.category,
      createNew: values.new === true,
    }
    const valid = validateLog(input)
    store = await openDatabase(values.db, {onCreate: announceNewDatabase})
    const {result, message} = await logEntry(store, input, valid)
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${message}\n`)
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`)
  } catch (error) {
    reportError(error as Error, json, {database: store?.path ?? databaseLabel(values.db)})
  } finally {
    await store?.close()
  }
  return true
}
