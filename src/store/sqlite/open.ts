/** Opening an SQLite file as a toil database: refusals of other files, creation, migrations. */
import Database from 'better-sqlite3'
import {existsSync, linkSync, mkdirSync, rmSync} from 'node:fs'
import {dirname} from 'node:path'

import {partialPath} from '../atomic.js'
import {DamagedDatabaseError, ToilError, databaseError, inputError, noDatabaseError} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import {type FileIds, busyTimeoutMs, checkDatabaseFile, headerIds} from '../file.js'
import {APPLICATION_ID, MIGRATIONS} from '../schema.js'
import {rotate, snapshot, tidyAfterRead} from './maintenance.js'
import {SqliteStore} from './store.js'

/** The driver, imported in this one place: the log fast path's bundle then imports it once. */
export {Database}

/** SQLite's word that a file is damaged, on opening it or on reading a page later. */
export const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)/
/** Failures of the file or its schema (exit 3); busy, full, read-only and I/O errors go to the central mapping instead. */
const DATABASE_FAULT = /^SQLITE_(CORRUPT|NOTADB|ERROR|SCHEMA|MISMATCH|CONSTRAINT|FORMAT|RANGE)/
export const sqliteCode = (error: unknown): string => {
  const code = (error as {code?: unknown}).code
  return typeof code === 'string' ? code : ''
}

const otherProgram = (path: string) => databaseError(`${path} is an SQLite database of another program, not a toil database`)

/** Refuses another program's database, tables that no toil schema version vouches for, and a newer toil's database. */
function refuse(path: string, {applicationId, userVersion, schemaEmpty}: FileIds, known: number): void {
  // An empty SQLite file is toil's to fill; existing tables must carry toil's id and a schema version.
  const foreign = applicationId === APPLICATION_ID ? userVersion === 0 && !schemaEmpty : userVersion !== 0 || !schemaEmpty
  if (foreign) throw otherProgram(path)
  if (userVersion > known) {
    throw databaseError(`${path} was written by a newer toil (schema ${userVersion}; this one knows ${known}); upgrade toil`, 'newer-database')
  }
}

export interface OpenOptions {
  /** Opens without writing; a schema older than this code's is still upgraded first, after a backup. */
  readonly?: boolean
  /** Refuses a missing file instead of creating it (exit 3): commands that only read. */
  mustExist?: boolean
  /** Leaves an older schema as it is: for a backup that is inspected before it is restored. */
  keepSchema?: boolean
  /** The name messages give the file: the original, when `path` is a copy of it toil checks. */
  label?: string
  /** The schema's migrations, this version's by default; tests pass a longer list to exercise an upgrade. */
  migrations?: readonly string[]
  /** Whether a missing folder may be created (the default database's); a path someone typed must name an existing folder. */
  createFolder?: boolean
  /** Told the path when this call created the database (the caller says so to the user). */
  onCreate?: (path: string) => void
}

