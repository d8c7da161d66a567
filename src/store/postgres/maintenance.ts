/** Backup, restore and doctor on PostgreSQL: a backup is the JSONL export, written to a file. */
import {once} from 'node:events'
import {createReadStream, createWriteStream, mkdirSync, readdirSync, renameSync, rmSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, join} from 'node:path'
import {createInterface} from 'node:readline'
import {finished} from 'node:stream/promises'

import {ToilError, databaseError} from '../../domain/errors.js'
import {RecordReader, toJsonl} from '../../domain/records.js'
import type {DoctorReport, ImportRecord} from '../store.js'
import {type Db, schemaVersion} from './connection.js'
import {PG_MIGRATIONS} from './schema.js'
import {exportAll, importRecords} from './transfer.js'

const KEEP_BACKUPS = 5
const TABLES = ['teams', 'capacity', 'tasks', 'entries'] as const

/** Backups of a PostgreSQL database go where SQLite's default database keeps its own. */
function backupDir(): string {
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(data, 'toil', 'backups')
}

/** A file name for this database: server, port and database name, never a user or password. */
function backupPrefix(db: Db): string {
  const {host, port, database} = db.client as unknown as {host: string; port: number; database: string}
  return `pg-${host}-${port}-${database}`.replaceAll(/[^\w.-]+/g, '_')
}

/** Writes a backup and keeps the newest KEEP_BACKUPS of this database. */
export async function backup(db: Db, reason: string): Promise<string> {
  const file = await writeBackup(db, reason)
  rotate(db, file)
  return file
}

/**
 * Writes a backup without rotating older ones: a change taking it rotates only once it has
 * committed, and removes it when it fails, so a refused command leaves the backups as they were.
 */
export async function writeBackup(db: Db, reason: string): Promise<string> {
  const dir = backupDir()
  // Backups hold the whole history: folders toil creates are their owner's only (an existing one is left as it is).
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const prefix = `${backupPrefix(db)}.`
  const stamp = new Date().toISOString().replaceAll(/[-:.]/g, '')
  const file = join(dir, `${prefix}${stamp}.${process.pid}.${reason}.jsonl`)
  const partial = `${file}.partial`
  // A team's whole history: readable by its owner only. Written beside its name and renamed: never half a backup.
  const out = createWriteStream(partial, {mode: 0o600})
  try {
    let chunk = ''
    for await (const record of exportAll(db)) {
      chunk += toJsonl(record)
      if (chunk.length < 1 << 16) continue
      const flowing = out.write(chunk)
      chunk = ''
      if (!flowing) await once(out, 'drain')
    }
    out.end(chunk)
    await finished(out)
    renameSync(partial, file)
  } catch (error) {
    out.destroy()
    rmSync(partial, {force: true})
    throw error
  }
  return file
}

/** Keeps the newest KEEP_BACKUPS complete backups of this database, `keep` always among them. */
export function rotate(db: Db, keep: string): void {
  const dir = backupDir()
  const prefix = `${backupPrefix(db)}.`
  const files = readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl') && join(dir, f) !== keep).sort()
  for (const old of files.slice(0, Math.max(0, files.length + 1 - KEEP_BACKUPS))) rmSync(join(dir, old), {force: true})
}

/** Whether a process of this machine still runs (a backup it is writing is not a leftover). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes the partial backups of this database that killed processes left; returns their names. */
export async function removeStrayPartials(db: Db): Promise<string[]> {
  const dir = backupDir()
  const prefix = `${backupPrefix(db)}.`
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const stray = names.filter((f) => {
    const pid = /^\d{8}T\d{9}Z\.(\d+)\./.exec(f.slice(prefix.length))?.[1]
    return f.startsWith(prefix) && f.endsWith('.jsonl.partial') && pid !== undefined && !alive(Number(pid))
  })
  for (const f of stray) rmSync(join(dir, f), {force: true})
  return stray
}

async function* backupRecords(file: string): AsyncGenerator<ImportRecord[]> {
  const reader = new RecordReader(new Date().toISOString())
  const lines = createInterface({input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY})
  let batch: ImportRecord[] = []
  let line = 0
  for await (const text of lines) {
    const record = reader.jsonl(text, ++line)
    if (record) batch.push(record)
    if (batch.length >= 1000) {
      yield batch
      batch = []
    }
  }
  yield batch
}

