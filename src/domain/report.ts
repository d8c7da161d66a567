import {type Day, type Month, shiftMonth} from './calendar.js'
import {weeklyToMonthly, ASSUMED_HOURS_PER_WEEK} from './analysis/capacity.js'
import {ratio} from './analysis/stats.js'
import type {Analysis, AutomationReview, Candidate, Forecast, MonthFigures, OnCallFloor, Verdict} from './analysis/types.js'
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
  /** 40 h a week over the month: one engineer's capacity. */
  capacityHours: number
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
  trendTotals: {toilHours: number; capacityHours: number; averageToilHours: number; averageShare: number | null}
  topTasks: TopTask[]
  byCategory: CategoryHours[]
  needsReview: ReviewItem[]
  candidates: Candidate[]
  automations: AutomationReview[]
  forecast: Forecast
  onCallFloor: OnCallFloor | null
  byEngineer: EngineerLoad[] | null
  /** Plain statements where a figure is missing or assumed (no NaN, no silent 0%). */
  notes: string[]
}

// Answers that can still turn a toil verdict into not-toil (rule 2 of SPEC §4.1).
const VETOES: readonly Criterion[] = ['manual', 'automatable', 'noEnduringValue']

/**
 * The monthly report of `analysis`, whose last complete month is the report's month.
 * `engineerHours` (per engineer and task in the month) only with --by-engineer.
 */
export function buildReport(analysis: Analysis, period: ReportPeriod, engineerHours: readonly EngineerTaskHours[] | null): Report {
  const month = period.month
  const figures = analysis.history.find((h) => h.month === month)
  if (!figures) throw new Error(`the analysis does not cover ${month}`)
  const previousMonth = shiftMonth(month, -1)
  const previous = analysis.history.find((h) => h.month === previousMonth && h.hasData) ?? null
  const trend = analysis.history.filter((h) => h.month > shiftMonth(month, -REPORT_TREND_MONTHS) && h.month <= month)
  const withCapacity = trend.filter((h) => h.share !== null)

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
    .filter(({t}) => t.verdict === 'possible-toil' || (t.verdict === 'toil' && t.unanswered.some((c) => VETOES.includes(c))))
    .map(({t, m}) => ({task: t.task, team: t.team, verdict: t.verdict, hours: m.hours, unanswered: t.unanswered}))
    .sort((a, b) => b.hours - a.hours)

  const notes: string[] = []
  if (figures.totalHours === 0) notes.push(`No work was logged in ${month}.`)
  if (figures.share === null) notes.push(`No capacity is known for ${month}: set it with toil team set, or log work so it can be assumed.`)
  else if (figures.capacityAssumed) notes.push(`Capacity of ${month} is assumed: engineers who logged × ${ASSUMED_HOURS_PER_WEEK} h a week (set it with toil team set).`)
  if (!previous) notes.push(`No previous month with data (${previousMonth}) to compare with.`)
  if (period.inProgress) notes.push(`${month} is in progress: figures cover ${period.from} to ${period.to} against the whole month's capacity.`)

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
      averageToilHours: trend.length > 0 ? sum(trend.map((h) => h.toilHours)) / trend.length : 0,
      averageShare: withCapacity.length > 0 ? sum(withCapacity.map((h) => h.share!)) / withCapacity.length : null,
    },
    topTasks: topTasks.slice(0, REPORT_TOP * 2),
    byCategory,
    needsReview,
    candidates: analysis.candidates.slice(0, REPORT_TOP),
    automations: analysis.automations,
    forecast: analysis.forecast,
    onCallFloor: analysis.onCallFloor,
    byEngineer: engineerHours ? engineerLoads(analysis, month, engineerHours) : null,
    notes,
  }
}

/** Each engineer's toil hours against one engineer's month (40 h a week). */
function engineerLoads(analysis: Analysis, month: Month, rows: readonly EngineerTaskHours[]): EngineerLoad[] {
  const toilTasks = new Set(analysis.tasks.filter((t) => t.verdict === 'toil').map((t) => t.taskId))
  const capacityHours = weeklyToMonthly(ASSUMED_HOURS_PER_WEEK, month)
  const hours = new Map<string, number>()
  for (const r of rows) if (toilTasks.has(r.taskId)) hours.set(r.engineer, (hours.get(r.engineer) ?? 0) + r.hours)
  return [...hours]
    .map(([engineer, toilHours]) => {
      const share = toilHours / capacityHours
      return {engineer, toilHours, capacityHours, share, overThreshold: share >= analysis.options.threshold}
    })
    .sort((a, b) => b.toilHours - a.toilHours || a.engineer.localeCompare(b.engineer))
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
