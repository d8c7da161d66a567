import Database from 'better-sqlite3'
import {createHash} from 'node:crypto'
import {copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {openSqliteStore} from '../../src/store/sqlite.js'
import {MIGRATIONS} from '../../src/store/schema.js'

// The v1 fixture opened by a toil whose schema has one more version than this one.
const V1 = resolve(import.meta.dirname, '../fixtures/v1.sqlite')
const V2 = [...MIGRATIONS, `ALTER TABLE teams ADD COLUMN color TEXT NOT NULL DEFAULT 'none'`]

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
    const entries = (conn.prepare('SELECT count(*) AS n FROM entries').get() as {n: number}).n
    return {version: conn.pragma('user_version', {simple: true}) as number, columns, entries}
  } finally {
    conn.close()
  }
}
const backups = () => readdirSync(join(dir, 'backups'))
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** The fixture's schema version: the first one. */
const FIXTURE_VERSION = 1

describe('schema upgrades', () => {
  it('keep a backup of the database as it was, then migrate it', async () => {
    const before = inspect(db)
    expect(before.version).toBe(FIXTURE_VERSION)
    const store = openSqliteStore(db, {migrations: V2})
    expect((await store.doctor()).integrity).toEqual(['ok'])
    await store.close()
    expect(inspect(db)).toEqual({...before, version: V2.length, columns: [...before.columns, 'toil_budget', 'color']})
    expect(backups()).toHaveLength(1)
    expect(backups()[0]).toMatch(new RegExp(`^toil\\.db\\..+\\.migrate-v${FIXTURE_VERSION}\\.bak$`))
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
    const store = openSqliteStore(db, {readonly: true, migrations: V2})
    expect((await store.listEntries({limit: 1})).length).toBe(1)
    await store.close()
    expect(inspect(db).version).toBe(V2.length)
    expect(backups()).toHaveLength(1)
  })

  it('do not touch a backup inspected before a restore', async () => {
    const before = sha(db)
    const store = openSqliteStore(db, {readonly: true, keepSchema: true, migrations: V2})
    expect((await store.doctor()).schemaVersion).toBe(FIXTURE_VERSION)
    await store.close()
    expect(sha(db)).toBe(before)
    // No backup was needed: nothing was written. (SQLite's -wal and -shm of a reader may remain.)
    expect(readdirSync(dir).filter((f) => !/-(wal|shm)$/.test(f))).toEqual(['toil.db'])
  })

  it('a newer database than the code knows is refused with exit 3 and left alone', () => {
    const before = sha(db)
    expect(() => openSqliteStore(db, {migrations: MIGRATIONS.slice(0, FIXTURE_VERSION - 1)})).toThrow(/was written by a newer toil \(schema 1; this one knows 0\)/)
    expect(sha(db)).toBe(before)
  })
})
