/**
 * Rows as both stores keep them, mapped to and from the domain's types: the
 * column names and their meaning are the same in SQLite and PostgreSQL.
 */
import {ToilError} from '../domain/errors.js'
import {nameKey} from '../domain/inputs.js'
import type {FrequencyUnit} from '../domain/frequency.js'
import {type Answer, type Category, type Entry, type Status, type Task, unknownCriteria} from '../domain/types.js'
import {SHORT_ID_LENGTH} from '../domain/uuid.js'
import type {NewTask} from './store.js'

export interface TaskRow {
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

export interface EntryRow {
  id: string
  task: string
  team: string
  engineer: string
  day: string
  minutes: number
  count: number
  /** JSON text in SQLite, an array in PostgreSQL. */
  tags: string | string[]
  note: string
  created_at: string
  /** The upstream record of an imported entry; null for logged work (absent from older selects). */
  source_key?: string | null
  /** Who logged it; null for imported entries (absent from older selects). */
  logged_by?: string | null
}

export function toTask(row: TaskRow): Task {
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

export function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    task: row.task,
    team: row.team,
    engineer: row.engineer,
    day: row.day,
    minutes: row.minutes,
    count: row.count,
    tags: typeof row.tags === 'string' ? (JSON.parse(row.tags) as string[]) : row.tags,
    note: row.note,
    createdAt: row.created_at,
    // Only when set: exports of logged work stay as they were.
    ...(row.source_key === null || row.source_key === undefined ? {} : {sourceKey: row.source_key}),
    ...(row.logged_by === null || row.logged_by === undefined ? {} : {loggedBy: row.logged_by}),
  }
}

/** The columns a new task or a patch sets, by column name; absent fields are left out. */
export function taskColumns(task: Partial<NewTask>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (task.name !== undefined) Object.assign(out, {name: task.name, name_key: nameKey(task.name)})
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

/** A task with nothing known yet but its name: what logging or importing an unknown name creates. */
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

export function now(): string {
  return new Date().toISOString()
}

/**
 * The one entry an id or part of one names (findEntry on both stores); more than one is an
 * error naming them, so the user can type more of the one they mean.
 */
export function onlyMatch(idOrPart: string, found: readonly Entry[]): Entry | undefined {
  const entries = [...new Map(found.map((e) => [e.id, e])).values()]
  if (entries.length <= 1) return entries[0]
  const ids = entries.map((e) => e.id.slice(-SHORT_ID_LENGTH)).join(', ')
  throw new ToilError('invalid-input', `id: ${JSON.stringify(idOrPart)} matches more than one entry (${ids}${entries.length > 2 ? ', …' : ''}); give more of the id`)
}
