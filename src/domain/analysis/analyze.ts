import {type Day, type Month, firstDay, lastDay, monthOf, monthRange, shiftMonth} from '../calendar.js'
import type {Task} from '../types.js'
import {reviewAutomation} from './automations.js'
import {onCallFloor, sameName, scopeCapacity} from './capacity.js'
import {findCandidates} from './candidates.js'
import {classifyTask} from './classify.js'
import {monthFigures} from './history.js'
import {forecast} from './projection.js'
import type {Analysis, AnalysisInput, AnalysisOptions, AutomationReview, TaskAnalysis, TaskMonthHours, TaskWindowFacts, Verdict} from './types.js'

export const DEFAULT_WINDOW = 6
export const DEFAULT_HORIZON = 12
export const DEFAULT_THRESHOLD = 0.5
export const DEFAULT_OVERRUN = 1

export function defaultOptions(asOf: Day, overrides: Partial<AnalysisOptions> = {}): AnalysisOptions {
  return {
    asOf,
    team: null,
    window: DEFAULT_WINDOW,
    horizon: DEFAULT_HORIZON,
    threshold: DEFAULT_THRESHOLD,
    growth: null,
    headcountGrowth: null,
    automate: 0,
    overrun: DEFAULT_OVERRUN,
    ...overrides,
  }
}

/** The month before the as-of day's month. */
export function lastCompleteMonth(asOf: Day): Month {
  return shiftMonth(monthOf(asOf), -1)
}

/** The last `window` complete months, oldest first. */
export function windowMonths(asOf: Day, window: number): Month[] {
  const last = lastCompleteMonth(asOf)
  return monthRange(shiftMonth(last, -(window - 1)), last)
}

/**
 * The days whose entries the analyzer reads: the window, reaching back far enough
 * for the window before each automation's since-day (SPEC §4.4).
 */
export function inputRange(tasks: readonly Pick<Task, 'status' | 'automatedSince'>[], options: Pick<AnalysisOptions, 'asOf' | 'window'>): {from: Day; to: Day} {
  let from = windowMonths(options.asOf, options.window)[0]!
  for (const t of tasks) {
    if (t.status !== 'automated' || t.automatedSince === null) continue
    const before = shiftMonth(monthOf(t.automatedSince), -options.window)
    if (before < from) from = before
  }
  return {from: firstDay(from), to: lastDay(lastCompleteMonth(options.asOf))}
}

/** What the window's rows say about one task. */
export function windowFacts(taskId: number, rows: readonly TaskMonthHours[], months: readonly Month[]): {facts: TaskWindowFacts; months: TaskAnalysis['months']} {
  const perMonth = months.map((month) => {
    const row = rows.find((r) => r.taskId === taskId && r.month === month)
    return {month, hours: row?.hours ?? 0, occurrences: row?.occurrences ?? 0, operationalHours: row?.operationalHours ?? 0}
  })
  const sum = (key: 'hours' | 'occurrences' | 'operationalHours') => perMonth.reduce((s, m) => s + m[key], 0)
  return {
    facts: {occurrences: sum('occurrences'), hours: sum('hours'), operationalHours: sum('operationalHours'), monthlyHours: perMonth.map((m) => m.hours)},
    months: perMonth,
  }
}

const VERDICT_ORDER: Record<Verdict, number> = {toil: 0, 'possible-toil': 1, 'not-toil': 2, overhead: 3}

/**
 * The analyzer: classification, monthly history, candidates, forecast (with what-if),
 * automations' forecast against realized savings, and the on-call floor.
 * Pure: everything comes from `input`.
 */
export function analyze(input: AnalysisInput, options: AnalysisOptions): Analysis {
  if (!(options.window >= 1 && options.horizon >= 1 && options.threshold > 0)) throw new Error('analyze: window, horizon and threshold must be positive')
  const teams = options.team === null ? input.teams : input.teams.filter((t) => sameName(t, options.team!))
  const inScope = input.tasks.filter((t) => teams.some((team) => sameName(team, t.team)))
  const months = windowMonths(options.asOf, options.window)
  const last = months.at(-1)!
  const rowsByTask = new Map<number, TaskMonthHours[]>()
  for (const row of input.taskMonths) {
    const list = rowsByTask.get(row.taskId) ?? []
    list.push(row)
    rowsByTask.set(row.taskId, list)
  }

  const tasks: TaskAnalysis[] = inScope.map((task) => {
    const {facts, months: perMonth} = windowFacts(task.id, rowsByTask.get(task.id) ?? [], months)
    return {taskId: task.id, task: task.name, team: task.team, category: task.category, status: task.status, window: facts, months: perMonth, ...classifyTask(task, facts)}
  })
  tasks.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || b.window.hours - a.window.hours || a.task.localeCompare(b.task) || a.team.localeCompare(b.team))

  const history = months.map((month) => monthFigures(month, tasks, input.taskMonths, scopeCapacity(teams, input.capacity, input.engineers, month)))
  const taskById = new Map(inScope.map((t) => [t.id, t]))
  const candidates = findCandidates(tasks, taskById, options)
  const automations = inScope
    .map((t) => reviewAutomation(t, rowsByTask.get(t.id) ?? [], last, options.window))
    .filter((r): r is AutomationReview => r !== null)

  return {
    options,
    team: options.team === null ? null : (teams[0] ?? options.team),
    teams,
    asOf: options.asOf,
    lastCompleteMonth: last,
    windowMonths: months,
    tasks,
    history,
    candidates,
    forecast: forecast(history, options, candidates, options.automate),
    automations,
    onCallFloor: onCallFloor(teams, input.capacity, input.engineers, last),
  }
}
