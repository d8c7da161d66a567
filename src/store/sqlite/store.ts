/**
 * The SQLite store: a toil database in one file. The class holds the connection, its
 * statement cache and write lock; each Store method hands its work to the file of its
 * concern (tasks, entries, aggregates, transfer, maintenance), as the PostgreSQL store does.
 */
import type Database from 'better-sqlite3'

import type {Day} from '../../domain/calendar.js'
import type {CapacityPeriod, Entry, Task} from '../../domain/types.js'
import type {
  AggregateFilter, DoctorReport, EngineerTaskHours, EngineerTaskTotals, EntryFilter, EntryPatch, ExportRecord, ImportRecord,
  ImportOptions, ImportResult, NewEntry, NewTask, RemoveTaskResult, RemoveTeamResult, Store, TaskMonth, TaskPatch, TaskTotals, EngineerTeamMonthHours, TaskHistoryFacts, ToilBudget,
} from '../store.js'
import * as aggregates from './aggregates.js'
import * as entries from './entries.js'
import * as maintenance from './maintenance.js'
import * as names from './names.js'
import * as tasks from './tasks.js'
import * as transfer from './transfer.js'

export class SqliteStore implements Store {
  private readonly statements = new Map<string, Database.Statement>()
  /** This command made the backups folder: a failure that leaves no backup in it removes it again. */
  madeBackupDir = false
  /** Opened read-only where no -wal or -shm file was: closing removes those this connection left. */
  tidyOnClose = false

  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Prepared once per process: the log path runs few statements, reports run many. */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.statements.set(sql, s)
    }
    return s
  }

  /** Runs `fn` in one immediate transaction: the write lock first, so a read inside it is still true at the commit. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  /**
   * Runs `fn` in one immediate transaction that first writes a backup of the database as it
   * is: no other process can write between the backup and the change, so whatever another
   * command stored is in the backup or in the result. When `fn` fails, the transaction is
   * rolled back and the backup removed again (the database is as it was); only after a
   * commit are older backups rotated.
   */
  async changeWithBackup<T>(reason: string | null, fn: () => T | Promise<T>, check?: () => void): Promise<{value: T; backup: string | null}> {
    this.db.exec('BEGIN IMMEDIATE')
    let backup: string | null = null
    let value: T
    try {
      // A refusal decided under the lock, before any backup is written.
      check?.()
      if (reason !== null) backup = maintenance.snapshot(this, reason)
      value = await fn()
      this.db.exec('COMMIT')
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      maintenance.discardBackup(this, backup)
      throw error
    }
    if (backup !== null) maintenance.rotate(this, backup)
    return {value, backup}
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    this.db.close()
    if (this.tidyOnClose) maintenance.tidyAfterRead(this.path)
  }

  /** A file has one user, who says who they are. */
  identity = async (): Promise<string | undefined> => undefined
  /** Nothing is audited on SQLite: each write keeps its own transaction. */
  change = <T>(_what: string, fn: () => Promise<T>): Promise<T> => fn()

  listTeams = (): Promise<string[]> => tasks.listTeams(this)
  capacityHistory = (team?: string): Promise<CapacityPeriod[]> => tasks.capacityHistory(this, team)
  setCapacity = (period: CapacityPeriod): Promise<void> => tasks.setCapacity(this, period)
  toilBudgets = (): Promise<ToilBudget[]> => tasks.toilBudgets(this)
  setToilBudget = (team: string, budget: number | null): Promise<void> => tasks.setToilBudget(this, team, budget)

  findTask = (team: string, name: string): Promise<Task | undefined> => tasks.findTask(this, team, name)
  taskNames = (team: string): Promise<string[]> => tasks.taskNames(this, team)
  listTasks = (filter?: {team?: string}): Promise<Task[]> => tasks.listTasks(this, filter)
  addTask = (task: NewTask): Promise<Task> => tasks.addTask(this, task)
  updateTask = (id: number, patch: TaskPatch): Promise<Task> => tasks.updateTask(this, id, patch)
  removeTask = (id: number, options: {withEntries: boolean}): Promise<RemoveTaskResult> => tasks.removeTask(this, id, options)
  mergeTasks = (fromId: number, intoId: number): Promise<{entriesMoved: number; backup: string}> => tasks.mergeTasks(this, fromId, intoId)
  renameTeam = (from: string, to: string): Promise<boolean> => names.renameTeam(this, from, to)
  removeTeam = (team: string, options: {withEntries: boolean}): Promise<RemoveTeamResult> => names.removeTeam(this, team, options)
  renameEngineer = (from: string, to: string): Promise<number> => names.renameEngineer(this, from, to)
  mergeEngineers = (from: string, into: string): Promise<{entriesMoved: number; backup: string}> => names.mergeEngineers(this, from, into)

  addEntry = (entry: NewEntry, createTask?: NewTask): Promise<{entry: Entry; taskCreated: boolean}> => entries.addEntry(this, entry, createTask)
  listEntries = (filter: EntryFilter): Promise<Entry[]> => entries.listEntries(this, filter)
  countEntries = (filter?: EntryFilter): Promise<number> => entries.countEntries(this, filter)
  entryTotals = (filter?: EntryFilter): Promise<TaskTotals> => entries.entryTotals(this, filter)
  findEntry = (idOrPart: string): Promise<Entry | undefined> => entries.findEntry(this, idOrPart)
  updateEntry = (id: string, patch: EntryPatch): Promise<Entry> => entries.updateEntry(this, id, patch)
  removeEntry = (id: string): Promise<void> => entries.removeEntry(this, id)
  undoLast = (loggedBy: string, engineer?: string): Promise<Entry | undefined> => entries.undoLast(this, loggedBy, engineer)
  lastTeamLoggedBy = (loggedBy: string): Promise<string | undefined> => entries.lastTeamLoggedBy(this, loggedBy)
  engineerNames = (): Promise<string[]> => entries.engineerNames(this)

  taskMonths = (filter: AggregateFilter): Promise<TaskMonth[]> => aggregates.taskMonths(this, filter)
  engineerTeamHours = (filter: {from: Day; to: Day; teams: readonly string[]}): Promise<EngineerTeamMonthHours[]> => aggregates.engineerTeamHours(this, filter)
  taskHistory = (filter: {to: Day; team?: string}): Promise<TaskHistoryFacts[]> => aggregates.taskHistory(this, filter)
  engineerTaskHours = (filter: AggregateFilter): Promise<EngineerTaskHours[]> => aggregates.engineerTaskHours(this, filter)
  taskTotals = (taskId: number): Promise<TaskTotals> => aggregates.taskTotals(this, taskId)
  engineerDayHours = (engineer: string, day: Day): Promise<number> => aggregates.engineerDayHours(this, engineer, day)
  engineerTasks = (filter: {engineer: string; from: Day; to: Day}): Promise<EngineerTaskTotals[]> => aggregates.engineerTasks(this, filter)
  firstDay = (team?: string): Promise<Day | null> => aggregates.firstDay(this, team)

  exportAll = (): AsyncIterable<ExportRecord> => transfer.exportAll(this)
  importRecords = (batches: AsyncIterable<readonly ImportRecord[]>, options?: ImportOptions): Promise<ImportResult> => transfer.importRecords(this, batches, options)
  entriesBySourceKey = (keys: readonly string[]): Promise<Entry[]> => entries.entriesBySourceKey(this, keys)
  entriesBySourcePrefix = (prefixes: readonly string[]): Promise<Entry[]> => entries.entriesBySourcePrefix(this, prefixes)

  backup = (reason: string): Promise<string> => maintenance.backup(this, reason)
  restore = (file: string): Promise<string> => maintenance.restore(this, file)
  doctor = (): Promise<DoctorReport> => maintenance.doctor(this)
  removeStrayPartials = (): Promise<string[]> => maintenance.removeStrayPartials(this)
}
