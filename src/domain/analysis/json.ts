import type {Month} from '../calendar.js'
import {roundHours} from '../duration.js'
import {CRITERIA, type Criterion} from '../types.js'
import {answerCommand} from './answers.js'
import type {Analysis, BudgetOutlook, Candidate, CriterionResult, Fit, Forecast, MonthFigures, ProjectedMonth, TaskAnalysis} from './types.js'

// SPEC §7: the JSON of classify, candidates and forecast. Field names are a public
// interface; figures are rounded here, never in the analysis itself.

/** Shares as fractions with 4 decimals (0.01 of a percentage point). */
export function roundShare(share: number): number {
  return Math.round(share * 10_000) / 10_000
}
const shareOrNull = (share: number | null) => (share === null ? null : roundShare(share))
/** 6 decimals: the smallest non-zero value, 0.000001, still prints without an exponent. */
const round6 = (v: number) => Math.round(v * 1_000_000) / 1_000_000 || 0
const hoursOrNull = (hours: number | null) => (hours === null ? null : roundHours(hours))
/** Months with 2 decimals (3.53). */
const monthsOrNull = (months: number | null) => (months === null ? null : Math.round(months * 100) / 100)

export interface WindowJson {
  from: Month
  to: Month
  months: number
}

function windowOf(a: Analysis): WindowJson {
  return {from: a.windowMonths[0]!, to: a.lastCompleteMonth, months: a.windowMonths.length}
}

export interface TaskClassificationJson {
  task: string
  team: string
  verdict: TaskAnalysis['verdict']
  score: number
  criteria: Record<Criterion, CriterionResult>
  unanswered: Criterion[]
  rule: string
  category: TaskAnalysis['category']
  status: TaskAnalysis['status']
  hours: number
  occurrences: number
}

export interface ClassifyJson {
  asOf: string
  window: WindowJson
  tasks: TaskClassificationJson[]
  needsAnswers: NeedsAnswersJson[]
}

/** A task whose verdict answers could still change, with the command that answers it. */
export interface NeedsAnswersJson {
  task: string
  team: string
  verdict: TaskAnalysis['verdict']
  hours: number
  unanswered: Criterion[]
  command: string
}

export function needsAnswersJson(tasks: readonly TaskAnalysis[]): NeedsAnswersJson[] {
  return tasks.map((t) => ({task: t.task, team: t.team, verdict: t.verdict, hours: roundHours(t.window.hours), unanswered: [...t.unanswered], command: answerCommand(t)}))
}

export function taskClassificationJson(t: TaskAnalysis): TaskClassificationJson {
  const criteria = Object.fromEntries(CRITERIA.map((c) => [c, {...t.criteria[c]}])) as Record<Criterion, CriterionResult>
  return {
    task: t.task,
    team: t.team,
    verdict: t.verdict,
    score: t.score,
    criteria,
    unanswered: [...t.unanswered],
    rule: t.rule,
    category: t.category,
    status: t.status,
    hours: roundHours(t.window.hours),
    occurrences: t.window.occurrences,
  }
}

export function classifyJson(a: Analysis, tasks: readonly TaskAnalysis[] = a.tasks): ClassifyJson {
  const shown = new Set(tasks.map((t) => t.taskId))
  return {asOf: a.asOf, window: windowOf(a), tasks: tasks.map(taskClassificationJson), needsAnswers: needsAnswersJson(a.needsAnswers.filter((t) => shown.has(t.taskId)))}
}

export interface CandidateJson {
  rank: number
  task: string
  team: string
  verdict: Candidate['verdict']
  hoursPerMonth: number
  savedHoursPerMonth: number
  netHoursPerMonth: number
  costHours: number | null
  paybackMonths: number | null
  horizonNetHours: number | null
  breakEvenHours: number
  rateSource: Candidate['rateSource']
  neverPays: boolean
  paysWithinHorizon: boolean
  reduction: number
  maintenanceHoursPerMonth: number
  unanswered: Criterion[]
}

export interface CandidatesJson {
  asOf: string
  window: WindowJson
  horizonMonths: number
  overrun: number
  sort: Analysis['options']['sort']
  candidates: CandidateJson[]
  needsAnswers: NeedsAnswersJson[]
}

