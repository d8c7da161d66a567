import type {Day, Month} from '../domain/calendar.js'
import type {CapacityPeriod, Entry, Task} from '../domain/types.js'

export interface NewTask extends Omit<Task, 'id' | 'createdAt'> {
  createdAt?: string
}
export type TaskPatch = Partial<Omit<Task, 'id' | 'team' | 'createdAt'>>

export interface NewEntry extends Omit<Entry, 'id' | 'createdAt'> {
  id?: string
  createdAt?: string
  /** The user running `toil log` (not --engineer); absent for imported entries. */
  loggedBy?: string
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

import type {TaskTotals} from '../domain/types.js'
export type {TaskTotals}

import type {EngineerTeamMonthHours, TaskHistoryFacts, ToilBudget} from '../domain/analysis/types.js'
export type {EngineerTeamMonthHours, TaskHistoryFacts, ToilBudget}

import type {EngineerTaskHours} from '../domain/report.js'
export type {EngineerTaskHours}

/** One engineer's logged hours and occurrences of one task in a range (`toil summary`). */
export interface EngineerTaskTotals {
  taskId: number
  task: string
  team: string
  hours: number
  occurrences: number
}

export interface AggregateFilter {
  from: Day
  to: Day
  team?: string
}

import type {EntryRecord, ExportRecord, ImportRecord, TaskRecord, TeamRecord} from '../domain/records.js'
export type {EntryRecord, ExportRecord, ImportRecord, TaskRecord, TeamRecord}

export interface ImportResult {
  teamsAdded: number
  tasksAdded: number
  entriesAdded: number
  entriesSkipped: number
  /** Entries whose source key was stored and whose figures the import changed (only with `updateBySourceKey`). */
  entriesUpdated: number
  /** Entries removed by `removeSourceKeys`. */
  entriesRemoved: number
  /** The backup taken (inside the import's transaction) of a database that held entries; null when none was needed. */
  backup: string | null
}

export interface ImportOptions {
  /**
   * An entry whose source key is stored already replaces the stored entry's day, minutes,
   * count, engineer and note where they differ (the stored id and task stay). Without it,
   * such an entry is skipped like one whose id is stored.
   */
  updateBySourceKey?: boolean
  /** Entries of these source keys are removed first, in the same transaction (records gone upstream, or replaced by others). */
  removeSourceKeys?: readonly string[]
  /** What the team database's audit names the import after: the file, or the system and file. */
  source?: string
}

/** What `removeTask` did: removed it (after a backup), or refused because it has entries and they were not to go. */
export type RemoveTaskResult = {removed: true; entriesRemoved: number; backup: string} | {removed: false; entries: number}

/** What `removeTeam` did: removed it with its tasks and entries (after a backup), or refused because it has some and they were not to go. */
export type RemoveTeamResult = {removed: true; tasksRemoved: number; entriesRemoved: number; backup: string} | {removed: false; tasks: number; entries: number}

export interface DoctorReport {
  /** PostgreSQL, for the database's owner: what is in the database that toil did not make (SPEC §9.1); absent when nothing. */
  tampering?: string[]
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
  /**
   * Who the database says the user is: a member's login role on a team database (SPEC §9.1).
   * Undefined where the user says who they are (SQLite, or the team database's owner).
   */
  identity(): Promise<string | undefined>
  /** Runs `fn`'s writes as one change: on PostgreSQL in one transaction, one audit row named `what`. */
  change<T>(what: string, fn: () => Promise<T>): Promise<T>

  listTeams(): Promise<string[]>
  capacityHistory(team?: string): Promise<CapacityPeriod[]>
  setCapacity(period: CapacityPeriod): Promise<void>
  /** Every team's toil budget that is set. */
  toilBudgets(): Promise<ToilBudget[]>
  /** Sets (or with null clears) a team's toil budget, creating the team when new. */
  setToilBudget(team: string, budget: number | null): Promise<void>

