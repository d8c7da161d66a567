import type {Day, Month} from '../calendar.js'
import type {CapacityPeriod, Category, Criterion, Status, Task} from '../types.js'

// The analyzer's public types. The JSON of classify, candidates and forecast
// (SPEC §7) is built from these in json.ts; the monthly report reuses them.

/** Hours of one task in one month (the store's `taskMonths` aggregate). */
export interface TaskMonthHours {
  taskId: number
  month: Month
  hours: number
  occurrences: number
  /** Hours of entries tagged `oncall` or `interrupt`. */
  operationalHours: number
}

/** Distinct engineers who logged work for a team in a month. */
export interface TeamMonthEngineerCount {
  team: string
  month: Month
  engineers: number
}

/** Everything the analyzer reads, gathered through the store's aggregates. */
export interface AnalysisInput {
  /** Teams in scope: one, or every team when the analysis covers all teams. */
  teams: string[]
  tasks: Task[]
  /** Per task and month, over at least `inputRange(...)`. */
  taskMonths: TaskMonthHours[]
  engineers: TeamMonthEngineerCount[]
  capacity: CapacityPeriod[]
}

export interface AnalysisOptions {
  /** "Today"; the last complete month is the month before this day's month. */
  asOf: Day
  /** One team, or null for all teams (capacities and hours summed). */
  team: string | null
  /** Complete months analysed (classification, rates, history, trend). Default 6. */
  window: number
  /** Months projected. Default 12. */
  horizon: number
  /** Share of capacity at which a team goes bankrupt, as a fraction. Default 0.5. */
  threshold: number
  /** Service growth per month (growth model), as a fraction; null for the trend model. */
  growth: number | null
  /** Headcount growth per month (growth model), as a fraction; null = 0. */
  headcountGrowth: number | null
  /** What-if: automate the top N candidates; 0 = no what-if. */
  automate: number
  /** Factor on automation cost for the usual underestimate. Default 1. */
  overrun: number
}

export type Verdict = 'toil' | 'possible-toil' | 'not-toil' | 'overhead'
export type CriterionValue = 'yes' | 'no' | 'unknown'
/** `answered` by the team, `inferred` from the log, or `none` (unknown, nothing to infer from). */
export type CriterionSource = 'answered' | 'inferred' | 'none'

export interface CriterionResult {
  value: CriterionValue
  source: CriterionSource
  /** Why, in a sentence a person can check. */
  reason: string
}

/** What the log says about one task over the analysis window. */
export interface TaskWindowFacts {
  /** Occurrences logged in the window. */
  occurrences: number
  hours: number
  /** Hours tagged `oncall` or `interrupt`. */
  operationalHours: number
  /** Hours per window month, oldest first (zero where nothing was logged). */
  monthlyHours: number[]
}

export interface Classification {
  verdict: Verdict
  /** Number of criteria that are yes. */
  score: number
  criteria: Record<Criterion, CriterionResult>
  /** Criteria still unknown, in CRITERIA order: the questions to answer. */
  unanswered: Criterion[]
  /** The rule that decided the verdict, in words. */
  rule: string
}

export interface TaskAnalysis extends Classification {
  taskId: number
  task: string
  team: string
  category: Category
  status: Status
  window: TaskWindowFacts
  /** Per window month, oldest first. */
  months: {month: Month; hours: number; occurrences: number; operationalHours: number}[]
}

export interface MonthFigures {
  month: Month
  /** Hours of tasks whose verdict is toil. */
  toilHours: number
  /** Hours of tasks whose verdict is possible-toil (the upper bound's extra). */
  possibleToilHours: number
  /** Toil hours plus the operational work of every other task (see docs/analyzer.md). */
  operationalHours: number
  /** Every logged hour in scope. */
  totalHours: number
  capacityHours: number
  /** True when some of this month's capacity was assumed from who logged. */
  capacityAssumed: boolean
  /** toil ÷ capacity; null when there is no capacity. */
  share: number | null
  /** (toil + possible toil) ÷ capacity. */
  shareUpper: number | null
  operationalShare: number | null
  /** True when the month has capacity and logged work: it counts for the trend. */
  hasData: boolean
}

