import Database from 'better-sqlite3'
import {createHash} from 'node:crypto'
import {copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {defaultTask} from '../../src/store/rows.js'
import {MIGRATIONS} from '../../src/store/schema.js'
import {openSqliteStore} from '../../src/store/sqlite/open.js'

// The v1 fixture opened by this toil, and by a toil whose schema has one more version than this one.
const V1 = resolve(import.meta.dirname, '../fixtures/v1.sqlite')
const NEXT = [...MIGRATIONS, `ALTER TABLE teams ADD COLUMN color TEXT NOT NULL DEFAULT 'none'`]

let dir: string
let db: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'toil-migrate-'))
  db = join(dir, 'toil.db')
  copyFileSync(V1, db)
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const inspect = (file: string) => {
  const conn = new Database(file, {readonly: true})
  try {
    const columns = (conn.prepare(`SELECT name FROM pragma_table_info('teams')`).all() as {name: string}[]).map((c) => c.name)
    const entryColumns = (conn.prepare(`SELECT name FROM pragma_table_info('entries')`).all() as {name: string}[]).map((c) => c.name)
    const entries = (conn.prepare('SELECT count(*) AS n FROM entries').get() as {n: number}).n
    return {version: conn.pragma('user_version', {simple: true}) as number, columns, entryColumns, entries}
  } finally {
    conn.close()
  }
}
const backups = () => readdirSync(join(dir, 'backups'))
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('schema upgrades', () => {
  it('v1 to the current schema: who logged each entry is recorded from now on (v2), teams gain a toil budget (v3), entries a source key (v4), tasks a name key (v5) filled for every task; the entries of v1 have no logger, after a backup of the v1 file', async () => {
    const before = inspect(db)
    expect(before.version).toBe(1)
    expect(MIGRATIONS).toHaveLength(5)
    const store = openSqliteStore(db)
    expect(await store.undoLast('alice')).toBeUndefined()
    await store.addEntry({task: 'new work', team: 'sre', engineer: 'bob', day: '2026-01-05', minutes: 5, count: 1, tags: [], note: '', loggedBy: 'alice'}, defaultTask('sre', 'new work'))
    expect(await store.lastTeamLoggedBy('alice')).toBe('sre')
    expect((await store.undoLast('alice'))?.task).toBe('new work')
    expect((await store.doctor()).integrity).toEqual(['ok'])
    await store.close()
    const names = new Database(db, {readonly: true})
    const keys = names.prepare(`SELECT name, name_key FROM tasks`).all() as {name: string; name_key: string}[]
    names.close()
    expect(keys.length).toBeGreaterThan(1)
    for (const {name, name_key} of keys) expect(name_key).toBe(name.toLowerCase())
    expect(inspect(db)).toEqual({...before, version: 5, columns: [...before.columns, 'toil_budget'], entryColumns: [...before.entryColumns, 'logged_by', 'source_key']})
    expect(backups()).toEqual([expect.stringMatching(/^toil\.db\.\d{8}T\d{9}Z\.\d+\.migrate-v1\.bak$/)])
    expect(inspect(join(dir, 'backups', backups()[0]!))).toEqual(before)
  })

  it('v4: a source key is unique where set; the entries of v1 have none and are found by none', async () => {
    const store = openSqliteStore(db)
    const entry = {task: 'pages', team: 'sre', engineer: 'bob', day: '2024-03-04', minutes: 30, count: 1, tags: ['oncall'], note: ''}
    await store.addEntry({...entry, sourceKey: 'pagerduty:Q1AAA'}, defaultTask('sre', 'pages'))
    expect((await store.entriesBySourceKey(['pagerduty:Q1AAA', 'pagerduty:NONE'])).map((e) => [e.sourceKey, e.minutes])).toEqual([['pagerduty:Q1AAA', 30]])
    await expect(store.addEntry({...entry, sourceKey: 'pagerduty:Q1AAA'})).rejects.toThrow(/UNIQUE constraint failed: entries.source_key/)
    const v1 = await store.listEntries({task: undefined, limit: 1000})
    expect(v1.filter((e) => e.sourceKey === undefined).length).toBe(v1.length - 1)
    expect(Object.keys(v1.find((e) => e.sourceKey === undefined)!)).not.toContain('sourceKey')
    await store.close()
  })

  it('keep a backup of the database as it was, then migrate it', async () => {
    const before = inspect(db)
    const store = openSqliteStore(db, {migrations: NEXT})
    expect((await store.doctor()).integrity).toEqual(['ok'])
    await store.close()
    expect(inspect(db)).toEqual({...before, version: NEXT.length, columns: [...before.columns, 'toil_budget', 'color'], entryColumns: [...before.entryColumns, 'logged_by', 'source_key']})
    expect(backups()).toHaveLength(1)
    expect(backups()[0]).toMatch(/^toil\.db\..+\.migrate-v1\.bak$/)
    expect(inspect(join(dir, 'backups', backups()[0]!))).toEqual(before)
  })

  it('that fail leave the database as it was (one transaction), its backup beside it, and exit 3', () => {
    const before = inspect(db)
    const failing = [...MIGRATIONS, `ALTER TABLE teams ADD COLUMN color TEXT; ALTER TABLE no_such_table ADD COLUMN x TEXT`]
    let thrown: unknown
    try {
      openSqliteStore(db, {migrations: failing})
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ToilError)
    expect((thrown as ToilError).exit).toBe(3)
    expect((thrown as ToilError).message).toMatch(/is not a usable toil database: no such table: no_such_table/)
    expect(inspect(db)).toEqual(before)
    expect(backups()).toHaveLength(1)
  })

  it('happen on a read-only open too: the first command after an upgrade may be a read', async () => {
    const store = openSqliteStore(db, {readonly: true, migrations: NEXT})
    expect((await store.listEntries({limit: 1})).length).toBe(1)
    await store.close()
    expect(inspect(db).version).toBe(NEXT.length)
    expect(backups()).toHaveLength(1)
  })

  it('do not touch a backup inspected before a restore', async () => {
    const before = sha(db)
    const store = openSqliteStore(db, {readonly: true, keepSchema: true, migrations: NEXT})
    expect((await store.doctor()).schemaVersion).toBe(1)
    await store.close()
    expect(sha(db)).toBe(before)
    // No backup was needed: nothing was written. (SQLite's -wal and -shm of a reader may remain.)
    expect(readdirSync(dir).filter((f) => !/-(wal|shm)$/.test(f))).toEqual(['toil.db'])
  })

  it('a newer database than the code knows is refused with exit 3 and left alone', () => {
    const before = sha(db)
    expect(() => openSqliteStore(db, {migrations: []})).toThrow(/was written by a newer toil \(schema 1; this one knows 0\)/)
    expect(sha(db)).toBe(before)
  })
})
