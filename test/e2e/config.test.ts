/**
 * The config file: set, get, unset and list, and flag > environment > file > default,
 * on the fast `toil log` path and on the other commands alike.
 */
import Database from 'better-sqlite3'
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {tempDb, toil, toilJson} from './cli.js'

let t: ReturnType<typeof tempDb>
let env: Record<string, string | undefined>
const file = () => join(t.dir, 'config', 'toil', 'config.json')
beforeEach(() => {
  t = tempDb()
  env = {XDG_CONFIG_HOME: join(t.dir, 'config'), XDG_DATA_HOME: join(t.dir, 'data'), TOIL_USER: undefined}
})
afterEach(() => t.cleanup())

const stored = (db: string) => {
  const d = new Database(db, {readonly: true})
  try {
    return d.prepare('SELECT tm.name AS team, e.engineer FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id ORDER BY e.seq').all()
  } finally {
    d.close()
  }
}

describe('toil config', () => {
  it('sets, gets, lists and unsets, in a file only its owner can read, a password never shown', async () => {
    expect((await toil(['config', 'set', 'team', 'payments'], {env})).stdout).toBe(`team = payments (in ${file()})\n`)
    const set = await toil(['config', 'set', 'db', 'postgres://toil:s3cret@db.internal/toil'], {env})
    expect(set.stdout).toBe(`db = postgres://toil:***@db.internal/toil (in ${file()})\n`)
    expect(statSync(file()).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({team: 'payments', db: 'postgres://toil:s3cret@db.internal/toil'})
    expect((await toil(['config', 'get', 'team'], {env})).stdout).toBe('payments\n')
    expect((await toil(['config', 'get', 'db'], {env})).stdout).toBe('postgres://toil:***@db.internal/toil\n')

    const list = await toilJson(t.db, ['config'], {env: {...env, TOIL_USER: 'bob'}})
    expect(list.json.settings).toEqual([
      {key: 'db', value: 'postgres://toil:***@db.internal/toil', source: 'config'},
      {key: 'team', value: 'payments', source: 'config'},
      {key: 'engineer', value: 'bob', source: 'env'},
    ])
    const text = await toil(['config'], {env})
    expect(text.stdout).not.toContain('s3cret')
    expect(text.stdout).toMatch(/^team +payments +config file$/m)

    expect((await toil(['config', 'unset', 'db'], {env})).stdout).toBe(`db removed from ${file()}\n`)
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({team: 'payments'})
    expect((await toil(['config', 'get', 'db'], {env})).stdout).toBe(`${join(t.dir, 'data', 'toil', 'toil.db')}\n`)
  })

  it.each([
    [['config', 'set', 'colour', 'red'], 'key: "colour" is not a setting; use one of db, team, engineer'],
    [['config', 'get', 'colour'], 'key: "colour" is not a setting; use one of db, team, engineer'],
    [['config', 'set', 'team', '  '], 'is empty; give a name'],
  ])('refuses %j with exit 2, writing nothing', async (args, message) => {
    const result = await toil(args, {env})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(() => statSync(file())).toThrow()
  })
})

describe('flag, then environment, then config file, then default', () => {
  it('on toil log: the team and the engineer', async () => {
    await toil(['config', 'set', 'team', 'payments'], {env})
    await toil(['config', 'set', 'engineer', 'alice'], {env})
    expect((await toil(['log', 'restart worker', '5m', '--db', t.db], {env})).code).toBe(0)
    expect((await toil(['log', 'restart worker', '5m', '--db', t.db], {env: {...env, TOIL_TEAM: 'search', TOIL_USER: 'bob'}})).code).toBe(0)
    expect((await toil(['log', 'restart worker', '5m', '--team', 'web', '--engineer', 'carol', '--db', t.db], {env: {...env, TOIL_TEAM: 'search'}})).code).toBe(0)
    expect(stored(t.db)).toEqual([{team: 'payments', engineer: 'alice'}, {team: 'search', engineer: 'bob'}, {team: 'web', engineer: 'carol'}])
  })

  it('the database: toil log and toil entries find it in the config file, $TOIL_DB and --db win', async () => {
    const other = join(t.dir, 'other.db')
    await toil(['config', 'set', 'db', t.db], {env})
    expect((await toil(['log', 'restart worker', '5m'], {env})).code).toBe(0)
    expect((await toil(['entries'], {env})).stdout).toContain('restart worker')
    expect((await toil(['log', 'rotate certs', '5m'], {env: {...env, TOIL_DB: other}})).code).toBe(0)
    expect((await toil(['entries', '--db', other], {env})).stdout).toContain('rotate certs')
    expect((await toil(['entries'], {env})).stdout).not.toContain('rotate certs')
  })

  it('a broken config file is an error naming it, never ignored, and nothing is written', async () => {
    mkdirSync(join(t.dir, 'config', 'toil'), {recursive: true})
    writeFileSync(file(), '{"team": "payments",')
    const log = await toil(['log', 'restart worker', '5m', '--db', t.db], {env})
    expect(log.code).toBe(2)
    expect(log.stderr).toMatch(new RegExp(`^toil: config: ${file().replaceAll('.', '\\.')} is not valid JSON \\(.*\\); fix it, or remove it and use toil config set\\n$`))
    expect(() => statSync(t.db)).toThrow()
    writeFileSync(file(), '{"colour": "red"}')
    const entries = await toil(['entries'], {env})
    expect(entries.code).toBe(2)
    expect(entries.stderr).toContain('has an unknown setting "colour" (known: db, team, engineer)')
  })
})
