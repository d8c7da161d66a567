import type {Month} from '../domain/calendar.js'
import {formatDuration, roundHours} from '../domain/duration.js'
import {formatFrequency} from '../domain/frequency.js'
import {capacityHoursOfMonth, onCallShare} from '../domain/task-input.js'
import {type Answer, type AutomationEstimate, type CapacityPeriod, type Criteria, type Criterion, type Task, CRITERIA} from '../domain/types.js'
import type {TaskTotals} from '../domain/types.js'
import {renderTable} from './table.js'
import {hours, percent, termText} from './text.js'
import {wrap} from './wrap.js'

/** A task as `--json` prints it: every field but the store's row id. */
export type TaskJson = Omit<Task, 'id'>

export function taskJson(task: Task): TaskJson {
  const {id: _id, ...fields} = task
  return fields
}

export const CRITERION_LABELS: Record<Criterion, string> = {
  manual: 'manual',
  repetitive: 'repetitive',
  automatable: 'automatable',
  tactical: 'tactical',
  noEnduringValue: 'no enduring value',
  scales: 'scales',
}

/** The letter of an answer in a criteria code. */
export const ANSWER_LETTER: Record<Answer, string> = {yes: 'Y', no: 'N', unknown: '?'}

/** `YY?N??`: one letter a criterion, in CRITERIA order. */
export function criteriaCode(criteria: Criteria): string {
  return CRITERIA.map((c) => ANSWER_LETTER[criteria[c]]).join('')
}

export const CRITERIA_LEGEND = `Criteria: ${CRITERIA.map((c) => CRITERION_LABELS[c]).join(', ')} (Y yes, N no, ? unknown)`

/** `16 h, 80%, +1 h/month`; `-` when nothing was estimated. */
export function formatEstimate(e: AutomationEstimate): string {
  if (e.costHours === null && e.reduction === 1 && e.maintenanceHoursPerMonth === 0) return '-'
  const parts = [e.costHours === null ? 'cost ?' : hours(e.costHours), percent(e.reduction, 0)]
  if (e.maintenanceHoursPerMonth > 0) parts.push(`+${hours(e.maintenanceHoursPerMonth)}/month`)
  return parts.join(', ')
}

function formatStatus(task: Pick<Task, 'status' | 'automatedSince'>): string {
  return task.status === 'automated' && task.automatedSince !== null ? `automated since ${task.automatedSince}` : task.status
}

export function taskTable(tasks: readonly Task[]): string {
  const head = ['Task', 'Team', 'Category', 'Status', 'Criteria', 'Frequency', 'Duration', 'Estimate']
  const rows = tasks.map((t) => [
    t.name,
    t.team,
    t.category,
    formatStatus(t),
    criteriaCode(t.criteria),
    t.frequency === null ? '-' : formatFrequency(t.frequency),
    t.durationMinutes === null ? '-' : formatDuration(t.durationMinutes),
    formatEstimate(t.estimate),
  ])
  return `${renderTable(head, rows, ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'left'], {optional: ['Frequency', 'Estimate', 'Duration']})}\n${wrap(CRITERIA_LEGEND)}`
}

function rows(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')
}

/** Every field of a task and its logged totals, for `task show`. */
export function taskDetails(task: Task, totals: TaskTotals): string {
  const e = task.estimate
  return [
    termText(`${task.name} (team ${task.team})`),
    rows([
      ['category', task.category],
      ['status', formatStatus(task)],
      ['frequency', task.frequency === null ? '-' : formatFrequency(task.frequency)],
      ['duration', task.durationMinutes === null ? '-' : formatDuration(task.durationMinutes)],
      ['cost', e.costHours === null ? 'not estimated' : hours(e.costHours)],
      ['reduction', percent(e.reduction, 0)],
      ['maintenance', `${hours(e.maintenanceHoursPerMonth)}/month`],
      ['created', task.createdAt],
    ]),
    'Criteria',
    rows(CRITERIA.map((c) => [CRITERION_LABELS[c], task.criteria[c]])),
    'Logged',
    rows([
      ['entries', String(totals.entries)],
      ['occurrences', String(totals.occurrences)],
      ['hours', hours(totals.hours)],
      ['first day', totals.firstDay ?? '-'],
      ['last day', totals.lastDay ?? '-'],
    ]),
  ].join('\n')
}

export interface TaskChange {
  /** The JSON path of the field: `name`, `criteria.manual`, `estimate.costHours`… */
  field: string
  before: unknown
  after: unknown
}

