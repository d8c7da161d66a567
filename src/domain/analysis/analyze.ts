import {type Day, type Month, firstDay, lastDay, monthOf, monthRange, shiftMonth} from '../calendar.js'
import type {Criterion, Task} from '../types.js'
import {reviewAutomation} from './automations.js'
import {hoursPerWeekOf, onCallLoad, sameName, scopeCapacity} from './capacity.js'
import {type RateBasis, compareByPayback, findCandidates} from './candidates.js'
import {classifyTask, statusAsOf} from './classify.js'
import {monthFigures, operationalPart} from './history.js'
import {forecast} from './projection.js'
import type {
  Analysis, AnalysisInput, AnalysisOptions, AutomationReview, Candidate, CounterfactualMonth, MonthFigures, TaskAnalysis, TaskHistoryFacts, TaskMonthHours,
  TaskWindowFacts, Verdict,
} from './types.js'

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
    basis: 'toil',
    sort: 'payback',
    partialThrough: null,
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
 * for the window before each automation's since-day (SPEC §4.2), and on to the as-of
 * day when its month is shown in progress (`partialThrough`). Never a day after it.
 */
export function inputRange(tasks: readonly Pick<Task, 'status' | 'automatedSince'>[], options: Pick<AnalysisOptions, 'asOf' | 'window'> & Partial<Pick<AnalysisOptions, 'partialThrough'>>): {from: Day; to: Day} {
  let from = windowMonths(options.asOf, options.window)[0]!
  for (const t of tasks) {
    if (t.status !== 'automated' || t.automatedSince === null || t.automatedSince > options.asOf) continue
    const before = shiftMonth(monthOf(t.automatedSince), -options.window)
    if (before < from) from = before
  }
  return {from: firstDay(from), to: options.partialThrough ? options.asOf : lastDay(lastCompleteMonth(options.asOf))}
}

/**
 * The series `scales` judges (SPEC §4.1): the window's complete covered months from the
 * first one in which the task has hours to the last one, zeros inside included. Entries
 * before the window and empty months before its first window hours decide nothing.
 */
export function scalesSeries(months: readonly {hours: number}[]): number[] {
  const first = months.findIndex((m) => m.hours > 0)
  return first < 0 ? [] : months.slice(first).map((m) => m.hours)
}

/** What the window's rows say about one task. */
export function windowFacts(taskId: number, rows: readonly TaskMonthHours[], months: readonly Month[]): {hours: number; occurrences: number; operationalHours: number; months: TaskAnalysis['months']} {
  const perMonth = months.map((month) => {
    const row = rows.find((r) => r.taskId === taskId && r.month === month)
    return {month, hours: row?.hours ?? 0, occurrences: row?.occurrences ?? 0, operationalHours: row?.operationalHours ?? 0}
  })
  const sum = (key: 'hours' | 'occurrences' | 'operationalHours') => perMonth.reduce((s, m) => s + m[key], 0)
  return {occurrences: sum('occurrences'), hours: sum('hours'), operationalHours: sum('operationalHours'), months: perMonth}
}

/** Each team's first month with a logged entry, from its tasks' whole histories. */
export function teamStartMonths(tasks: readonly Pick<Task, 'id' | 'team'>[], history: readonly TaskHistoryFacts[]): Record<string, Month> {
  const firstDays = new Map(history.map((h) => [h.taskId, h.firstDay]))
  const starts: Record<string, Month> = {}
  for (const t of tasks) {
    const day = firstDays.get(t.id)
    if (!day) continue
    const key = t.team.toLowerCase()
    const month = monthOf(day)
    if (starts[key] === undefined || month < starts[key]) starts[key] = month
  }
  return starts
}

const VERDICT_ORDER: Record<Verdict, number> = {toil: 0, 'possible-toil': 1, 'not-toil': 2, overhead: 3}
// Answers that can still turn a toil verdict into not-toil (rule 2 of SPEC §4.1).
const VETOES: readonly Criterion[] = ['manual', 'automatable', 'noEnduringValue']

/** A task whose verdict answers could still change: possible-toil, or toil with a vetoing criterion unknown. */
export function needsAnswers(t: Pick<TaskAnalysis, 'verdict' | 'unanswered'>): boolean {
  return t.verdict === 'possible-toil' || (t.verdict === 'toil' && t.unanswered.some((c) => VETOES.includes(c)))
}

/**
 * Each counted month's shares as if the chosen candidates had been automated before the
 * window (SPEC §4.5): in every covered month of a task's team, its saved hours (the month's
 * hours × reduction) removed and its maintenance added, in the figure its hours belong to
 * (a possible-toil task lowers the upper bound only). A month its team was not logging yet
 * (before `teamStarts`, keyed by lower-case name) gets nothing added.
 */
export function counterfactualHistory(history: readonly MonthFigures[], tasks: readonly TaskAnalysis[], chosen: readonly Candidate[], teamStarts: Readonly<Record<string, Month>>): CounterfactualMonth[] {
  const byId = new Map(tasks.map((t) => [t.taskId, t]))
  return history.filter((h) => h.counts).map((h) => {
    let toil = h.toilHours
    let upper = h.toilHours + h.possibleToilHours
    let operational = h.operationalHours
    for (const c of chosen) {
      const t = byId.get(c.taskId)!
      const start = teamStarts[t.team.toLowerCase()]
      if (start === undefined || h.month < start) continue
      const m = t.months.find((x) => x.month === h.month)
      const saved = (m?.hours ?? 0) * c.reduction
      const maintenance = c.maintenanceHoursPerMonth
      upper += maintenance - saved
      if (t.verdict === 'toil') toil += maintenance - saved
      if (operationalPart(t, t.window.hours, t.window.operationalHours) > 0) {
        operational += maintenance - operationalPart(t, m?.hours ?? 0, m?.operationalHours ?? 0) * c.reduction
      }
    }
    const share = (hours: number) => Math.max(0, hours) / h.capacityHours
    return {month: h.month, share: share(toil), shareUpper: share(upper), operationalShare: share(operational)}
  })
}

