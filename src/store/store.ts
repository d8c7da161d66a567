import type {Day, Month} from '../domain/calendar.js'
import type {CapacityPeriod, Entry, Task} from '../domain/types.js'

export interface NewTask extends Omit<Task, 'id' | 'createdAt'> {
  createdAt?: string
}
export type TaskPatch = Partial<Omit<Task, 'id' | 'team' | 'createdAt'>>

export interface NewEntry extends Omit<Entry, 'id' | 'createdAt'> {
  id?: string
  createdAt?: string
}
export type EntryPatch = Partial<Pick<Entry, 'day' | 'minutes' | 'count' | 'tags' | 'note' | 'engineer'>> & {task?: string}

export interface EntryFilter {
  from?: Day
  to?: Day
  team?: string
  task?: string
  engineer?: string
  tag?: string
  limit?: number
}

/** Hours of one task in one month, summed in the store. */
export interface TaskMonth {
  taskId: number
  month: Month
  hours: number
  occurrences: number
  /** Hours of entries tagged `oncall` or `interrupt`. */
  operationalHours: number
}

/** Logged totals of one task, summed in the store. */
export interface TaskTotals {
  entries: number
  occurrences: number
  hours: number
  firstDay: Day | null
  lastDay: Day | null
}

export interface TeamMonthEngineers {
  team: string
  month: Month
  engineers: number
}

import type {EngineerTaskHours} from '../domain/report.js'
export type {EngineerTaskHours}

export interface AggregateFilter {
  from: Day
  to: Day
  team?: string
}

export interface TeamRecord {
  type: 'team'
  name: string
  capacity: Omit<CapacityPeriod, 'team'>[]
}
export type TaskRecord = {type: 'task'} & Omit<Task, 'id'>
export type EntryRecord = {type: 'entry'} & Entry
/** One line of an export file: teams first, then tasks, then entries. */
export type ExportRecord = TeamRecord | TaskRecord | EntryRecord
/** A record read from a file, with its line for error messages. */
export type ImportRecord = (TeamRecord | TaskRecord | (Omit<EntryRecord, 'createdAt'> & {createdAt?: string; category?: Task['category']})) & {line: number}

export interface ImportResult {
  teamsAdded: number
  tasksAdded: number
  entriesAdded: number
  entriesSkipped: number
}

export interface DoctorReport {
  integrity: string[]
  foreignKeys: number
  schemaVersion: number
  entries: number
  tasks: number
  teams: number
}

/**
 * Everything the commands and the analyzer need from storage. Async so a
 * networked store can sit beside the SQLite one.
 */
export interface Store {
  readonly path: string
  close(): Promise<void>

  listTeams(): Promise<string[]>
  capacityHistory(team?: string): Promise<CapacityPeriod[]>
  setCapacity(period: CapacityPeriod): Promise<void>

  findTask(team: string, name: string): Promise<Task | undefined>
  taskNames(team: string): Promise<string[]>
  listTasks(filter?: {team?: string}): Promise<Task[]>
  addTask(task: NewTask): Promise<Task>
  updateTask(id: number, patch: TaskPatch): Promise<Task>
  /** Removes a task and its entries; returns how many entries went with it. */
  removeTask(id: number): Promise<number>
  /** Moves every entry of `fromId` to `intoId` and removes `fromId`; returns entries moved. */
  mergeTasks(fromId: number, intoId: number): Promise<number>

  /** Inserts an entry, creating its task first (in one transaction) when `createTask` is given and it is still missing. */
  addEntry(entry: NewEntry, createTask?: NewTask): Promise<{entry: Entry; taskCreated: boolean}>
  listEntries(filter: EntryFilter): Promise<Entry[]>
  countEntries(filter?: EntryFilter): Promise<number>
  /** Entries, occurrences, hours and first and last day of the entries a filter selects (its limit ignored). */
  entryTotals(filter?: EntryFilter): Promise<TaskTotals>
  /** The entry whose id is, starts with or ends with `idOrPart`; throws when ambiguous. */
  findEntry(idOrPart: string): Promise<Entry | undefined>
  updateEntry(id: string, patch: EntryPatch): Promise<Entry>
  removeEntry(id: string): Promise<void>
  latestEntryBy(engineer: string): Promise<Entry | undefined>

  taskMonths(filter: AggregateFilter): Promise<TaskMonth[]>
  /** Distinct engineers who logged for each of `teams`, a month; teams matched case-insensitively. */
  engineersPerMonth(filter: {from: Day; to: Day; teams: readonly string[]}): Promise<TeamMonthEngineers[]>
  engineerTaskHours(filter: AggregateFilter): Promise<EngineerTaskHours[]>
  /** Entries, occurrences, hours and first and last day of one task. */
  taskTotals(taskId: number): Promise<TaskTotals>
  /** The first day with an entry, or null for an empty store. */
  firstDay(team?: string): Promise<Day | null>

  /** Teams, tasks, then entries, in a stable order (for a byte-identical export). */
  exportAll(): AsyncIterable<ExportRecord>
  /**
   * Imports in one transaction: all or nothing. Existing teams and tasks are kept;
   * entries already present (same id) are skipped, so a re-import adds nothing.
   * Records arrive in batches, in file order.
   */
  importRecords(batches: AsyncIterable<readonly ImportRecord[]>): Promise<ImportResult>

  /** Writes a backup; returns its file. */
  backup(reason: string): Promise<string>
  /** Replaces the history with a backup's; returns the safety backup of what was there, or null where nothing was (PostgreSQL restores into an empty database only). */
  restore(file: string): Promise<string | null>
  doctor(): Promise<DoctorReport>
}
