import {type Day, type Month, shiftMonth} from './calendar.js'
import {weeklyToMonthly, ASSUMED_HOURS_PER_WEEK} from './analysis/capacity.js'
import {needsAnswers} from './analysis/analyze.js'
import {ratio} from './analysis/stats.js'
import type {Analysis, AutomationReview, Candidate, Forecast, MonthFigures, OnCallLoad, Verdict} from './analysis/types.js'
import type {Category, Criterion} from './types.js'

export const REPORT_TREND_MONTHS = 6
export const REPORT_TOP = 5

export interface ReportPeriod {
  from: Day
  to: Day
  month: Month
  /** True for the as-of month: the figures cover it only up to `to`. */
  inProgress: boolean
}

export interface TopTask {
  task: string
  team: string
  category: Category
  hours: number
  occurrences: number
  /** Fraction of the month's toil hours. */
  shareOfToil: number | null
}

export interface CategoryHours {
  category: Category
  hours: number
  shareOfToil: number | null
}

export interface ReviewItem {
  task: string
  team: string
  verdict: Verdict
  hours: number
  unanswered: Criterion[]
}

export interface EngineerLoad {
  engineer: string
  toilHours: number
  /** One engineer's month at their team's hours a week (the team they logged most for). */
  capacityHours: number
  hoursPerWeek: number
  share: number
  overThreshold: boolean
}

export interface EngineerTaskHours {
  engineer: string
  taskId: number
  hours: number
}

export interface Report {
  analysis: Analysis
  period: ReportPeriod
  team: string | null
  teams: string[]
  month: MonthFigures
  previous: MonthFigures | null
  threshold: number
  trend: MonthFigures[]
  /** Averages are over the counted months (logged, complete, with capacity), never over months before logging. */
  trendTotals: {toilHours: number; capacityHours: number; averageToilHours: number; averageShare: number | null; countedMonths: number}
  topTasks: TopTask[]
  byCategory: CategoryHours[]
  needsReview: ReviewItem[]
  candidates: Candidate[]
  automations: AutomationReview[]
  forecast: Forecast
  onCallLoad: OnCallLoad | null
  byEngineer: EngineerLoad[] | null
  /** Under an all-teams report, each team's own report of the month (for its status line); else empty. */
  byTeam: Report[]
  /** Plain statements where a figure is missing or assumed (no NaN, no silent 0%). */
  notes: string[]
}

/**
 * The monthly report of `analysis`, whose last complete month is the report's month.
 * `engineerHours` (per engineer and task in the month) only with --by-engineer.
 */