/**
 * The analyzer: classification, monthly history, candidates, forecast (with what-if),
 * automations' forecast against realized savings, and the on-call load.
 * Pure: everything comes from `input`.
 */
export function analyze(input: AnalysisInput, options: AnalysisOptions): Analysis {
  if (!(options.window >= 1 && options.horizon >= 1 && options.threshold > 0)) throw new Error('analyze: window, horizon and threshold must be positive')
  const teams = options.team === null ? input.teams : input.teams.filter((t) => sameName(t, options.team!))
  const inScope = input.tasks.filter((t) => teams.some((team) => sameName(team, t.team)))
  const months = windowMonths(options.asOf, options.window)
  const last = months.at(-1)!
  // SPEC §4.5: the month in progress is the as-of day's own month, shown after the window
  // and read up to that day only; the analysis is the one `toil forecast` gives that day.
  if (options.partialThrough !== null && options.partialThrough !== options.asOf) throw new Error('analyze: a month in progress is shown only up to the as-of day')
  const partialMonth = options.partialThrough === null ? null : monthOf(options.asOf)
  const rowsByTask = new Map<number, TaskMonthHours[]>()
  for (const row of input.taskMonths) {
    const list = rowsByTask.get(row.taskId) ?? []
    list.push(row)
    rowsByTask.set(row.taskId, list)
  }
  const historyById = new Map(input.taskHistory.map((h) => [h.taskId, h]))
  const teamStarts = teamStartMonths(inScope, input.taskHistory)
  const startOf = (team: string) => teamStarts[team.toLowerCase()]

  const rateBasis = new Map<number, RateBasis>()
  const tasks: TaskAnalysis[] = inScope.map((task) => {
    const rows = rowsByTask.get(task.id) ?? []
    const window = windowFacts(task.id, rows, months)
    const history = historyById.get(task.id)
    const firstMonth = history?.firstDay ? monthOf(history.firstDay) : null
    // The months it could have happened in: window months from its first entry's month on.
    const possible = window.months.filter((m) => firstMonth !== null && m.month >= firstMonth)
    rateBasis.set(task.id, {loggedHours: possible.reduce((s, m) => s + m.hours, 0), months: possible.length})
    const facts: TaskWindowFacts = {
      occurrences: window.occurrences,
      hours: window.hours,
      operationalHours: window.operationalHours,
      monthlyHours: window.months.map((m) => m.hours),
      historyOccurrences: history?.occurrences ?? 0,
      firstMonth,
      scalesSeries: scalesSeries(window.months),
    }
    const status = statusAsOf(task, options.asOf)
    // The month in progress is listed after the window's months for the report; it decides nothing.
    const shown = partialMonth === null ? window.months : [...window.months, ...windowFacts(task.id, rows, [partialMonth]).months]
    return {taskId: task.id, task: task.name, team: task.team, category: task.category, status, window: facts, months: shown, ...classifyTask(task, facts)}
  })
  tasks.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || b.window.hours - a.window.hours || a.task.localeCompare(b.task) || a.team.localeCompare(b.team))

  const figuresOf = (month: Month) => {
    const covered = teams.filter((team) => startOf(team) !== undefined && startOf(team)! <= month)
    const capacity = scopeCapacity(covered, input.capacity, input.engineerHours, month)
    return monthFigures(month, tasks, input.taskMonths, capacity, {covered: covered.length > 0, partial: month === partialMonth})
  }
  const windowHistory = months.map(figuresOf)
  const history = partialMonth === null ? windowHistory : [...windowHistory, figuresOf(partialMonth)]
  const taskById = new Map(inScope.map((t) => [t.id, t]))
  const candidates = findCandidates(tasks, taskById, rateBasis, options)
  const automations = inScope
    .map((t) => {
      const firstMonth = tasks.find((a) => a.taskId === t.id)!.window.firstMonth
      return reviewAutomation({...t, status: statusAsOf(t, options.asOf)}, rowsByTask.get(t.id) ?? [], last, options.window, firstMonth)
    })
    .filter((r): r is AutomationReview => r !== null)
  const chosen = options.automate > 0 ? candidates.filter((c) => c.paysWithinHorizon).sort(compareByPayback).slice(0, options.automate) : []
  const counterfactual = options.automate > 0 ? {automate: options.automate, chosen, history: counterfactualHistory(windowHistory, tasks, chosen, teamStarts)} : null
  const budget = teams.length === 1 ? (input.budgets.find((b) => sameName(b.team, teams[0]!))?.budget ?? null) : null
  const shownLast = partialMonth ?? last

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
    forecast: forecast(windowHistory, options, counterfactual, budget),
    automations,
    onCallLoad: onCallLoad(teams, input.capacity, input.engineerHours, last),
    needsAnswers: tasks.filter(needsAnswers).sort((a, b) => b.window.hours - a.window.hours || a.task.localeCompare(b.task)),
    teamStarts,
    hoursPerWeek: Object.fromEntries(teams.map((t) => [t.toLowerCase(), hoursPerWeekOf(input.capacity, t, shownLast)])),
  }
}