  findTask(team: string, name: string): Promise<Task | undefined>
  taskNames(team: string): Promise<string[]>
  listTasks(filter?: {team?: string}): Promise<Task[]>
  addTask(task: NewTask): Promise<Task>
  updateTask(id: number, patch: TaskPatch): Promise<Task>
  /**
   * Removes a task and its entries in one transaction that first writes a backup, so an entry
   * logged meanwhile is either in the backup or not removed. A task with entries is only
   * removed with `withEntries`; without it, nothing is written.
   */
  removeTask(id: number, options: {withEntries: boolean}): Promise<RemoveTaskResult>
  /** Moves every entry of `fromId` to `intoId` and removes `fromId`, in one transaction that first writes a backup. */
  mergeTasks(fromId: number, intoId: number): Promise<{entriesMoved: number; backup: string}>
  /** Renames a team (found in any case); false when there is none. A clash with another team is the caller's to refuse first. */
  renameTeam(from: string, to: string): Promise<boolean>
  /** Removes a team, its capacity, tasks and entries in one transaction that first writes a backup; one with tasks or entries only `withEntries`. */
  removeTeam(team: string, options: {withEntries: boolean}): Promise<RemoveTeamResult>
  /** Gives every entry of engineer `from` the name `to` in one transaction; returns how many. */
  renameEngineer(from: string, to: string): Promise<number>
  /** Moves every entry of engineer `from` to `into` in one transaction that first writes a backup. */
  mergeEngineers(from: string, into: string): Promise<{entriesMoved: number; backup: string}>

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
  /**
   * Removes and returns the newest entry `loggedBy` logged (in logging order, never an imported
   * one), of `engineer` when given; claimed in one transaction, so two undos never take the same one.
   */
  undoLast(loggedBy: string, engineer?: string): Promise<Entry | undefined>
  /** The team of the newest entry `loggedBy` logged (imported entries aside): their "last team". */
  lastTeamLoggedBy(loggedBy: string): Promise<string | undefined>
  /** Every engineer who has an entry, in any order (the typo guard of `--engineer`). */
  engineerNames(): Promise<string[]>

  taskMonths(filter: AggregateFilter): Promise<TaskMonth[]>
  /**
   * Hours per engineer, team and month in the range, of every engineer who logged for
   * one of `teams` there (teams matched case-insensitively), in all the teams they logged for.
   */
  engineerTeamHours(filter: {from: Day; to: Day; teams: readonly string[]}): Promise<EngineerTeamMonthHours[]>
  /**
   * Each task's whole history up to `to` (one team's tasks, or all): its first day, and its
   * occurrences summed over at most its first 3 entries (enough to tell 1, 2, or 3 and more).
   */
  taskHistory(filter: {to: Day; team?: string}): Promise<TaskHistoryFacts[]>
  engineerTaskHours(filter: AggregateFilter): Promise<EngineerTaskHours[]>
  /** Entries, occurrences, hours and first and last day of one task. */
  taskTotals(taskId: number): Promise<TaskTotals>
  /** An engineer's logged hours on one day (the 24 h warning of `toil log`): read through the day, not the engineer's whole history. */
  engineerDayHours(engineer: string, day: Day): Promise<number>
  /** An engineer's hours and occurrences per task from `from` to `to`, summed in the store, most hours first. */
  engineerTasks(filter: {engineer: string; from: Day; to: Day}): Promise<EngineerTaskTotals[]>
  /** The first day with an entry, or null for an empty store. */
  firstDay(team?: string): Promise<Day | null>

  /** Teams, tasks, then entries, in a stable order (for a byte-identical export), all read from one snapshot. */
  exportAll(): AsyncIterable<ExportRecord>
  /**
   * Imports in one transaction: all or nothing. Existing teams and tasks are kept;
   * entries already present (same id, same content) are skipped, so a re-import adds nothing;
   * so are entries whose source key is stored (see ImportOptions for updating them instead);
   * an id present with other content is an error naming both lines, or the line and the stored
   * entry. Records arrive in batches, in file order. A database that holds entries is backed up
   * first, inside the transaction; the backup is removed again when the import fails.
   */
  importRecords(batches: AsyncIterable<readonly ImportRecord[]>, options?: ImportOptions): Promise<ImportResult>
  /**
   * The entries whose source key (the upstream record an imported entry came from, SPEC §10)
   * is one of `keys`, in any order; keys with no entry are left out. Any number of keys.
   */
  entriesBySourceKey(keys: readonly string[]): Promise<Entry[]>
  /** The entries whose source key starts with one of `prefixes` (`jira:OPS-42:`), in any order. */
  entriesBySourcePrefix(prefixes: readonly string[]): Promise<Entry[]>

  /** Writes a complete backup (under a temporary name, then renamed) and rotates this database's backups. */
  backup(reason: string): Promise<string>
  /**
   * Replaces the database's content with that of `file` (checked first) in one transaction
   * that first writes a safety backup; returns the backup's path, or null where there was
   * nothing to keep (PostgreSQL restores into an empty database only).
   */
  restore(file: string): Promise<string | null>
  doctor(): Promise<DoctorReport>
  /** Removes temporary files that killed or failed backups and restores left behind; returns their names. */
  removeStrayPartials(): Promise<string[]>
}