/** Opens (creating or migrating) a toil database; refuses anything else with exit 3. */
export function openSqliteStore(path: string, options: OpenOptions = {}): SqliteStore {
  const migrations = options.migrations ?? MIGRATIONS
  let state = checkDatabaseFile(path)
  if (state === 'missing') {
    if (options.readonly || options.mustExist) throw noDatabaseError(path)
    if (createDatabase(path, migrations, options.createFolder ?? true)) options.onCreate?.(path)
    state = checkDatabaseFile(path)
  }
  const name = options.label ?? path
  const header = state === 'sqlite' ? headerIds(path) : undefined
  if (header) refuse(name, header, migrations.length)
  // A read-only connection leaves -wal and -shm beside a WAL-mode file; where there were none, they go again on close.
  const tidy = Boolean(options.readonly) && state === 'sqlite' && !existsSync(`${path}-wal`) && !existsSync(`${path}-shm`)
  let db: Database.Database
  try {
    db = new Database(path, {fileMustExist: state === 'sqlite', readonly: Boolean(options.readonly) && state === 'sqlite'})
  } catch (error) {
    throw openFailure(name, 'cannot be opened as a toil database', error)
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs()}`)
    const version = db.pragma('user_version', {simple: true}) as number
    if (state === 'sqlite') {
      refuse(name, {
        applicationId: db.pragma('application_id', {simple: true}) as number,
        userVersion: version,
        schemaEmpty: (db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as {n: number}).n === 0,
      }, migrations.length)
    }
    const upgrade = version < migrations.length && !options.keepSchema
    if (upgrade && db.readonly) {
      // The first command after an upgrade may be a read: it migrates the file all the same.
      db.close()
      return openSqliteStore(path, {...options, readonly: false})
    }
    const store = new SqliteStore(db, path)
    store.tidyOnClose = tidy
    if (!db.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    if (upgrade) migrate(store, version, state === 'sqlite' && version > 0, migrations)
    return store
  } catch (error) {
    db.close()
    if (tidy) tidyAfterRead(path)
    if (error instanceof ToilError) throw error
    throw openFailure(name, 'is not a usable toil database', error)
  }
}

/**
 * A failure while opening: a damaged file is a DamagedDatabaseError (restore may replace it),
 * another fault of the file or its schema a database error; busy, full, read-only and I/O
 * errors go on unchanged to the central error mapping, which says what the user can do.
 */
function openFailure(path: string, what: string, error: unknown): unknown {
  const code = sqliteCode(error)
  const message = `${path} ${what}: ${(error as Error).message}`
  if (DAMAGED.test(code)) return new DamagedDatabaseError(`${path} is damaged (${(error as Error).message}); toil doctor checks it and toil restore puts back a backup`)
  if (DATABASE_FAULT.test(code) || code === '') return databaseError(message)
  return error
}

/**
 * Creates a new database beside `path` and links it into place, so another process
 * never sees an empty or half-built file; when two race, the first link wins (and is told true).
 */
function createDatabase(path: string, migrations: readonly string[], createFolder: boolean): boolean {
  const folder = dirname(path)
  if (!createFolder && !existsSync(folder)) throw inputError('db', path, `is in a folder that does not exist (${folder}); create the folder first, or check the path`)
  mkdirSync(folder, {recursive: true})
  const staging = partialPath(path)
  try {
    rmSync(staging, {force: true})
    const db = new Database(staging)
    try {
      db.pragma('journal_mode = WAL')
      migrate(new SqliteStore(db, staging), 0, false, migrations)
    } finally {
      db.close()
    }
    linkSync(staging, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return false
  } finally {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, {force: true})
  }
}

/**
 * Gives each task without a name key (those of a file older than schema v5) its nameKey, unless
 * another task of its team has that key already: such a pair is not merged here but left for
 * toil doctor to report and toil task merge to join.
 */
function fillNameKeys(s: SqliteStore): void {
  if (!s.db.prepare(`SELECT 1 FROM pragma_table_info('tasks') WHERE name = 'name_key'`).get()) return
  const rows = s.db.prepare(`SELECT id, team_id, name FROM tasks WHERE name_key IS NULL ORDER BY id`).all() as {id: number; team_id: number; name: string}[]
  const taken = s.db.prepare(`SELECT 1 FROM tasks WHERE team_id = ? AND name_key = ?`)
  const set = s.db.prepare(`UPDATE tasks SET name_key = ? WHERE id = ?`)
  for (const row of rows) {
    const key = nameKey(row.name)
    if (!taken.get(row.team_id, key)) set.run(key, row.id)
  }
}

/**
 * Runs the migrations after `from` in one transaction; when the file held a schema, a backup
 * of it is written first inside that transaction (and kept should the migration fail).
 */
export function migrate(s: SqliteStore, from: number, backupFirst: boolean, migrations: readonly string[]): void {
  s.db.exec('BEGIN IMMEDIATE')
  let backup: string | undefined
  try {
    // Read again inside the write lock: another process may have migrated meanwhile.
    const version = s.db.pragma('user_version', {simple: true}) as number
    if (version < migrations.length) {
      if (backupFirst) backup = snapshot(s, `migrate-v${from}`)
      for (let v = version; v < migrations.length; v++) s.db.exec(migrations[v]!)
      fillNameKeys(s)
      s.db.pragma(`application_id = ${APPLICATION_ID}`)
      s.db.pragma(`user_version = ${migrations.length}`)
    }
    s.db.exec('COMMIT')
  } catch (error) {
    if (s.db.inTransaction) s.db.exec('ROLLBACK')
    throw error
  }
  if (backup !== undefined) rotate(s, backup)
}
