import Database from 'better-sqlite3'
import {randomFillSync} from 'node:crypto'
import {existsSync, linkSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {partialPath, processAlive, removeStrayPartials, replaceFileSync} from '../app/output.js'

import type {Day} from '../domain/calendar.js'
import {DamagedDatabaseError, ToilError, databaseError, quote} from '../domain/errors.js'
import type {FrequencyUnit} from '../domain/frequency.js'
import {type Answer, type CapacityPeriod, type Category, type Entry, type Status, type Task, unknownCriteria} from '../domain/types.js'
import {uuidv7} from '../domain/uuid.js'
import {type FileIds, busyTimeoutMs, checkDatabaseFile, headerIds} from './file.js'
import {APPLICATION_ID, MIGRATIONS} from './schema.js'
import type {
  AggregateFilter, DoctorReport, EngineerTaskHours, EntryFilter, EntryPatch, ExportRecord, ImportRecord,
  ImportOptions, ImportResult, NewEntry, NewTask, RemoveTaskResult, Store, TaskMonth, TaskPatch, TaskTotals, EngineerTeamMonthHours, TaskHistoryFacts, ToilBudget,
} from './store.js'

const KEEP_BACKUPS = 5

/** SQLite's word that a file is damaged, on opening it or on reading a page later. */
const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)/
/** Failures of the file or its schema (exit 3); busy, full, read-only and I/O errors go to the central mapping instead. */
const DATABASE_FAULT = /^SQLITE_(CORRUPT|NOTADB|ERROR|SCHEMA|MISMATCH|CONSTRAINT|FORMAT|RANGE)/
const sqliteCode = (error: unknown): string => {
  const code = (error as {code?: unknown}).code
  return typeof code === 'string' ? code : ''
}

interface TaskRow {
  id: number
  team: string
  name: string
  category: Category
  manual: Answer
  repetitive: Answer
  automatable: Answer
  tactical: Answer
  no_enduring_value: Answer
  scales: Answer
  freq_count: number | null
  freq_unit: FrequencyUnit | null
  freq_every: number | null
  duration_minutes: number | null
  cost_hours: number | null
  reduction: number
  maintenance_hours: number
  status: Status
  automated_since: string | null
  created_at: string
}

interface EntryRow {
  id: string
  task: string
  team: string
  engineer: string
  day: string
  minutes: number
  count: number
  tags: string
  note: string
  created_at: string
  source_key: string | null
}

const TASK_SELECT = `SELECT t.*, tm.name AS team FROM tasks t JOIN teams tm ON tm.id = t.team_id`
const ENTRY_SELECT = `SELECT e.id, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.count, e.tags, e.note, e.created_at, e.source_key
  FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id`
const OPERATIONAL_TAGS = `(e.tags LIKE '%"oncall"%' OR e.tags LIKE '%"interrupt"%')`

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    team: row.team,
    name: row.name,
    category: row.category,
    criteria: {
      manual: row.manual,
      repetitive: row.repetitive,
      automatable: row.automatable,
      tactical: row.tactical,
      noEnduringValue: row.no_enduring_value,
      scales: row.scales,
    },
    frequency: row.freq_unit === null ? null : {count: row.freq_count ?? 1, unit: row.freq_unit, every: row.freq_every ?? 1},
    durationMinutes: row.duration_minutes,
    estimate: {costHours: row.cost_hours, reduction: row.reduction, maintenanceHoursPerMonth: row.maintenance_hours},
    status: row.status,
    automatedSince: row.automated_since,
    createdAt: row.created_at,
  }
}

function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    task: row.task,
    team: row.team,
    engineer: row.engineer,
    day: row.day,
    minutes: row.minutes,
    count: row.count,
    tags: JSON.parse(row.tags) as string[],
    note: row.note,
    createdAt: row.created_at,
    // Only when set: exports of logged work stay as they were.
    ...(row.source_key === null ? {} : {sourceKey: row.source_key}),
  }
}

function taskColumns(task: Partial<NewTask>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (task.name !== undefined) out.name = task.name
  if (task.category !== undefined) out.category = task.category
  if (task.criteria) {
    const c = task.criteria
    Object.assign(out, {manual: c.manual, repetitive: c.repetitive, automatable: c.automatable, tactical: c.tactical, no_enduring_value: c.noEnduringValue, scales: c.scales})
  }
  if (task.frequency !== undefined) {
    Object.assign(out, {freq_count: task.frequency?.count ?? null, freq_unit: task.frequency?.unit ?? null, freq_every: task.frequency?.every ?? null})
  }
  if (task.durationMinutes !== undefined) out.duration_minutes = task.durationMinutes
  if (task.estimate) {
    Object.assign(out, {cost_hours: task.estimate.costHours, reduction: task.estimate.reduction, maintenance_hours: task.estimate.maintenanceHoursPerMonth})
  }
  if (task.status !== undefined) out.status = task.status
  if (task.automatedSince !== undefined) out.automated_since = task.automatedSince
  return out
}

function aggregateParams(f: AggregateFilter): Record<string, unknown> {
  return {from: f.from, to: f.to, team: f.team ?? null}
}

function now(): string {
  return new Date().toISOString()
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
  /** Leaves an older schema as it is: for a backup that is inspected before it is restored. */
  keepSchema?: boolean
  /** The schema's migrations, this version's by default; tests pass a longer list to exercise an upgrade. */
  migrations?: readonly string[]
}