/** Loads a backup (a JSONL export) into an empty database, all or nothing. Nothing needs a safety copy: returns null. */
export async function restore(db: Db, file: string): Promise<null> {
  const held = (await db.row<{n: number}>(`SELECT (SELECT count(*) FROM teams) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM entries) AS n`))!.n
  if (held > 0) {
    throw new ToilError('conflict', `db: ${db.label} is not empty; restore loads a backup into an empty database only (create one, or toil import merges the file)`)
  }
  try {
    await db.change('restore', () => importRecords(db, backupRecords(file)), basename(file))
  } catch (error) {
    if (error instanceof ToilError && error.code === 'invalid-input') throw databaseError(`${file} is not a toil backup (${error.message}); not restored`)
    throw error
  }
  return null
}

interface Definition {
  kind: string
  table: string
  name: string
  definition: string
  valid: boolean
}

/** The constraints and indexes on toil's tables in one schema (an SQL expression of its oid). */
async function definitions(db: Db, schema: string): Promise<Definition[]> {
  const constraints = await db.rows<Definition>(`SELECT 'constraint' AS kind, c.conrelid::regclass::text AS table, c.conname AS name,
      pg_get_constraintdef(c.oid) AS definition, c.convalidated AS valid
    FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
    WHERE r.relnamespace = ${schema} AND r.relname = ANY ($1)`, [TABLES])
  const indexes = await db.rows<Definition>(`SELECT 'index' AS kind, i.tablename AS table, i.indexname AS name,
      regexp_replace(i.indexdef, ' ON \\S+ USING', ' ON ' || i.tablename || ' USING') AS definition, true AS valid
    FROM pg_indexes i WHERE i.schemaname = (SELECT nspname FROM pg_namespace WHERE oid = ${schema}) AND i.tablename = ANY ($1)`, [TABLES])
  return [...constraints, ...indexes].map((d) => ({...d, table: d.table.replace(/^.*\./, '')}))
}

/**
 * Compares the constraints and indexes found with those this version's migrations
 * create (built in a rolled-back transaction among temporary tables), and counts rows
 * that point nowhere. Changes nothing.
 */
export async function doctor(db: Db): Promise<DoctorReport> {
  const found = await definitions(db, `(SELECT oid FROM pg_namespace WHERE nspname = current_schema())`)
  let expected: Definition[] = []
  await db.client.query('BEGIN')
  try {
    await db.client.query('SET LOCAL search_path = pg_temp')
    // Only the first migration shapes the four tables compared; the later ones add access and audit.
    for (const sql of PG_MIGRATIONS.slice(0, 1)) await db.client.query(sql)
    expected = await definitions(db, 'pg_my_temp_schema()')
  } finally {
    await db.client.query('ROLLBACK')
  }
  const key = (d: Definition) => `${d.kind} ${d.name} on ${d.table}`
  const have = new Map(found.map((d) => [key(d), d]))
  const integrity: string[] = []
  for (const want of expected) {
    const got = have.get(key(want))
    if (!got) integrity.push(`${key(want)} is missing`)
    else if (got.definition !== want.definition) integrity.push(`${key(want)} is ${got.definition}, not ${want.definition}`)
    else if (!got.valid) integrity.push(`${key(want)} is not validated`)
  }
  const count = async (sql: string) => (await db.row<{n: number}>(sql))!.n
  const foreignKeys = await count(`SELECT
    (SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)) +
    (SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM teams tm WHERE tm.id = t.team_id)) +
    (SELECT count(*) FROM capacity c WHERE NOT EXISTS (SELECT 1 FROM teams tm WHERE tm.id = c.team_id)) AS n`)
  return {
    integrity: integrity.length === 0 ? ['ok'] : integrity,
    foreignKeys,
    schemaVersion: (await schemaVersion(db)) ?? 0,
    entries: await count(`SELECT count(*) AS n FROM entries`),
    tasks: await count(`SELECT count(*) AS n FROM tasks`),
    teams: await count(`SELECT count(*) AS n FROM teams`),
  }
}