export function candidateJson(c: Candidate): CandidateJson {
  return {
    rank: c.rank,
    task: c.task,
    team: c.team,
    verdict: c.verdict,
    hoursPerMonth: roundHours(c.hoursPerMonth),
    savedHoursPerMonth: roundHours(c.savedHoursPerMonth),
    netHoursPerMonth: roundHours(c.netHoursPerMonth),
    costHours: hoursOrNull(c.costHours),
    paybackMonths: monthsOrNull(c.paybackMonths),
    horizonNetHours: hoursOrNull(c.horizonNetHours),
    breakEvenHours: roundHours(c.breakEvenHours),
    rateSource: c.rateSource,
    neverPays: c.neverPays,
    paysWithinHorizon: c.paysWithinHorizon,
    reduction: roundShare(c.reduction),
    maintenanceHoursPerMonth: roundHours(c.maintenanceHoursPerMonth),
    unanswered: [...c.unanswered],
  }
}

export function candidatesJson(a: Analysis): CandidatesJson {
  const listed = new Set(a.candidates.map((c) => c.taskId))
  return {
    asOf: a.asOf,
    window: windowOf(a),
    horizonMonths: a.options.horizon,
    overrun: roundShare(a.options.overrun),
    sort: a.options.sort,
    candidates: a.candidates.map(candidateJson),
    needsAnswers: needsAnswersJson(a.needsAnswers.filter((t) => listed.has(t.taskId))),
  }
}

export interface HistoryMonthJson {
  month: Month
  /** False before any team in scope logged: "not logging yet", no shares. */
  covered: boolean
  /** The month is in progress: shown, never fitted. */
  partial: boolean
  toilHours: number
  capacityHours: number
  share: number | null
  capacityAssumed: boolean
  possibleToilHours: number
  shareUpper: number | null
  operationalHours: number
  operationalShare: number | null
  totalHours: number
}

export interface ProjectedMonthJson {
  month: Month
  share: number
}

export interface FitJson {
  slope: number
  intercept: number
  months: Month[]
}

export interface WhatIfJson {
  automate: number
  tasks: {task: string; team: string; netHoursPerMonth: number}[]
  netHoursPerMonth: number
  history: {month: Month; share: number; shareUpper: number; operationalShare: number}[]
  recentShare: number | null
  status: Forecast['status']
  crossingMonth: Month | null
  monthsToCrossing: number | null
  exactMonthsToCrossing: number | null
  fit: FitJson | null
  projection: ProjectedMonthJson[]
}

export interface OnCallLoadJson {
  share: number
  overLimit: boolean
  rotation: number | null
  shifts: number | null
}

export interface ForecastJson {
  team: string | null
  teams: string[]
  asOf: string
  threshold: number
  status: Forecast['status']
  crossingMonth: Month | null
  monthsToCrossing: number | null
  exactMonthsToCrossing: number | null
  model: Forecast['model']
  basis: Forecast['basis']
  growth: number | null
  headcountGrowth: number | null
  horizonMonths: number
  baseMonth: Month
  baseShare: number | null
  slope: number | null
  fit: FitJson | null
  monthsWithData: number
  recentShare: number | null
  recentMonths: Month[]
  monthsOver: Month[]
  reason: string
  onCallLoad: OnCallLoadJson | null
  toilBudget: BudgetOutlook | null
  history: HistoryMonthJson[]
  projection: ProjectedMonthJson[]
  whatIf: WhatIfJson | null
  needsAnswers: NeedsAnswersJson[]
}

/** The fitted line, exact enough to redraw: slope and intercept with 6 decimals (never an exponent). */
export function fitJson(fit: Fit | null): FitJson | null {
  return fit && {slope: round6(fit.slope), intercept: round6(fit.intercept), months: [...fit.months]}
}

export function historyMonthJson(h: MonthFigures): HistoryMonthJson {
  return {
    month: h.month,
    covered: h.covered,
    partial: h.partial,
    toilHours: roundHours(h.toilHours),
    capacityHours: roundHours(h.capacityHours),
    share: shareOrNull(h.share),
    capacityAssumed: h.capacityAssumed,
    possibleToilHours: roundHours(h.possibleToilHours),
    shareUpper: shareOrNull(h.shareUpper),
    operationalHours: roundHours(h.operationalHours),
    operationalShare: shareOrNull(h.operationalShare),
    totalHours: roundHours(h.totalHours),
  }
}

