/** What a week of everyday use trips on (docs/usage.md): each case as a user meets it. */
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {tempDb, toil} from './cli.js'

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

describe('--db', () => {
  it('empty (an unset variable in a script) is refused in one line, exit 2, and no default database is touched', async () => {
    const data = join(t.dir, 'data')
    for (const args of [['log', 'restart worker', '15m'], ['entries'], ['report']]) {
      const result = await toil([...args, '--db', ''], {env: {XDG_DATA_HOME: data}})
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toBe('toil: db: "" is empty; give an SQLite file or a postgres:// URL, or leave --db out for the default database\n')
    }
    expect(existsSync(data)).toBe(false)
    expect(readdirSync(t.dir)).toEqual([])
  })
})

describe('a new database', () => {
  it('is said on stderr when created, by toil log and by any other writing command, once', async () => {
    const first = await toil(['log', 'restart worker', '15m', '--db', t.db])
    expect(first.code).toBe(0)
    expect(first.stderr).toBe(`New toil database at ${t.db}\n`)
    const again = await toil(['log', 'restart worker', '15m', '--db', t.db])
    expect(again.stderr).toBe('')
    const other = join(t.dir, 'other.db')
    const team = await toil(['team', 'set', 'payments', '--members', '4', '--hours-per-week', '40', '--db', other])
    expect(team.code).toBe(0)
    expect(team.stderr).toContain(`New toil database at ${other}\n`)
  })

  it('in a folder that does not exist is refused when the path was typed (exit 2, nothing made); only the default database gets its folder made', async () => {
    const typo = join(t.dir, 'dtaa', 'toil.db')
    const refused = await toil(['log', 'restart worker', '15m', '--db', typo])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(`toil: db: "${typo}" is in a folder that does not exist (${join(t.dir, 'dtaa')}); create the folder first, or check the path\n`)
    const viaEnv = await toil(['log', 'restart worker', '15m'], {env: {TOIL_DB: typo}})
    expect(viaEnv.code).toBe(2)
    expect(existsSync(join(t.dir, 'dtaa'))).toBe(false)
    const data = join(t.dir, 'data')
    const byDefault = await toil(['log', 'restart worker', '15m'], {env: {XDG_DATA_HOME: data}})
    expect(byDefault.code).toBe(0)
    expect(existsSync(join(data, 'toil', 'toil.db'))).toBe(true)
    expect(byDefault.stderr).toBe(`New toil database at ${join(data, 'toil', 'toil.db')}\n`)
  })
})