/** The fields that differ between two versions of a task, in display order. */
export function taskChanges(before: Task, after: Task): TaskChange[] {
  const pairs: [string, unknown, unknown][] = [
    ['name', before.name, after.name],
    ['category', before.category, after.category],
    ...CRITERIA.map((c): [string, unknown, unknown] => [`criteria.${c}`, before.criteria[c], after.criteria[c]]),
    ['frequency', before.frequency, after.frequency],
    ['durationMinutes', before.durationMinutes, after.durationMinutes],
    ['estimate.costHours', before.estimate.costHours, after.estimate.costHours],
    ['estimate.reduction', before.estimate.reduction, after.estimate.reduction],
    ['estimate.maintenanceHoursPerMonth', before.estimate.maintenanceHoursPerMonth, after.estimate.maintenanceHoursPerMonth],
    ['status', before.status, after.status],
    ['automatedSince', before.automatedSince, after.automatedSince],
  ]
  return pairs.filter(([, b, a]) => JSON.stringify(b) !== JSON.stringify(a)).map(([field, b, a]) => ({field, before: b, after: a}))
}

const CHANGE_LABELS: Record<string, [string, (value: unknown) => string]> = {
  frequency: ['frequency', (v) => (v === null ? '-' : formatFrequency(v as Task['frequency'] & object))],
  durationMinutes: ['duration', (v) => (v === null ? '-' : formatDuration(v as number))],
  'estimate.costHours': ['cost', (v) => (v === null ? 'not estimated' : hours(v as number))],
  'estimate.reduction': ['reduction', (v) => percent(v as number, 0)],
  'estimate.maintenanceHoursPerMonth': ['maintenance', (v) => `${hours(v as number)}/month`],
  automatedSince: ['automated since', (v) => (v === null ? '-' : String(v))],
}

/** `  manual: unknown → yes`, one line a change. */
export function formatChanges(changes: readonly TaskChange[]): string {
  return changes
    .map(({field, before, after}) => {
      const criterion = field.startsWith('criteria.') ? (field.slice('criteria.'.length) as Criterion) : undefined
      const [label, show] = criterion ? [CRITERION_LABELS[criterion], String] : CHANGE_LABELS[field] ?? [field, String]
      return `  ${label}: ${show(before)} → ${show(after)}`
    })
    .join('\n')
}

export interface TeamCapacity {
  name: string
  capacity: Omit<CapacityPeriod, 'team'>[]
  /** The team's own toil target (a share of capacity), null when it set none. */
  toilBudget: number | null
}

/** Teams with their capacity history; a team without one says its capacity is assumed. */
export function teamTable(teams: readonly TeamCapacity[]): string {
  const head = ['Team', 'Budget', 'From', 'Members', 'h/week', 'First month h', 'Rotation', 'On call']
  const rows: string[][] = []
  for (const team of teams) {
    const budget = team.toilBudget === null ? '-' : percent(team.toilBudget, 0)
    if (team.capacity.length === 0) rows.push([team.name, budget, '-', '-', '-', 'assumed', '-', '-'])
    for (const [i, c] of team.capacity.entries()) {
      rows.push([
        i === 0 ? team.name : '',
        i === 0 ? budget : '',
        c.fromMonth,
        String(c.members),
        String(c.hoursPerWeek),
        hours(capacityHoursOfMonth(c.members, c.hoursPerWeek, c.fromMonth)),
        c.rotation === null ? '-' : `${c.shifts} of ${c.rotation}`,
        c.rotation === null || c.shifts === null ? '-' : percent(onCallShare(c.rotation, c.shifts)),
      ])
    }
  }
  const notes = teams.some((t) => t.capacity.length === 0) ? `\n${wrap('Assumed capacity: 40 h/week for each engineer who logged that month; toil team set gives the real one.')}` : ''
  return `${renderTable(head, rows, ['left', 'right', 'left', 'right', 'right', 'right', 'left', 'right'])}${notes}`
}

/** The line `team set` prints about the period it stored. */
export function describeCapacity(p: CapacityPeriod, month: Month): string {
  const capacity = roundHours(capacityHoursOfMonth(p.members, p.hoursPerWeek, month))
  const floor = p.rotation === null || p.shifts === null ? '' : `; on-call load ${percent(onCallShare(p.rotation, p.shifts))} of each engineer's weeks (${p.shifts} of a rotation of ${p.rotation} on call at once)`
  return `Team ${p.team} from ${p.fromMonth}: ${p.members} × ${p.hoursPerWeek} h/week = ${capacity} h in ${month}${floor}`
}