const projectionJson = (p: readonly ProjectedMonth[]) => p.map((m) => ({month: m.month, share: roundShare(m.share)}))

/** One team's status in an all-teams view: a team's crisis is never averaged away. */
export interface TeamStatusJson {
  team: string
  status: Forecast['status']
  crossingMonth: Month | null
  monthsToCrossing: number | null
  recentShare: number | null
}

export function teamStatusJson(a: Analysis): TeamStatusJson {
  const f = a.forecast
  return {team: a.team ?? '', status: f.status, crossingMonth: f.crossingMonth, monthsToCrossing: f.monthsToCrossing, recentShare: shareOrNull(f.recentShare)}
}

export function forecastJson(a: Analysis): ForecastJson {
  const f = a.forecast
  const w = f.whatIf
  return {
    team: a.team,
    teams: [...a.teams],
    asOf: a.asOf,
    threshold: roundShare(f.threshold),
    status: f.status,
    crossingMonth: f.crossingMonth,
    monthsToCrossing: f.monthsToCrossing,
    exactMonthsToCrossing: monthsOrNull(f.exactMonthsToCrossing),
    model: f.model,
    basis: f.basis,
    growth: shareOrNull(a.options.growth),
    headcountGrowth: shareOrNull(a.options.headcountGrowth),
    horizonMonths: a.options.horizon,
    baseMonth: f.baseMonth,
    baseShare: shareOrNull(f.baseShare),
    slope: f.slope === null ? null : round6(f.slope),
    fit: fitJson(f.fit),
    monthsWithData: f.monthsWithData,
    recentShare: shareOrNull(f.recentShare),
    recentMonths: [...f.recentMonths],
    monthsOver: [...f.monthsOver],
    reason: f.reason,
    onCallLoad: a.onCallLoad && {...a.onCallLoad, share: roundShare(a.onCallLoad.share)},
    toilBudget: f.budget && {...f.budget, budget: roundShare(f.budget.budget)},
    history: a.history.map(historyMonthJson),
    projection: projectionJson(f.projection),
    whatIf: w && {
      automate: w.automate,
      tasks: w.tasks.map((t) => ({task: t.task, team: t.team, netHoursPerMonth: roundHours(t.netHoursPerMonth)})),
      netHoursPerMonth: roundHours(w.netHoursPerMonth),
      history: w.history.map((h) => ({month: h.month, share: roundShare(h.share), shareUpper: roundShare(h.shareUpper), operationalShare: roundShare(h.operationalShare)})),
      recentShare: shareOrNull(w.recentShare),
      status: w.status,
      crossingMonth: w.crossingMonth,
      monthsToCrossing: w.monthsToCrossing,
      exactMonthsToCrossing: monthsOrNull(w.exactMonthsToCrossing),
      fit: fitJson(w.fit),
      projection: projectionJson(w.projection),
    },
    needsAnswers: needsAnswersJson(a.needsAnswers),
  }
}

export interface AutomationJson {
  task: string
  team: string
  since: string
  rateBefore: number
  rateSource: 'logged' | 'declared'
  rateAfter: number | null
  monthsAfter: number
  forecastSavedHoursPerMonth: number
  forecastNetHoursPerMonth: number
  realizedSavedHoursPerMonth: number | null
  realizedNetHoursPerMonth: number | null
  realizedRatio: number | null
  costHours: number | null
}

/** §4.4 automations' forecast against realized savings, for the report. */
export function automationsJson(a: Analysis): AutomationJson[] {
  return a.automations.map((r) => ({
    task: r.task,
    team: r.team,
    since: r.since,
    rateBefore: roundHours(r.rateBefore),
    rateSource: r.rateSource,
    rateAfter: hoursOrNull(r.rateAfter),
    monthsAfter: r.monthsAfter.length,
    forecastSavedHoursPerMonth: roundHours(r.forecastSavedHoursPerMonth),
    forecastNetHoursPerMonth: roundHours(r.forecastNetHoursPerMonth),
    realizedSavedHoursPerMonth: hoursOrNull(r.realizedSavedHoursPerMonth),
    realizedNetHoursPerMonth: hoursOrNull(r.realizedNetHoursPerMonth),
    realizedRatio: shareOrNull(r.realizedRatio),
    costHours: hoursOrNull(r.costHours),
  }))
}
