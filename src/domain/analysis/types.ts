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

/** An engineer's logged hours for one team in one month (for the assumed capacity's split). */
export interface EngineerTeamMonthHours {
  engineer: string
  team: string
  month: Month
  hours: number
}

/** What a task's whole history says, up to the as-of day (SPEC §4.1 repetitive, §4.2 rates). */
export interface TaskHistoryFacts {
  taskId: number
  /** Occurrences logged up to the as-of day: exact up to its first 3 entries, at least 3 beyond. */
  occurrences: number
  /** The day of its first entry up to the as-of day; null when it has none. */
  firstDay: Day | null
}

/** A team's own target under the threshold (`team set --toil-budget`). */
export interface ToilBudget {
  team: string
  budget: number
}

/** Everything the analyzer reads, gathered through the store's aggregates. */
export interface AnalysisInput {
  /** Teams in scope: one, or every team when the analysis covers all teams. */
  teams: string[]
  tasks: Task[]
  /** Per task and month, over at least `inputRange(...)`. */
  taskMonths: TaskMonthHours[]
  /** Whole-history facts of every task in scope, up to the as-of day. */
  taskHistory: TaskHistoryFacts[]
  /** Hours of every engineer who logged for a team assuming capacity, in all teams, per month. */
  engineerHours: EngineerTeamMonthHours[]
  capacity: CapacityPeriod[]
  budgets: ToilBudget[]
}

export type Basis = 'toil' | 'operational'
export type CandidateSort = 'payback' | 'net' | 'hours'

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
  /** The share the status and projection judge: toil (default) or operational work. */
  basis: Basis
  /** Candidates' order: payback (default), net (horizon net) or hours (rate). */
  sort: CandidateSort
  /**
   * Set to the as-of day by `report --month this`: the as-of day's month, in progress, is
   * shown after the window up to that day, marked partial, and never fitted or averaged.
   */
  partialThrough: Day | null
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
  /** Occurrences in its whole history up to the as-of day (see TaskHistoryFacts). */
  historyOccurrences: number
  /** The month of its first entry up to the as-of day; null when it has none. */
  firstMonth: Month | null
  /** Hours per window month from the first one with hours to the window's last (SPEC §4.1): the series `scales` judges. */
  scalesSeries: number[]
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
  /** Status as of the as-of day: a task automated after that day was active then. */
  status: Status
  window: TaskWindowFacts
  /** Per window month, oldest first; then the month in progress when one is shown. */
  months: {month: Month; hours: number; occurrences: number; operationalHours: number}[]
}

export interface MonthFigures {
  month: Month
  /** False for a month before any team in scope logged ("not logging yet"): no figures count. */
  covered: boolean
  /** True for a month still in progress: shown, never fitted or averaged. */
  partial: boolean
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
  /** Covered, complete and with capacity: the month counts for averages, the status and the fit. */
  counts: boolean
}

export interface OnCallLoad {
  /** Share of weeks each engineer is on call: shifts ÷ rotation (calendar time, not hands-on time). */
  share: number
  /** Above the SRE book's 25% ceiling for on-call time. */
  overLimit: boolean
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
  /** Estimated, and pays back within the horizon: what the what-if may pick. */
  paysWithinHorizon: boolean
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

/** The least-squares line through the fitted months: share = intercept + slope × x, x = months after the base month. */
export interface Fit {
  slope: number
  intercept: number
  months: Month[]
}

export interface Projection {
  status: ForecastStatus
  crossingMonth: Month | null
  /** Whole months after the last complete month to the first projected month at or above the threshold. */
  monthsToCrossing: number | null
  /** The fractional crossing point (9.09 in the SPEC's growth check); null when there is none. */
  exactMonthsToCrossing: number | null
  projection: ProjectedMonth[]
  /** The mean share of the last 3 counted months (the status's measure); null with fewer. */
  recentShare: number | null
  /** The months averaged into recentShare. */
  recentMonths: Month[]
  /** Counted months of the last 3 at or above the threshold while the mean is below it. */
  monthsOver: Month[]
  /** The trend line (trend model); null for the growth model or with too few months. */
  fit: Fit | null
}

export interface WhatIf extends Projection {
  automate: number
  tasks: {taskId: number; task: string; team: string; netHoursPerMonth: number}[]
  /** Net hours a month the automations remove, on average over the counted months. */
  netHoursPerMonth: number
  /** The counterfactual history: each counted month's shares with the automations done. */
  history: CounterfactualMonth[]
}

export interface CounterfactualMonth {
  month: Month
  share: number
  shareUpper: number
  operationalShare: number
}

export interface BudgetOutlook {
  budget: number
  /** The recent mean share is at or above the budget. */
  over: boolean
  crossingMonth: Month | null
  monthsToCrossing: number | null
}

export interface Forecast extends Projection {
  model: 'trend' | 'growth'
  threshold: number
  /** The last complete month, the projection's month 0. */
  baseMonth: Month
  basis: Basis
  /** The growth model's share₀ (the recent mean), or the trend line's value at the base month. */
  baseShare: number | null
  /** Trend: points of share a month (fraction); growth: (1+G)/(1+H) − 1. */
  slope: number | null
  /** Months of the window that count: covered, complete, with capacity. */
  monthsWithData: number
  whatIf: WhatIf | null
  /** Against the team's own toil budget, when one is set (single team). */
  budget: BudgetOutlook | null
  /** Why the status is what it is, in one sentence of facts (no "from now"). */
  reason: string
}

export interface AutomationReview {
  taskId: number
  task: string
  team: string
  since: Day
  /** Hours a month before the automation: what the candidates view showed on the day it went live (SPEC §4.2). */
  rateBefore: number
  /** `logged` from the months before it went live, or `declared` when nothing was logged in them. */
  rateSource: 'logged' | 'declared'
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
  /** The window's months; then the month in progress, partial, when `partialThrough` is set. */
  history: MonthFigures[]
  candidates: Candidate[]
  forecast: Forecast
  automations: AutomationReview[]
  onCallLoad: OnCallLoad | null
  /** Tasks whose classification needs answers, by window hours. */
  needsAnswers: TaskAnalysis[]
  /** Each team's first month with a logged entry (up to the as-of day), keyed by lower-case name; absent when none. */
  teamStarts: Record<string, Month>
  /** Each team's own hours a week in the last month shown (the month in progress, when shown; 40 where assumed), keyed by lower-case name. */
  hoursPerWeek: Record<string, number>
}