export interface OnCallFloor {
  /** Fraction of capacity the rotation takes whatever is automated. */
  share: number
  /** Set for a single team; null when several teams are combined. */
  rotation: number | null
  shifts: number | null
}

export interface Candidate {
  rank: number
  taskId: number
  task: string
  team: string
  verdict: 'toil' | 'possible-toil'
  hoursPerMonth: number
  rateSource: 'logged' | 'declared'
  reduction: number
  maintenanceHoursPerMonth: number
  savedHoursPerMonth: number
  netHoursPerMonth: number
  costHours: number | null
  /** cost × overrun ÷ net; null when net ≤ 0 or no cost. */
  paybackMonths: number | null
  /** net × horizon − cost × overrun; null without cost. */
  horizonNetHours: number | null
  /** net × horizon (0 when net ≤ 0): the most work that pays back within the horizon. */
  breakEvenHours: number
  /** Net ≤ 0: automating it never pays back. Ranked last. */
  neverPays: boolean
  unanswered: Criterion[]
}

export type ForecastStatus = 'bankrupt' | 'crossing' | 'stable' | 'insufficient-data'

export interface ProjectedMonth {
  month: Month
  /** Months after the last complete month (1 = the as-of month). */
  m: number
  share: number
  capacityHours: number
}

export interface Projection {
  status: ForecastStatus
  crossingMonth: Month | null
  /** Whole months after the last complete month to the first projected month at or above the threshold. */
  monthsToCrossing: number | null
  /** The fractional crossing point (9.09 in the SPEC's growth check); null when there is none. */
  exactMonthsToCrossing: number | null
  projection: ProjectedMonth[]
}

export interface WhatIf extends Projection {
  automate: number
  tasks: {taskId: number; task: string; team: string; netHoursPerMonth: number}[]
  /** Net hours a month the automations remove. */
  netHoursPerMonth: number
}

export interface Forecast extends Projection {
  model: 'trend' | 'growth'
  threshold: number
  /** The last complete month, the projection's month 0. */
  baseMonth: Month
  /** Share of the base month (growth model) or the trend line's value there. */
  baseShare: number | null
  /** Trend: points of share a month (fraction); growth: (1+G)/(1+H) − 1. */
  slope: number | null
  /** Months of the window with data (capacity and logged work). */
  monthsWithData: number
  whatIf: WhatIf | null
  /** Why the status is what it is, in one sentence of facts (no "from now"). */
  reason: string
}

export interface AutomationReview {
  taskId: number
  task: string
  team: string
  since: Day
  /** Hours a month before the automation (window months before `since`). */
  rateBefore: number
  monthsBefore: Month[]
  /** Hours a month logged after it; null when no complete month has passed. */
  rateAfter: number | null
  monthsAfter: Month[]
  forecastSavedHoursPerMonth: number
  forecastNetHoursPerMonth: number
  /** rate before − rate after. */
  realizedSavedHoursPerMonth: number | null
  realizedNetHoursPerMonth: number | null
  /** realized ÷ forecast saved; null when either is unknown or forecast is 0. */
  realizedRatio: number | null
  costHours: number | null
}

export interface Analysis {
  options: AnalysisOptions
  team: string | null
  teams: string[]
  asOf: Day
  /** The month before the as-of day's month. */
  lastCompleteMonth: Month
  /** The window's months, oldest first. */
  windowMonths: Month[]
  tasks: TaskAnalysis[]
  history: MonthFigures[]
  candidates: Candidate[]
  forecast: Forecast
  automations: AutomationReview[]
  onCallFloor: OnCallFloor | null
}
