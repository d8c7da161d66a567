/** Backups, restore and checks of an SQLite database: backups are SQLite files beside it, in backups/. */
import {closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {partialPath, processAlive, removeStrayPartials as removePartialsOf, replaceFileSync} from '../atomic.js'
import {DamagedDatabaseError, ToilError, databaseError} from '../../domain/errors.js'
import {busyTimeoutMs, checkDatabaseFile, notRegular} from '../file.js'
import {MIGRATIONS} from '../schema.js'
import type {DoctorReport} from '../store.js'
import {DAMAGED, Database, migrate, openSqliteStore, sqliteCode} from './open.js'
import {SqliteStore} from './store.js'

const KEEP_BACKUPS = 5

function backupDir(s: SqliteStore): string {
  return join(dirname(s.path), 'backups')
}

/** The backups folder, created beside the database when missing (not recursively: the error then names the real cause, EROFS or EACCES). */
function makeBackupDir(s: SqliteStore): string {
  const dir = backupDir(s)
  try {
    // Backups hold the whole history: the folder toil creates is its owner's only (an existing one is left as it is).
    mkdirSync(dir, {mode: 0o700})
    s.madeBackupDir = true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return dir
}

/**
 * Removes a backup a failed operation no longer needs, and the backups folder with it when this
 * command made it and it is empty: a refused command leaves the folder as it found it.
 */
export function discardBackup(s: SqliteStore, file: string | null): void {
  if (file !== null) rmSync(file, {force: true})
  if (!s.madeBackupDir) return
  try {
    rmdirSync(backupDir(s))
    s.madeBackupDir = false
  } catch {
    // Not empty: another command's backup is in it now.
  }
}

/** Complete backups of exactly this database: `<file name>.<UTC stamp>.<pid>.<reason>.bak`. */
function backupPattern(s: SqliteStore): RegExp {
  return new RegExp(`^${escapeRegExp(basename(s.path))}\\.\\d{8}T\\d{9}Z\\.(\\d+)\\.[a-z0-9-]+\\.bak$`)
}

/**
 * Writes a backup of the last committed state under a temporary name and renames it when
 * complete. A second connection reads it, so this one may hold the write lock meanwhile.
 */
export function snapshot(s: SqliteStore, reason: string): string {
  const dir = makeBackupDir(s)
  // Milliseconds in the stamp, so backups of the same second still sort oldest first for rotation.
  const stamp = new Date().toISOString().replaceAll(/[-:.]/g, '')
  const file = join(dir, `${basename(s.path)}.${stamp}.${process.pid}.${reason}.bak`)
  try {
    replaceFileSync(file, (temp) => {
      privateEmptyFile(temp)
      const reader = new Database(s.path, {readonly: true, fileMustExist: true})
      try {
        reader.pragma(`busy_timeout = ${busyTimeoutMs()}`)
        reader.exec(`VACUUM INTO '${temp.replaceAll("'", "''")}'`)
      } finally {
        reader.close()
      }
    }, 0o600)
  } catch (error) {
    discardBackup(s, null)
    throw error
  }
  return file
}

/** An empty file only its owner may read: VACUUM INTO fills an empty file and keeps its permissions (SQLite would create one 0644). */
function privateEmptyFile(path: string): void {
  closeSync(openSync(path, 'wx', 0o600))
}

/**
 * After a read-only connection to a WAL-mode file closed, removes the -wal and -shm files it left:
 * a read-only connection cannot, so a read-write one is opened and closed, and SQLite removes
 * them only when it is the last connection (a command still using the file keeps them).
 */
export function tidyAfterRead(path: string): void {
  if (!existsSync(`${path}-wal`) && !existsSync(`${path}-shm`)) return
  try {
    const db = new Database(path, {fileMustExist: true})
    try {
      db.pragma('schema_version')
    } finally {
      db.close()
    }
  } catch {
    // Left as SQLite left them: they are SQLite's, and harmless.
  }
}

/** Keeps the newest KEEP_BACKUPS complete backups of this database, `keep` (the one just written) always among them. */
export function rotate(s: SqliteStore, keep: string): void {
  const dir = backupDir(s)
  const pattern = backupPattern(s)
  const files = readdirSync(dir).filter((f) => pattern.test(f) && !existsSync(join(dir, `${f}-journal`))).sort()
  const excess = files.length - KEEP_BACKUPS
  if (excess <= 0) return
  for (const old of files.filter((f) => join(dir, f) !== keep).slice(0, excess)) rmSync(join(dir, old), {force: true})
}

function cleanPartials(s: SqliteStore): string[] {
  const dir = backupDir(s)
  const base = basename(s.path)
  const pattern = backupPattern(s)
  const removed = [
    ...removePartialsOf(dir, (target) => target === base || pattern.test(target)),
    ...removePartialsOf(dirname(s.path), (target) => target === base),
  ]
  // An older toil wrote backups under their final name: one with a -journal beside it was cut off.
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const match = /^(.+\.bak)-journal$/.exec(name)
    const pid = match ? pattern.exec(match[1]!)?.[1] : undefined
    if (pid === undefined || processAlive(Number(pid))) continue
    for (const f of [match![1]!, name]) rmSync(join(dir, f), {force: true})
    removed.push(match![1]!)
  }
  return removed
}

export async function removeStrayPartials(s: SqliteStore): Promise<string[]> {
  return cleanPartials(s)
}

export async function backup(s: SqliteStore, reason: string): Promise<string> {
  cleanPartials(s)
  const file = snapshot(s, reason)
  rotate(s, file)
  return file
}

export async function restore(s: SqliteStore, file: string): Promise<string> {
  const staging = partialPath(join(backupDir(s), basename(s.path)))
  makeBackupDir(s)
  try {
    stageRestoreSource(file, staging)
    checkSound(s)
    s.stmt(`ATTACH DATABASE ? AS incoming`).run(staging)
    try {
      const {backup} = await s.changeWithBackup('before-restore', () => {
        // In place, in one transaction: a command waiting for the lock writes into the restored
        // database afterwards; one that wrote before is in the safety backup.
        s.db.pragma('defer_foreign_keys = ON')
        for (const table of ['entries', 'tasks', 'capacity', 'teams']) s.db.exec(`DELETE FROM main.${table}`)
        for (const table of ['teams', 'capacity', 'tasks', 'entries']) {
          const columns = (s.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as {name: string}[]).map((c) => c.name).join(', ')
          s.db.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM incoming.${table}`)
        }
      })
      return backup!
    } catch (error) {
      if (DAMAGED.test(sqliteCode(error))) throw new DamagedDatabaseError(`${s.path} is damaged (${(error as Error).message})`)
      throw error
    } finally {
      s.db.exec('DETACH DATABASE incoming')
    }
  } catch (error) {
    discardBackup(s, null)
    throw error
  } finally {
    for (const f of [staging, `${staging}-journal`]) rmSync(f, {force: true})
  }
}

/** Throws a DamagedDatabaseError when this database fails SQLite's quick check. */
export function checkSound(s: SqliteStore): void {
  let result: string[]
  try {
    result = (s.db.pragma('quick_check') as {quick_check: string}[]).map((r) => r.quick_check)
  } catch (error) {
    if (DAMAGED.test(sqliteCode(error))) throw new DamagedDatabaseError(`${s.path} is damaged (${(error as Error).message})`)
    throw error
  }
  if (result.length !== 1 || result[0] !== 'ok') throw new DamagedDatabaseError(`${s.path} fails its integrity check`)
}

/**
 * Throws a DamagedDatabaseError when a table or column of toil's schema at this file's version
 * is missing (a dropped table, say): such a file cannot be restored in place, only replaced.
 */
export function checkSchema(s: SqliteStore): void {
  const version = s.db.pragma('user_version', {simple: true}) as number
  const reference = new Database(':memory:')
  const columns = (db: Database.Database) => {
    const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {name: string}[]).map((t) => t.name)
    return new Map(tables.map((t) => [t, new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as {name: string}[]).map((c) => c.name))]))
  }
  let expected: Map<string, Set<string>>
  try {
    for (const migration of MIGRATIONS.slice(0, version)) reference.exec(migration)
    expected = columns(reference)
  } finally {
    reference.close()
  }
  const actual = columns(s.db)
  for (const [table, names] of expected) {
    const present = actual.get(table)
    if (present === undefined) throw new DamagedDatabaseError(`${s.path} lacks toil's ${table} table`)
    for (const name of names) if (!present.has(name)) throw new DamagedDatabaseError(`${s.path} lacks the ${name} column of toil's ${table} table`)
  }
}

export async function doctor(s: SqliteStore): Promise<DoctorReport> {
  return doctorSync(s)
}

export function doctorSync(s: SqliteStore): DoctorReport {
  const integrity = (s.db.pragma('integrity_check') as {integrity_check: string}[]).map((r) => r.integrity_check)
  const foreignKeys = (s.db.pragma('foreign_key_check') as unknown[]).length
  const count = (table: string) => (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n
  return {
    integrity,
    foreignKeys,
    schemaVersion: s.db.pragma('user_version', {simple: true}) as number,
    entries: count('entries'),
    tasks: count('tasks'),
    teams: count('teams'),
  }
}

const escapeRegExp = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Copies the backup `file`, checked first, to `staging`, upgraded to this version's schema so
 * its rows fit the tables they go into. A file that is not a sound toil database is refused
 * (exit 3) and left as it is.
 */
function stageRestoreSource(file: string, staging: string): void {
  // Opening a missing file would create an empty database and restore that.
  if (backupDamage(() => checkDatabaseFile(file)) === 'missing') throw new ToilError('not-found', `restore: ${JSON.stringify(file)} does not exist`)
  // A finished backup (no -wal beside it) is copied and the copy checked: SQLite reading a WAL-mode
  // file leaves -wal and -shm beside it, in a backups folder or a read-only share toil only reads.
  // A live database (a -wal beside it) is read through SQLite, to include what its WAL holds.
  const finished = !existsSync(`${file}-wal`)
  if (finished) copyAsRollback(file, staging)
  const candidate = backupDamage(() => openSqliteStore(finished ? staging : file, {readonly: true, keepSchema: true, label: file}))
  try {
    let report: DoctorReport
    try {
      report = doctorSync(candidate)
    } catch (error) {
      throw databaseError(`${file} is corrupt (${(error as Error).message}); not restored`)
    }
    if (report.integrity[0] !== 'ok' || report.foreignKeys > 0) throw databaseError(`${file} fails its integrity check; not restored`)
    if (!finished) {
      rmSync(staging, {force: true})
      privateEmptyFile(staging)
      // A snapshot rather than a file copy: it includes what the backup still holds in its WAL.
      candidate.db.exec(`VACUUM INTO '${staging.replaceAll("'", "''")}'`)
    }
  } finally {
    candidate.db.close()
  }
  const db = new Database(staging)
  try {
    const version = db.pragma('user_version', {simple: true}) as number
    if (version < MIGRATIONS.length) migrate(new SqliteStore(db, staging), version, false, MIGRATIONS)
  } finally {
    db.close()
  }
}

/** The backup's damage, not the database's: restore refuses it rather than replacing anything. */
function backupDamage<T>(check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (error instanceof DamagedDatabaseError) throw databaseError(`${error.message}; not restored`)
    throw error
  }
}

/**
 * Copies a database file that has no WAL beside it, marked in the copy's header as a rollback-journal
 * file: SQLite then reads the copy, read-only, without creating a -wal or -shm file.
 */
function copyAsRollback(file: string, copy: string): void {
  rmSync(copy, {force: true})
  copyFileSync(file, copy)
  const fd = openSync(copy, 'r+')
  try {
    const versions = Buffer.alloc(2)
    // Header bytes 18 and 19, the file format's write and read versions: 2 is WAL, 1 a rollback journal.
    if (readSync(fd, versions, 0, 2, 18) === 2 && versions[0] === 2 && versions[1] === 2) writeSync(fd, Buffer.from([1, 1]), 0, 2, 18)
  } finally {
    closeSync(fd)
  }
}

export interface RestoreOutcome {
  database: string
  /** Where the database as it was is kept: a safety backup, or the damaged file moved aside; null where nothing was (PostgreSQL restores into an empty database only). */
  kept: string | null
  /** True when the database was damaged and was replaced as a file rather than restored in place. */
  replacedDamaged: boolean
}

/**
 * `toil restore` on SQLite: in place, in one transaction, after a safety backup (SqliteStore.restore);
 * onto a damaged database (truncated, a malformed page or schema), which cannot be restored in
 * place, the damaged file is kept aside under a new name and the backup takes its place.
 */
export async function restoreSqlite(path: string, file: string): Promise<RestoreOutcome> {
  let store: SqliteStore | undefined
  try {
    // Checked read-only first: a damaged file is kept aside as it is, not switched to WAL mode.
    // (A missing file is created: restore writes, so it may start a database.)
    if (existsSync(path)) {
      const probe = openSqliteStore(path, {readonly: true})
      try {
        checkSound(probe)
        checkSchema(probe)
      } finally {
        probe.db.close()
      }
    }
    store = openSqliteStore(path)
  } catch (error) {
    if (!(error instanceof DamagedDatabaseError)) throw error
  }
  if (store) {
    try {
      return {database: store.path, kept: await store.restore(file), replacedDamaged: false}
    } catch (error) {
      if (!(error instanceof DamagedDatabaseError)) throw error
    } finally {
      await store.close()
    }
  }
  return {database: path, kept: replaceDamaged(path, file), replacedDamaged: true}
}

/**
 * Puts a checked copy of `file` in place of the damaged database at `path` (through a symbolic
 * link, to its target), keeping the damaged file and its WAL as `<name>.damaged-<stamp>`.
 * The copy is renamed over the database, so the path always holds a whole file.
 */
function replaceDamaged(path: string, file: string): string {
  const real = realpathSync(path)
  // Only a regular file is ever moved aside: never a device or a FIFO that --db named.
  const other = notRegular(statSync(real))
  if (other !== undefined) throw databaseError(`${path} is ${other}, not a toil database; --db names a database file`)
  const staging = partialPath(real)
  try {
    stageRestoreSource(file, staging)
    const aside = `${real}.damaged-${new Date().toISOString().replaceAll(/[-:.]/g, '')}`
    linkSync(real, aside)
    // The WAL goes with the file it belongs to: SQLite would replay it onto the restored one.
    if (existsSync(`${real}-wal`)) renameSync(`${real}-wal`, `${aside}-wal`)
    renameSync(staging, real)
    rmSync(`${real}-shm`, {force: true})
    return aside
  } finally {
    for (const f of [staging, `${staging}-journal`]) rmSync(f, {force: true})
  }
}
