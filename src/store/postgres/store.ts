/**
 * The PostgreSQL store: a team's shared history. Each method hands its work to the
 * file of its concern (tasks, entries, aggregates, transfer, maintenance); adding a
 * method to the Store interface is one function there and one line here.
 */
import type {Day} from '../../domain/calendar.js'
import type {CapacityPeriod, Entry, Task} from '../../domain/types.js'
import type {
  AggregateFilter, DoctorReport, EngineerTaskHours, EngineerTaskTotals, EntryFilter, EntryPatch, ExportRecord, ImportRecord,
  ImportOptions, ImportResult, NewEntry, NewTask, RemoveTaskResult, RemoveTeamResult, Store, TaskMonth, TaskPatch, TaskTotals, EngineerTeamMonthHours, TaskHistoryFacts, ToilBudget,
} from '../store.js'
import * as access from './access.js'
import * as aggregates from './aggregates.js'
import {type Db, connect, migrate} from './connection.js'
import * as entries from './entries.js'
import * as maintenance from './maintenance.js'
import * as names from './names.js'
import * as tasks from './tasks.js'
import * as transfer from './transfer.js'

/** Connects, checks the database is toil's (or empty) and brings its schema up to date. */
export async function openPostgresStore(url: string, options: {migrations?: readonly string[]; mustExist?: boolean} = {}): Promise<PostgresStore> {
  const db = await connect(url)
  try {
    await migrate(db, options.migrations, {mustExist: options.mustExist === true})
  } catch (error) {
    await db.close()
    throw error
  }
  return new PostgresStore(db)
}

export class PostgresStore implements Store {
  constructor(readonly db: Db) {}

  /** The URL with its password redacted: what messages show. */
  get path(): string {
    return this.db.label
  }

  close = (): Promise<void> => this.db.close()
  identity = (): Promise<string | undefined> => access.identity(this.db)
  change = <T>(what: string, fn: () => Promise<T>): Promise<T> => this.db.change(what, fn)

  listTeams = (): Promise<string[]> => tasks.listTeams(this.db)
  capacityHistory = (team?: string): Promise<CapacityPeriod[]> => tasks.capacityHistory(this.db, team)
  setCapacity = (period: CapacityPeriod): Promise<void> => tasks.setCapacity(this.db, period)
  toilBudgets = (): Promise<ToilBudget[]> => tasks.toilBudgets(this.db)
  setToilBudget = (team: string, budget: number | null): Promise<void> => tasks.setToilBudget(this.db, team, budget)

  findTask = (team: string, name: string): Promise<Task | undefined> => tasks.findTask(this.db, team, name)
  taskNames = (team: string): Promise<string[]> => tasks.taskNames(this.db, team)
  listTasks = (filter?: {team?: string}): Promise<Task[]> => tasks.listTasks(this.db, filter)
  addTask = (task: NewTask): Promise<Task> => tasks.addTask(this.db, task)
  updateTask = (id: number, patch: TaskPatch): Promise<Task> => tasks.updateTask(this.db, id, patch)
  removeTask = (id: number, options: {withEntries: boolean}): Promise<RemoveTaskResult> => tasks.removeTask(this.db, id, options)
  mergeTasks = (fromId: number, intoId: number): Promise<{entriesMoved: number; backup: string}> => tasks.mergeTasks(this.db, fromId, intoId)
  renameTeam = (from: string, to: string): Promise<boolean> => names.renameTeam(this.db, from, to)
  removeTeam = (team: string, options: {withEntries: boolean}): Promise<RemoveTeamResult> => names.removeTeam(this.db, team, options)
  renameEngineer = (from: string, to: string): Promise<number> => names.renameEngineer(this.db, from, to)
  mergeEngineers = (from: string, into: string): Promise<{entriesMoved: number; backup: string}> => names.mergeEngineers(this.db, from, into)

  addEntry = (entry: NewEntry, createTask?: NewTask): Promise<{entry: Entry; taskCreated: boolean}> => entries.addEntry(this.db, entry, createTask)
  listEntries = (filter: EntryFilter): Promise<Entry[]> => entries.listEntries(this.db, filter)
  countEntries = (filter?: EntryFilter): Promise<number> => entries.countEntries(this.db, filter)
  entryTotals = (filter?: EntryFilter): Promise<TaskTotals> => entries.entryTotals(this.db, filter)
  findEntry = (idOrPart: string): Promise<Entry | undefined> => entries.findEntry(this.db, idOrPart)
  updateEntry = (id: string, patch: EntryPatch): Promise<Entry> => entries.updateEntry(this.db, id, patch)
  removeEntry = (id: string): Promise<void> => entries.removeEntry(this.db, id)
  undoLast = (loggedBy: string, engineer?: string): Promise<Entry | undefined> => entries.undoLast(this.db, loggedBy, engineer)
  lastTeamLoggedBy = (loggedBy: string): Promise<string | undefined> => entries.lastTeamLoggedBy(this.db, loggedBy)
  engineerNames = (): Promise<string[]> => entries.engineerNames(this.db)

  taskMonths = (filter: AggregateFilter): Promise<TaskMonth[]> => aggregates.taskMonths(this.db, filter)
  engineerTeamHours = (filter: {from: Day; to: Day; teams: readonly string[]}): Promise<EngineerTeamMonthHours[]> => aggregates.engineerTeamHours(this.db, filter)
  taskHistory = (filter: {to: Day; team?: string}): Promise<TaskHistoryFacts[]> => aggregates.taskHistory(this.db, filter)
  engineerTaskHours = (filter: AggregateFilter): Promise<EngineerTaskHours[]> => aggregates.engineerTaskHours(this.db, filter)
  taskTotals = (taskId: number): Promise<TaskTotals> => aggregates.taskTotals(this.db, taskId)
  engineerDayHours = (engineer: string, day: Day): Promise<number> => aggregates.engineerDayHours(this.db, engineer, day)
  engineerTasks = (filter: {engineer: string; from: Day; to: Day}): Promise<EngineerTaskTotals[]> => aggregates.engineerTasks(this.db, filter)
  firstDay = (team?: string): Promise<Day | null> => aggregates.firstDay(this.db, team)

  exportAll = (): AsyncIterable<ExportRecord> => transfer.exportAll(this.db)
  importRecords = (batches: AsyncIterable<readonly ImportRecord[]>, options?: ImportOptions): Promise<ImportResult> => transfer.importRecords(this.db, batches, options)
  entriesBySourceKey = (keys: readonly string[]): Promise<Entry[]> => transfer.entriesBySourceKey(this.db, keys)
  entriesBySourcePrefix = (prefixes: readonly string[]): Promise<Entry[]> => transfer.entriesBySourcePrefix(this.db, prefixes)

  backup = (reason: string): Promise<string> => maintenance.backup(this.db, reason)
  restore = (file: string): Promise<string | null> => maintenance.restore(this.db, file)
  doctor = (): Promise<DoctorReport> => maintenance.doctor(this.db)
  /** Backups on PostgreSQL are written whole under a temporary name; leftovers of killed ones are removed. */
  removeStrayPartials = (): Promise<string[]> => maintenance.removeStrayPartials(this.db)
}