/** Opens (creating or migrating) a toil database; refuses anything else with exit 3. */
export function openSqliteStore(path: string, options: OpenOptions = {}): SqliteStore {
  const migrations = options.migrations ?? MIGRATIONS
  let state = checkDatabaseFile(path)
  if (state === 'missing') {
    createDatabase(path, migrations)
    state = checkDatabaseFile(path)
  }
  const header = state === 'sqlite' ? headerIds(path) : undefined
  if (header) refuse(path, header, migrations.length)
  let db: Database.Database
  try {
    db = new Database(path, {fileMustExist: state === 'sqlite', readonly: Boolean(options.readonly) && state === 'sqlite'})
  } catch (error) {
    throw openFailure(path, 'cannot be opened as a toil database', error)
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs()}`)
    const version = db.pragma('user_version', {simple: true}) as number
    if (state === 'sqlite') {
      refuse(path, {
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
    if (!db.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    if (upgrade) store.migrate(version, state === 'sqlite' && version > 0, migrations)
    return store
  } catch (error) {
    db.close()
    if (error instanceof ToilError) throw error
    throw openFailure(path, 'is not a usable toil database', error)
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
 * never sees an empty or half-built file; when two race, the first link wins.
 */
function createDatabase(path: string, migrations: readonly string[]): void {
  mkdirSync(dirname(path), {recursive: true})
  const staging = partialPath(path)
  try {
    rmSync(staging, {force: true})
    const db = new Database(staging)
    try {
      db.pragma('journal_mode = WAL')
      new SqliteStore(db, staging).migrate(0, false, migrations)
    } finally {
      db.close()
    }
    linkSync(staging, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, {force: true})
  }
}

export class SqliteStore implements Store {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Prepared once per process: the log path runs few statements, reports run many. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.statements.set(sql, s)
    }
    return s
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  /**
   * Runs the migrations after `from` in one transaction; when the file held a schema, a backup
   * of it is written first inside that transaction (and kept should the migration fail).
   */
  migrate(from: number, backupFirst: boolean, migrations: readonly string[]): void {
    this.db.exec('BEGIN IMMEDIATE')
    let backup: string | undefined
    try {
      // Read again inside the write lock: another process may have migrated meanwhile.
      const version = this.db.pragma('user_version', {simple: true}) as number
      if (version < migrations.length) {
        if (backupFirst) backup = this.snapshot(`migrate-v${from}`)
        for (let v = version; v < migrations.length; v++) this.db.exec(migrations[v]!)
        this.db.pragma(`application_id = ${APPLICATION_ID}`)
        this.db.pragma(`user_version = ${migrations.length}`)
      }
      this.db.exec('COMMIT')
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw error
    }
    if (backup !== undefined) this.rotate(backup)
  }

  /**
   * Runs `fn` in one immediate transaction that first writes a backup of the database as it
   * is: no other process can write between the backup and the change, so whatever another
   * command stored is in the backup or in the result. When `fn` fails, the transaction is
   * rolled back and the backup removed again (the database is as it was); only after a
   * commit are older backups rotated.
   */
  private async changeWithBackup<T>(reason: string | null, fn: () => T | Promise<T>, check?: () => void): Promise<{value: T; backup: string | null}> {
    this.db.exec('BEGIN IMMEDIATE')
    let backup: string | null = null
    let value: T
    try {
      // A refusal decided under the lock, before any backup is written.
      check?.()
      if (reason !== null) backup = this.snapshot(reason)
      value = await fn()
      this.db.exec('COMMIT')
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      if (backup !== null) rmSync(backup, {force: true})
      throw error
    }
    if (backup !== null) this.rotate(backup)
    return {value, backup}
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }

  // Teams and capacity

  private teamId(name: string, create: boolean): number | undefined {
    const row = this.stmt(`SELECT id FROM teams WHERE name = ?`).get(name) as {id: number} | undefined
    if (row || !create) return row?.id
    return Number(this.stmt(`INSERT INTO teams (name) VALUES (?)`).run(name).lastInsertRowid)
  }

  async listTeams(): Promise<string[]> {
    return (this.stmt(`SELECT name FROM teams ORDER BY name`).all() as {name: string}[]).map((r) => r.name)
  }

  async capacityHistory(team?: string): Promise<CapacityPeriod[]> {
    const rows = this.stmt(`SELECT tm.name AS team, c.from_month AS fromMonth, c.members, c.hours_per_week AS hoursPerWeek, c.rotation, c.shifts
      FROM capacity c JOIN teams tm ON tm.id = c.team_id WHERE (@team IS NULL OR tm.name = @team) ORDER BY tm.name, c.from_month`).all({team: team ?? null})
    return rows as CapacityPeriod[]
  }

  async setCapacity(p: CapacityPeriod): Promise<void> {
    this.write(() => {
      const teamId = this.teamId(p.team, true)
      this.stmt(`INSERT INTO capacity (team_id, from_month, members, hours_per_week, rotation, shifts) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (team_id, from_month) DO UPDATE SET members = excluded.members, hours_per_week = excluded.hours_per_week,
        rotation = excluded.rotation, shifts = excluded.shifts`).run(teamId, p.fromMonth, p.members, p.hoursPerWeek, p.rotation, p.shifts)
    })
  }

  async toilBudgets(): Promise<ToilBudget[]> {
    return this.stmt(`SELECT name AS team, toil_budget AS budget FROM teams WHERE toil_budget IS NOT NULL ORDER BY name`).all() as ToilBudget[]
  }

  async setToilBudget(team: string, budget: number | null): Promise<void> {
    this.write(() => {
      const teamId = this.teamId(team, true)
      this.stmt(`UPDATE teams SET toil_budget = ? WHERE id = ?`).run(budget, teamId)
    })
  }

  // Tasks

  async findTask(team: string, name: string): Promise<Task | undefined> {
    const row = this.stmt(`${TASK_SELECT} WHERE tm.name = ? AND t.name = ?`).get(team, name) as TaskRow | undefined
    return row && toTask(row)
  }

  private taskById(id: number): Task {
    const row = this.stmt(`${TASK_SELECT} WHERE t.id = ?`).get(id) as TaskRow | undefined
    if (!row) throw new ToilError('not-found', `no task with id ${id}`)
    return toTask(row)
  }

  async taskNames(team: string): Promise<string[]> {
    const rows = this.stmt(`SELECT t.name FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = ?`).all(team) as {name: string}[]
    return rows.map((r) => r.name)
  }

  async listTasks(filter: {team?: string} = {}): Promise<Task[]> {
    const rows = this.stmt(`${TASK_SELECT} WHERE (@team IS NULL OR tm.name = @team) ORDER BY tm.name, t.name`).all({team: filter.team ?? null}) as TaskRow[]
    return rows.map(toTask)
  }

  private insertTask(task: NewTask): number {
    const teamId = this.teamId(task.team, true)
    const columns = {...taskColumns(task), team_id: teamId, created_at: task.createdAt ?? now()}
    const names = Object.keys(columns)
    const sql = `INSERT INTO tasks (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`
    return Number(this.stmt(sql).run(columns).lastInsertRowid)
  }

  async addTask(task: NewTask): Promise<Task> {
    return this.write(() => {
      if (this.teamId(task.team, false) !== undefined && this.stmt(`SELECT 1 FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = ? AND t.name = ?`).get(task.team, task.name)) {
        throw new ToilError('conflict', `task: ${JSON.stringify(task.name)} already exists in team ${task.team}; use toil task edit`)
      }
      return this.taskById(this.insertTask(task))
    })
  }

  async updateTask(id: number, patch: TaskPatch): Promise<Task> {
    return this.write(() => {
      const columns = taskColumns(patch)
      const names = Object.keys(columns)
      if (names.length > 0) {
        try {
          this.db.prepare(`UPDATE tasks SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({...columns, id})
        } catch (error) {
          if ((error as {code?: string}).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new ToilError('conflict', `name: ${JSON.stringify(patch.name)} is already a task of this team; use toil task merge`)
          }
          throw error
        }
      }
      return this.taskById(id)
    })
  }

  async removeTask(id: number, options: {withEntries: boolean}): Promise<RemoveTaskResult> {
    // Counted, backed up and removed under one lock: an entry logged meanwhile is in the backup, or makes it refuse.
    let refused = 0
    const count = () => {
      refused = options.withEntries ? 0 : (this.stmt(`SELECT count(*) AS n FROM entries WHERE task_id = ?`).get(id) as {n: number}).n
      if (refused > 0) throw new RefusedWithEntries()
    }
    try {
      const {value, backup} = await this.changeWithBackup('rm', () => {
        const removed = this.stmt(`DELETE FROM entries WHERE task_id = ?`).run(id).changes
        this.stmt(`DELETE FROM tasks WHERE id = ?`).run(id)
        return removed
      }, count)
      return {removed: true, entriesRemoved: value, backup: backup!}
    } catch (error) {
      if (error instanceof RefusedWithEntries) return {removed: false, entries: refused}
      throw error
    }
  }

  async mergeTasks(fromId: number, intoId: number): Promise<{entriesMoved: number; backup: string}> {
    const {value, backup} = await this.changeWithBackup('merge', () => {
      const moved = this.stmt(`UPDATE entries SET task_id = ? WHERE task_id = ?`).run(intoId, fromId).changes
      this.stmt(`DELETE FROM tasks WHERE id = ?`).run(fromId)
      return moved
    })
    return {entriesMoved: value, backup: backup!}
  }

  // Entries

  /** Inserts an entry unless its id is present; returns its seq, or undefined when the id was there already. */
  private insertEntry(taskId: number, e: NewEntry & {id: string; createdAt: string}): number | undefined {
    const result = this.stmt(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at, logged_by, source_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
      .run(e.id, taskId, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt, e.loggedBy ?? null, e.sourceKey ?? null)
    return result.changes > 0 ? Number(result.lastInsertRowid) : undefined
  }

  async addEntry(entry: NewEntry, createTask?: NewTask): Promise<{entry: Entry; taskCreated: boolean}> {
    // Time-ordered ids (UUIDv7) keep the id index append-mostly: imports and logs stay fast as history grows.
    const full = {...entry, id: entry.id ?? uuidv7(Date.now(), randomFillSync(new Uint8Array(16))), createdAt: entry.createdAt ?? now()}
    // Decided inside the write lock: of processes racing to log a new task, one creates it.
    const taskCreated = this.write(() => {
      let taskId = (this.stmt(`SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = ? AND t.name = ?`).get(entry.team, entry.task) as {id: number} | undefined)?.id
      const missing = taskId === undefined
      if (taskId === undefined) {
        if (!createTask) throw new ToilError('not-found', `task: ${JSON.stringify(entry.task)} does not exist in team ${entry.team}`)
        taskId = this.insertTask(createTask)
      }
      this.insertEntry(taskId, full)
      return missing
    })
    return {entry: (await this.findEntry(full.id))!, taskCreated}
  }

  private entryWhere(f: EntryFilter): {sql: string; params: unknown[]} {
    const clauses: string[] = []
    const params: unknown[] = []
    const add = (sql: string, value: unknown) => {
      clauses.push(sql)
      params.push(value)
    }
    if (f.from) add(`e.day >= ?`, f.from)
    if (f.to) add(`e.day <= ?`, f.to)
    if (f.team) add(`tm.name = ?`, f.team)
    if (f.task) add(`t.name = ?`, f.task)
    if (f.engineer) add(`e.engineer = ?`, f.engineer)
    if (f.tag) add(`EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)`, f.tag)
    return {sql: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params}
  }

  async listEntries(filter: EntryFilter): Promise<Entry[]> {
    const {sql, params} = this.entryWhere(filter)
    const limit = filter.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`
    const rows = this.db.prepare(`${ENTRY_SELECT}${sql} ORDER BY e.day DESC, e.seq DESC${limit}`).all(...params) as EntryRow[]
    return rows.map(toEntry)
  }

  async countEntries(filter: EntryFilter = {}): Promise<number> {
    const {sql, params} = this.entryWhere(filter)
    return (this.db.prepare(`SELECT count(*) AS n FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id${sql}`).get(...params) as {n: number}).n
  }

  async entryTotals(filter: EntryFilter = {}): Promise<TaskTotals> {
    const {sql, params} = this.entryWhere(filter)
    return this.db.prepare(`SELECT count(*) AS entries, coalesce(sum(e.count), 0) AS occurrences, coalesce(sum(e.minutes * e.count), 0) / 60.0 AS hours,
        min(e.day) AS firstDay, max(e.day) AS lastDay
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id${sql}`).get(...params) as TaskTotals
  }

  async findEntry(idOrPart: string): Promise<Entry | undefined> {
    const part = idOrPart.toLowerCase()
    const byPrefix = this.stmt(`${ENTRY_SELECT} WHERE e.id >= @part AND e.id < @part || '~' ORDER BY e.id LIMIT 2`).all({part}) as EntryRow[]
    const exact = byPrefix.find((r) => r.id === part)
    if (exact) return toEntry(exact)
    // The end of an id too: the short id shown is its random tail (see shortId). A scan, but only edit and rm ask.
    const bySuffix = this.stmt(`${ENTRY_SELECT} WHERE substr(e.id, -length(@part)) = @part ORDER BY e.id LIMIT 2`).all({part}) as EntryRow[]
    const rows = [...new Map([...byPrefix, ...bySuffix].map((r) => [r.id, r])).values()]
    if (rows.length > 1) throw new ToilError('invalid-input', `id: ${JSON.stringify(idOrPart)} matches more than one entry; give more of the id`)
    return rows[0] && toEntry(rows[0])
  }

  async updateEntry(id: string, patch: EntryPatch): Promise<Entry> {
    this.write(() => {
      const sets: string[] = []
      const params: Record<string, unknown> = {id}
      for (const key of ['day', 'minutes', 'count', 'note', 'engineer'] as const) {
        if (patch[key] !== undefined) {
          sets.push(`${key} = @${key}`)
          params[key] = patch[key]
        }
      }
      if (patch.tags !== undefined) {
        sets.push(`tags = @tags`)
        params.tags = JSON.stringify(patch.tags)
      }
      if (patch.task !== undefined) {
        const current = this.stmt(`SELECT t.team_id FROM entries e JOIN tasks t ON t.id = e.task_id WHERE e.id = ?`).get(id) as {team_id: number}
        const task = this.stmt(`SELECT id FROM tasks WHERE team_id = ? AND name = ?`).get(current.team_id, patch.task) as {id: number} | undefined
        if (!task) throw new ToilError('not-found', `task: ${JSON.stringify(patch.task)} does not exist in this entry's team; toil task add creates it`)
        sets.push(`task_id = @task_id`)
        params.task_id = task.id
      }
      if (sets.length > 0) this.db.prepare(`UPDATE entries SET ${sets.join(', ')} WHERE id = @id`).run(params)
    })
    return (await this.findEntry(id))!
  }

  async removeEntry(id: string): Promise<void> {
    this.write(() => this.stmt(`DELETE FROM entries WHERE id = ?`).run(id))
  }

  async undoLast(loggedBy: string, engineer?: string): Promise<Entry | undefined> {
    // seq is the logging order: SQLite gives a new row the largest seq yet (entries_by_logger).
    return this.write(() => {
      const row = this.stmt(`${ENTRY_SELECT} WHERE e.logged_by = @loggedBy AND (@engineer IS NULL OR e.engineer = @engineer)
        ORDER BY e.seq DESC LIMIT 1`).get({loggedBy, engineer: engineer ?? null}) as EntryRow | undefined
      if (row) this.stmt(`DELETE FROM entries WHERE id = ?`).run(row.id)
      return row && toEntry(row)
    })
  }

  async lastTeamLoggedBy(loggedBy: string): Promise<string | undefined> {
    const row = this.stmt(`SELECT tm.name AS team FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
      WHERE e.logged_by = ? ORDER BY e.seq DESC LIMIT 1`).get(loggedBy) as {team: string} | undefined
    return row?.team
  }

  // Aggregates, summed in SQL

  async taskMonths(f: AggregateFilter): Promise<TaskMonth[]> {
    return this.stmt(`SELECT e.task_id AS taskId, substr(e.day, 1, 7) AS month,
        sum(e.minutes * e.count) / 60.0 AS hours, sum(e.count) AS occurrences,
        sum(CASE WHEN ${OPERATIONAL_TAGS} THEN e.minutes * e.count ELSE 0 END) / 60.0 AS operationalHours
      FROM entries e
      WHERE e.day BETWEEN @from AND @to AND (@team IS NULL OR e.task_id IN (SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = @team))
      GROUP BY e.task_id, month ORDER BY month, e.task_id`).all(aggregateParams(f)) as TaskMonth[]
  }

  async engineerTeamHours(f: {from: Day; to: Day; teams: readonly string[]}): Promise<EngineerTeamMonthHours[]> {
    // Engineers found through the teams' tasks (entries_by_task); their hours in every team through entries_by_engineer.
    return this.stmt(`WITH who AS (
        SELECT DISTINCT e.engineer FROM teams tm JOIN tasks t ON t.team_id = tm.id JOIN entries e ON e.task_id = t.id AND e.day BETWEEN @from AND @to
        WHERE tm.name IN (SELECT value FROM json_each(@teams)))
      SELECT e.engineer, tm.name AS team, substr(e.day, 1, 7) AS month, sum(e.minutes * e.count) / 60.0 AS hours
      FROM who JOIN entries e ON e.engineer = who.engineer AND e.day BETWEEN @from AND @to
        JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
      GROUP BY e.engineer, tm.name, month ORDER BY e.engineer, tm.name, month`).all({from: f.from, to: f.to, teams: JSON.stringify(f.teams)}) as EngineerTeamMonthHours[]
  }

  async taskHistory(f: {to: Day; team?: string}): Promise<TaskHistoryFacts[]> {
    // Index seeks per task (entries_by_task): never a scan of the whole history.
    return this.stmt(`SELECT t.id AS taskId,
        coalesce((SELECT sum(c) FROM (SELECT e.count AS c FROM entries e WHERE e.task_id = t.id AND e.day <= @to ORDER BY e.day LIMIT 3)), 0) AS occurrences,
        (SELECT min(e.day) FROM entries e WHERE e.task_id = t.id AND e.day <= @to) AS firstDay
      FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE (@team IS NULL OR tm.name = @team) ORDER BY t.id`).all({to: f.to, team: f.team ?? null}) as TaskHistoryFacts[]
  }

  async engineerTaskHours(f: AggregateFilter): Promise<EngineerTaskHours[]> {
    return this.stmt(`SELECT e.engineer, e.task_id AS taskId, sum(e.minutes * e.count) / 60.0 AS hours
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
      WHERE e.day BETWEEN @from AND @to AND (@team IS NULL OR tm.name = @team)
      GROUP BY e.engineer, e.task_id ORDER BY e.engineer`).all(aggregateParams(f)) as EngineerTaskHours[]
  }

  async taskTotals(taskId: number): Promise<TaskTotals> {
    return this.stmt(`SELECT count(*) AS entries, coalesce(sum(count), 0) AS occurrences, coalesce(sum(minutes * count), 0) / 60.0 AS hours,
        min(day) AS firstDay, max(day) AS lastDay
      FROM entries WHERE task_id = ?`).get(taskId) as TaskTotals
  }

  async firstDay(team?: string): Promise<string | null> {
    const row = this.stmt(`SELECT min(e.day) AS day FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
      WHERE (@team IS NULL OR tm.name = @team)`).get({team: team ?? null}) as {day: string | null}
    return row.day
  }

  // Export and import

  async *exportAll(): AsyncIterable<ExportRecord> {
    // One read transaction: teams, tasks and entries come from one snapshot, whatever others
    // write meanwhile, so every entry's task is in the file. The first read fixes the snapshot.
    const own = !this.db.inTransaction
    if (own) this.db.exec('BEGIN')
    try {
      const capacity = await this.capacityHistory()
      const budgets = new Map((await this.toilBudgets()).map((b) => [b.team, b.budget]))
      for (const name of await this.listTeams()) {
        const budget = budgets.get(name)
        yield {type: 'team', name, capacity: capacity.filter((c) => c.team === name).map(({team: _team, ...rest}) => rest), ...(budget === undefined ? {} : {toilBudget: budget})}
      }
      for (const {id: _id, ...task} of await this.listTasks()) yield {type: 'task', ...task}
      const rows = this.db.prepare(`${ENTRY_SELECT} ORDER BY tm.name, e.day, e.created_at, e.id`).iterate() as IterableIterator<EntryRow>
      for (const row of rows) yield {type: 'entry', ...toEntry(row)}
    } finally {
      if (own && this.db.open && this.db.inTransaction) this.db.exec('COMMIT')
    }
  }

  async entriesBySourceKey(keys: readonly string[]): Promise<Entry[]> {
    const out: Entry[] = []
    // In slices: one statement per 500 keys, each an index seek (entries_by_source).
    for (let i = 0; i < keys.length; i += 500) {
      const rows = this.stmt(`${ENTRY_SELECT} WHERE e.source_key IN (SELECT value FROM json_each(?)) ORDER BY e.source_key`).all(JSON.stringify(keys.slice(i, i + 500))) as EntryRow[]
      out.push(...rows.map(toEntry))
    }
    return out
  }

  async importRecords(batches: AsyncIterable<readonly ImportRecord[]>, options: ImportOptions = {}): Promise<ImportResult> {
    const result: ImportResult = {teamsAdded: 0, tasksAdded: 0, entriesAdded: 0, entriesSkipped: 0, entriesUpdated: 0, backup: null}
    const taskIds = new Map<string, number>()
    /** Tasks this import created from an entry alone, before (or without) their task record. */
    const placeholders = new Set<string>()
    const taskKey = (team: string, name: string) => `${team.toLowerCase()}\u0000${name.toLowerCase()}`
    const ensureTeam = (name: string) => {
      if (this.teamId(name, false) === undefined) {
        this.teamId(name, true)
        result.teamsAdded++
      }
    }
    const lookupTask = (team: string, name: string) =>
      (this.stmt(`SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = ? AND t.name = ?`).get(team, name) as {id: number} | undefined)?.id
    // The entries this import adds get the seqs after the largest one (nothing else writes meanwhile):
    // the file line of each, by seq, names the first of two lines that give one id.
    let seqBefore = 0
    const lines: number[] = []
    const add = (record: ImportRecord) => {
      if (record.type === 'team') {
        ensureTeam(record.name)
        if (record.toilBudget !== undefined) this.stmt(`UPDATE teams SET toil_budget = coalesce(toil_budget, ?) WHERE name = ?`).run(record.toilBudget, record.name)
        for (const c of record.capacity) {
          this.stmt(`INSERT INTO capacity (team_id, from_month, members, hours_per_week, rotation, shifts) SELECT id, ?, ?, ?, ?, ? FROM teams WHERE name = ?
            ON CONFLICT DO NOTHING`).run(c.fromMonth, c.members, c.hoursPerWeek, c.rotation, c.shifts, record.name)
        }
      } else if (record.type === 'task') {
        ensureTeam(record.team)
        const key = taskKey(record.team, record.name)
        let id = lookupTask(record.team, record.name)
        if (id === undefined) {
          id = this.insertTask(record)
          result.tasksAdded++
        } else if (placeholders.delete(key)) {
          // An earlier entry of this file created the task with defaults; the file's own task record wins.
          const columns = {...taskColumns(record), created_at: record.createdAt, id}
          this.db.prepare(`UPDATE tasks SET ${Object.keys(columns).filter((n) => n !== 'id').map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run(columns)
        }
        taskIds.set(key, id)
      } else {
        const stored = record.sourceKey === undefined ? 'absent' : this.storedSource(record, options.updateBySourceKey === true)
        if (stored !== 'absent') {
          result[stored === 'updated' ? 'entriesUpdated' : 'entriesSkipped']++
          return
        }
        const key = taskKey(record.team, record.task)
        let id = taskIds.get(key) ?? lookupTask(record.team, record.task)
        if (id === undefined) {
          ensureTeam(record.team)
          id = this.insertTask(defaultTask(record.team, record.task, record.category))
          placeholders.add(key)
          result.tasksAdded++
        }
        taskIds.set(key, id)
        const seq = this.insertEntry(id, {...record, createdAt: record.createdAt ?? now()})
        if (seq !== undefined) {
          lines[seq - seqBefore - 1] = record.line
          result.entriesAdded++
        } else {
          this.sameEntryOrFail(record, id, seqBefore, lines)
          result.entriesSkipped++
        }
      }
    }
    this.db.exec('BEGIN IMMEDIATE')
    let line = 0
    try {
      seqBefore = (this.stmt(`SELECT coalesce(max(seq), 0) AS n FROM entries`).get() as {n: number}).n
      const empty = (this.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM entries LIMIT 1)`).get() as {n: number}).n === 0
      // Taken inside the import's lock: nothing another command writes can fall between it and the import.
      if (!empty) result.backup = this.snapshot('import')
      // Into an empty history, building the secondary indexes once at the end is
      // several times faster than updating them row by row (and as atomic).
      // The source-key index stays: each imported record is looked up by it.
      const deferred = empty
        ? (this.db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL AND name <> 'entries_by_source'`).all() as {name: string; sql: string}[])
        : []
      for (const index of deferred) this.db.exec(`DROP INDEX ${index.name}`)
      for await (const batch of batches) {
        for (const record of batch) {
          line = record.line
          add(record)
        }
      }
      for (const index of deferred) this.db.exec(index.sql)
      this.db.exec('COMMIT')
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      // The database is as it was, so its backup is not needed; nothing is rotated.
      if (result.backup !== null) rmSync(result.backup, {force: true})
      if (error instanceof ToilError) throw error
      // A record the schema refuses is the file's fault; a full disk or a lock is not (central error mapping).
      if (sqliteCode(error).startsWith('SQLITE_CONSTRAINT')) throw new ToilError('invalid-input', `line ${line}: ${(error as Error).message}; nothing was imported`)
      throw error
    }
    if (result.backup !== null) this.rotate(result.backup)
    return result
  }

  /**
   * Whether an entry with this record's source key is stored (the same upstream record, under
   * whatever id and task). With `update`, its figures (day, minutes, count, engineer) and note
   * become the record's when they differ; the task it was filed under stays.
   */
  private storedSource(record: Extract<ImportRecord, {type: 'entry'}>, update: boolean): 'absent' | 'kept' | 'updated' {
    const stored = this.stmt(`SELECT id, day, minutes, count, engineer, note FROM entries WHERE source_key = ?`).get(record.sourceKey) as
      {id: string; day: string; minutes: number; count: number; engineer: string; note: string} | undefined
    if (stored === undefined) return 'absent'
    const same = stored.day === record.day && stored.minutes === record.minutes && stored.count === record.count && stored.engineer === record.engineer && stored.note === record.note
    if (!update || same) return 'kept'
    this.stmt(`UPDATE entries SET day = ?, minutes = ?, count = ?, engineer = ?, note = ? WHERE id = ?`).run(record.day, record.minutes, record.count, record.engineer, record.note, stored.id)
    return 'updated'
  }

  /** An entry id already stored: fine when it is the same entry (a re-import); an error naming both places when not. */
  private sameEntryOrFail(record: Extract<ImportRecord, {type: 'entry'}>, taskId: number, seqBefore: number, lines: readonly number[]): void {
    const stored = this.stmt(`SELECT e.seq, e.task_id, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.count, e.tags, e.note
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id WHERE e.id = ?`).get(record.id) as
      {seq: number; task_id: number; task: string; team: string; engineer: string; day: string; minutes: number; count: number; tags: string; note: string}
    const fields: [string, unknown, unknown][] = [
      ['task', `${stored.team}/${stored.task}`, `${record.team}/${record.task}`],
      ['engineer', stored.engineer, record.engineer],
      ['day', stored.day, record.day],
      ['minutes', stored.minutes, record.minutes],
      ['count', stored.count, record.count],
      ['tags', stored.tags, JSON.stringify(record.tags)],
      ['note', stored.note, record.note],
    ]
    const differs = stored.task_id === taskId ? fields.slice(1).find(([, a, b]) => a !== b) : fields[0]
    if (differs === undefined) return
    const [field, was, is] = differs
    const show = (v: unknown) => quote(String(v))
    const earlier = stored.seq > seqBefore ? lines[stored.seq - seqBefore - 1] : undefined
    const where = earlier === undefined
      ? `is already stored with another ${field} (stored ${show(was)}, this line ${show(is)}); toil entry edit or toil entry rm ${shortIdOf(record.id)} changes the stored one`
      : `is also on line ${earlier} with another ${field} (line ${earlier} ${show(was)}, line ${record.line} ${show(is)}); an id names one entry`
    throw new ToilError('invalid-input', `line ${record.line}: entry id ${record.id} ${where}; nothing was imported`)
  }

  // Backups and checks

  private backupDir(): string {
    return join(dirname(this.path), 'backups')
  }

  /** The backups folder, created beside the database when missing (not recursively: the error then names the real cause, EROFS or EACCES). */
  private makeBackupDir(): string {
    const dir = this.backupDir()
    try {
      mkdirSync(dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    return dir
  }

  /** Complete backups of exactly this database: `<file name>.<UTC stamp>.<pid>.<reason>.bak`. */
  private backupPattern(): RegExp {
    return new RegExp(`^${escapeRegExp(basename(this.path))}\\.\\d{8}T\\d{9}Z\\.(\\d+)\\.[a-z0-9-]+\\.bak$`)
  }

  /**
   * Writes a backup of the last committed state under a temporary name and renames it when
   * complete. A second connection reads it, so this one may hold the write lock meanwhile.
   */
  private snapshot(reason: string): string {
    const dir = this.makeBackupDir()
    // Milliseconds in the stamp, so backups of the same second still sort oldest first for rotation.
    const stamp = new Date().toISOString().replaceAll(/[-:.]/g, '')
    const file = join(dir, `${basename(this.path)}.${stamp}.${process.pid}.${reason}.bak`)
    replaceFileSync(file, (temp) => {
      const reader = new Database(this.path, {readonly: true, fileMustExist: true})
      try {
        reader.pragma(`busy_timeout = ${busyTimeoutMs()}`)
        reader.exec(`VACUUM INTO '${temp.replaceAll("'", "''")}'`)
      } finally {
        reader.close()
      }
    })
    return file
  }

  /** Keeps the newest KEEP_BACKUPS complete backups of this database, `keep` (the one just written) always among them. */
  private rotate(keep: string): void {
    const dir = this.backupDir()
    const pattern = this.backupPattern()
    const files = readdirSync(dir).filter((f) => pattern.test(f) && !existsSync(join(dir, `${f}-journal`))).sort()
    const excess = files.length - KEEP_BACKUPS
    if (excess <= 0) return
    for (const old of files.filter((f) => join(dir, f) !== keep).slice(0, excess)) rmSync(join(dir, old), {force: true})
  }

  private cleanPartials(): string[] {
    const dir = this.backupDir()
    const base = basename(this.path)
    const pattern = this.backupPattern()
    const removed = [
      ...removeStrayPartials(dir, (target) => target === base || pattern.test(target)),
      ...removeStrayPartials(dirname(this.path), (target) => target === base),
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

  async removeStrayPartials(): Promise<string[]> {
    return this.cleanPartials()
  }

  async backup(reason: string): Promise<string> {
    this.cleanPartials()
    const file = this.snapshot(reason)
    this.rotate(file)
    return file
  }

  async restore(file: string): Promise<string> {
    const staging = partialPath(join(this.backupDir(), basename(this.path)))
    this.makeBackupDir()
    try {
      stageRestoreSource(file, staging)
      this.checkSound()
      this.stmt(`ATTACH DATABASE ? AS incoming`).run(staging)
      try {
        const {backup} = await this.changeWithBackup('before-restore', () => {
          // In place, in one transaction: a command waiting for the lock writes into the restored
          // database afterwards; one that wrote before is in the safety backup.
          this.db.pragma('defer_foreign_keys = ON')
          for (const table of ['entries', 'tasks', 'capacity', 'teams']) this.db.exec(`DELETE FROM main.${table}`)
          for (const table of ['teams', 'capacity', 'tasks', 'entries']) {
            const columns = (this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as {name: string}[]).map((c) => c.name).join(', ')
            this.db.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM incoming.${table}`)
          }
        })
        return backup!
      } catch (error) {
        if (DAMAGED.test(sqliteCode(error))) throw new DamagedDatabaseError(`${this.path} is damaged (${(error as Error).message})`)
        throw error
      } finally {
        this.db.exec('DETACH DATABASE incoming')
      }
    } finally {
      for (const f of [staging, `${staging}-journal`]) rmSync(f, {force: true})
    }
  }

  /** Throws a DamagedDatabaseError when this database fails SQLite's quick check. */
  checkSound(): void {
    let result: string[]
    try {
      result = (this.db.pragma('quick_check') as {quick_check: string}[]).map((r) => r.quick_check)
    } catch (error) {
      if (DAMAGED.test(sqliteCode(error))) throw new DamagedDatabaseError(`${this.path} is damaged (${(error as Error).message})`)
      throw error
    }
    if (result.length !== 1 || result[0] !== 'ok') throw new DamagedDatabaseError(`${this.path} fails its integrity check`)
  }

  async doctor(): Promise<DoctorReport> {
    return this.doctorSync()
  }

  doctorSync(): DoctorReport {
    const integrity = (this.db.pragma('integrity_check') as {integrity_check: string}[]).map((r) => r.integrity_check)
    const foreignKeys = (this.db.pragma('foreign_key_check') as unknown[]).length
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n
    return {
      integrity,
      foreignKeys,
      schemaVersion: this.db.pragma('user_version', {simple: true}) as number,
      entries: count('entries'),
      tasks: count('tasks'),
      teams: count('teams'),
    }
  }
}

const escapeRegExp = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')
const shortIdOf = (id: string) => id.slice(-8)

/**
 * Copies the backup `file`, checked first, to `staging`, upgraded to this version's schema so
 * its rows fit the tables they go into. A file that is not a sound toil database is refused
 * (exit 3) and left as it is.
 */
function stageRestoreSource(file: string, staging: string): void {
  // Opening a missing file would create an empty database and restore that.
  if (checkDatabaseFile(file) === 'missing') throw new ToilError('not-found', `restore: ${JSON.stringify(file)} does not exist`)
  let candidate: SqliteStore
  try {
    candidate = openSqliteStore(file, {readonly: true, keepSchema: true})
  } catch (error) {
    // The backup's damage, not the database's: restore refuses it rather than replacing anything.
    if (error instanceof DamagedDatabaseError) throw databaseError(`${error.message}; not restored`)
    throw error
  }
  try {
    let report: DoctorReport
    try {
      report = candidate.doctorSync()
    } catch (error) {
      throw databaseError(`${file} is corrupt (${(error as Error).message}); not restored`)
    }
    if (report.integrity[0] !== 'ok' || report.foreignKeys > 0) throw databaseError(`${file} fails its integrity check; not restored`)
    rmSync(staging, {force: true})
    // A snapshot rather than a file copy: it includes what the backup still holds in its WAL.
    candidate.db.exec(`VACUUM INTO '${staging.replaceAll("'", "''")}'`)
  } finally {
    candidate.db.close()
  }
  const db = new Database(staging)
  try {
    const version = db.pragma('user_version', {simple: true}) as number
    if (version < MIGRATIONS.length) new SqliteStore(db, staging).migrate(version, false, MIGRATIONS)
  } finally {
    db.close()
  }
}

export interface RestoreOutcome {
  database: string
  /** Where the database as it was is kept: a safety backup, or the damaged file moved aside. */
  kept: string
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
    const probe = openSqliteStore(path, {readonly: true})
    try {
      probe.checkSound()
    } finally {
      probe.db.close()
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

/** removeTask's refusal, thrown to roll back its transaction. */
class RefusedWithEntries extends Error {}

export function defaultTask(team: string, name: string, category: Category = 'other'): NewTask {
  return {
    team,
    name,
    category,
    criteria: unknownCriteria(),
    frequency: null,
    durationMinutes: null,
    estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0},
    status: 'active',
    automatedSince: null,
  }
}
