import type {Day, Month} from './calendar.js'
import type {Frequency} from './frequency.js'

export const CATEGORIES = ['interrupt', 'oncall', 'release', 'migration', 'provisioning', 'business-process', 'cleanup', 'overhead', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

export const STATUSES = ['active', 'automating', 'automated', 'retired'] as const
export type Status = (typeof STATUSES)[number]

/** The six toil criteria of the SRE book, ch. 5. `noEnduringValue` = yes means the work leaves nothing lasting. */
export const CRITERIA = ['manual', 'repetitive', 'automatable', 'tactical', 'noEnduringValue', 'scales'] as const
export type Criterion = (typeof CRITERIA)[number]
export type Answer = 'yes' | 'no' | 'unknown'
export type Criteria = Record<Criterion, Answer>

export function unknownCriteria(): Criteria {
  return {manual: 'unknown', repetitive: 'unknown', automatable: 'unknown', tactical: 'unknown', noEnduringValue: 'unknown', scales: 'unknown'}
}

export interface AutomationEstimate {
  /** Hours of work to automate; null when not estimated. */
  costHours: number | null
  /** Expected share of the work removed, 0–1. */
  reduction: number
  maintenanceHoursPerMonth: number
}

export interface Task {
  id: number
  team: string
  name: string
  category: Category
  criteria: Criteria
  frequency: Frequency | null
  /** Typical hands-on minutes per occurrence. */
  durationMinutes: number | null
  estimate: AutomationEstimate
  status: Status
  /** Day the automation went live (status automated). */
  automatedSince: Day | null
  createdAt: string
}

export interface Entry {
  id: string
  task: string
  team: string
  engineer: string
  day: Day
  minutes: number
  count: number
  tags: string[]
  note: string
  createdAt: string
  /** The upstream record of an imported entry (`pagerduty:Q1ABC`); absent for logged work. */
  sourceKey?: string
  /** Who ran `toil log` (a lead logging for an engineer, or the engineer); absent for imported entries. */
  loggedBy?: string
}

export interface CapacityPeriod {
  team: string
  fromMonth: Month
  members: number
  hoursPerWeek: number
  rotation: number | null
  shifts: number | null
}

export interface Team {
  name: string
  capacity: CapacityPeriod[]
}

export function entryHours(entry: Pick<Entry, 'minutes' | 'count'>): number {
  return (entry.minutes * entry.count) / 60
}

/** Logged totals of one task, summed in the store. */
export interface TaskTotals {
  entries: number
  occurrences: number
  hours: number
  firstDay: Day | null
  lastDay: Day | null
}
