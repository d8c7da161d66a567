import type {AnalysisInput, TaskMonthHours} from '../../../src/domain/analysis/types.js'
import type {CapacityPeriod, Criteria, Task} from '../../../src/domain/types.js'
import {unknownCriteria} from '../../../src/domain/types.js'

let nextId = 1

/** A task with everything unknown, overridable. */
export function task(name: string, overrides: Partial<Omit<Task, 'criteria'>> & {criteria?: Partial<Criteria>} = {}): Task {
  return {
    id: nextId++,
    team: 'platform',
    name,
    category: 'other',
    criteria: unknownCriteria(),
    frequency: null,
    durationMinutes: null,
    estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0},
    status: 'active',
    automatedSince: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
    criteria: {...unknownCriteria(), ...overrides.criteria},
  }
}

export function row(t: Task, month: string, hours: number, occurrences = 1, operationalHours = 0): TaskMonthHours {
  return {taskId: t.id, month, hours, occurrences, operationalHours}
}

export function capacity(fromMonth: string, members: number, hoursPerWeek = 40, extra: Partial<CapacityPeriod> = {}): CapacityPeriod {
  return {team: 'platform', fromMonth, members, hoursPerWeek, rotation: null, shifts: null, ...extra}
}

/**
 * An analyzer input. Unless given, each task's whole history is what its rows say: its first
 * entry on the 1st of its first month with a row, its occurrences summed.
 */
export function input(parts: Partial<AnalysisInput>): AnalysisInput {
  const taskMonths = parts.taskMonths ?? []
  const taskHistory = (parts.tasks ?? []).map((t) => {
    const rows = taskMonths.filter((r) => r.taskId === t.id).sort((a, b) => a.month.localeCompare(b.month))
    return {taskId: t.id, occurrences: rows.reduce((s, r) => s + r.occurrences, 0), firstDay: rows.length > 0 ? `${rows[0]!.month}-01` : null}
  })
  return {teams: ['platform'], tasks: [], taskMonths, taskHistory, engineerHours: [], capacity: [], budgets: [], ...parts}
}

/** `count` engineers who each logged `hours` for `team` in `month` (and for no other team). */
export function engineers(team: string, month: string, count: number, hours = 1) {
  return Array.from({length: count}, (_, i) => ({engineer: `${team}-engineer-${i + 1}`, team, month, hours}))
}

/** The docs' worked examples use this as-of day: window 2026-05..2026-10. */
export const AS_OF = '2026-11-20'
export const WINDOW = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']