export function buildReport(analysis: Analysis, period: ReportPeriod, engineerHours: readonly EngineerTaskHours[] | null, each: readonly Analysis[] = []): Report {
  const month = period.month
  const figures = analysis.history.find((h) => h.month === month)
  if (!figures) throw new Error(`the analysis does not cover ${month}`)
  const previousMonth = shiftMonth(month, -1)
  const previous = analysis.history.find((h) => h.month === previousMonth && h.counts) ?? null
  const trend = analysis.history.filter((h) => h.month > shiftMonth(month, -REPORT_TREND_MONTHS) && h.month <= month)
  const counted = trend.filter((h) => h.counts)

  const inMonth = analysis.tasks
    .map((t) => ({t, m: t.months.find((m) => m.month === month)}))
    .filter((x): x is {t: (typeof x)['t']; m: NonNullable<(typeof x)['m']>} => x.m !== undefined && x.m.hours > 0)
  const toil = inMonth.filter((x) => x.t.verdict === 'toil')
  const topTasks = toil
    .map(({t, m}) => ({task: t.task, team: t.team, category: t.category, hours: m.hours, occurrences: m.occurrences, shareOfToil: ratio(m.hours, figures.toilHours)}))
    .sort((a, b) => b.hours - a.hours || a.task.localeCompare(b.task))
  const categories = new Map<Category, number>()
  for (const {t, m} of toil) categories.set(t.category, (categories.get(t.category) ?? 0) + m.hours)
  const byCategory = [...categories]
    .map(([category, hours]) => ({category, hours, shareOfToil: ratio(hours, figures.toilHours)}))
    .sort((a, b) => b.hours - a.hours)
  const needsReview = inMonth
    .filter(({t}) => needsAnswers(t))
    .map(({t, m}) => ({task: t.task, team: t.team, verdict: t.verdict, hours: m.hours, unanswered: t.unanswered}))
    .sort((a, b) => b.hours - a.hours || a.task.localeCompare(b.task))

  const notes: string[] = []
  if (figures.totalHours === 0) notes.push(`No work was logged in ${month}.`)
  if (figures.share === null) notes.push(`No capacity is known for ${month}: set it with toil team set, or log work so it can be assumed.`)
  else if (figures.capacityAssumed) notes.push(`Capacity of ${month} is assumed: engineers who logged × ${ASSUMED_HOURS_PER_WEEK} h a week (set it with toil team set).`)
  if (!previous) notes.push(`No previous month with data (${previousMonth}) to compare with.`)
  if (period.inProgress) notes.push(`${month} is in progress: figures cover ${period.from} to ${period.to} against the whole month's capacity; it is shown, never fitted or averaged.`)
  const notLogging = trend.filter((h) => !h.covered).map((h) => h.month)
  if (notLogging.length > 0) notes.push(`Not logging yet in ${notLogging.length === 1 ? notLogging[0] : `${notLogging[0]} – ${notLogging.at(-1)}`}: those months count in no average or trend.`)

  return {
    analysis,
    period,
    team: analysis.team,
    teams: analysis.teams,
    month: figures,
    previous,
    threshold: analysis.options.threshold,
    trend,
    trendTotals: {
      toilHours: sum(trend.map((h) => h.toilHours)),
      capacityHours: sum(trend.map((h) => h.capacityHours)),
      averageToilHours: counted.length > 0 ? sum(counted.map((h) => h.toilHours)) / counted.length : 0,
      averageShare: counted.length > 0 ? sum(counted.map((h) => h.share!)) / counted.length : null,
      countedMonths: counted.length,
    },
    topTasks: topTasks.slice(0, REPORT_TOP * 2),
    byCategory,
    needsReview,
    candidates: analysis.candidates.slice(0, REPORT_TOP),
    automations: analysis.automations,
    forecast: analysis.forecast,
    onCallLoad: analysis.onCallLoad,
    byEngineer: engineerHours ? engineerLoads(analysis, month, engineerHours) : null,
    byTeam: each.map((team) => buildReport(team, period, null)),
    notes,
  }
}

/**
 * Each engineer's toil hours against one engineer's month at their team's own hours a
 * week (SPEC §4.2); with several teams, the team they logged most hours for that month.
 */
function engineerLoads(analysis: Analysis, month: Month, rows: readonly EngineerTaskHours[]): EngineerLoad[] {
  const byId = new Map(analysis.tasks.map((t) => [t.taskId, t]))
  const toil = new Map<string, number>()
  const perTeam = new Map<string, Map<string, number>>()
  for (const r of rows) {
    const task = byId.get(r.taskId)
    if (!task) continue
    if (task.verdict === 'toil') toil.set(r.engineer, (toil.get(r.engineer) ?? 0) + r.hours)
    const teams = perTeam.get(r.engineer) ?? new Map<string, number>()
    const key = task.team.toLowerCase()
    teams.set(key, (teams.get(key) ?? 0) + r.hours)
    perTeam.set(r.engineer, teams)
  }
  return [...toil]
    .map(([engineer, toilHours]) => {
      const main = [...perTeam.get(engineer)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]
      const hoursPerWeek = analysis.hoursPerWeek[main] ?? ASSUMED_HOURS_PER_WEEK
      const capacityHours = weeklyToMonthly(hoursPerWeek, month)
      const share = toilHours / capacityHours
      return {engineer, toilHours, capacityHours, hoursPerWeek, share, overThreshold: share >= analysis.options.threshold}
    })
    .sort((a, b) => b.toilHours - a.toilHours || a.engineer.localeCompare(b.engineer))
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
