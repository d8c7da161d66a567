import {type Month, daysInMonth, monthsBetween, shiftMonth} from '../calendar.js'
import {EPSILON, leastSquares} from './stats.js'
import type {Basis, BudgetOutlook, Candidate, CounterfactualMonth, Fit, Forecast, ForecastStatus, MonthFigures, ProjectedMonth, Projection, WhatIf} from './types.js'

/** Months in the projection's search for a crossing beyond the horizon (100 years). */
const SEARCH_LIMIT = 1200
/** Counted months needed for a status, a trend and the growth model's share₀. */
export const TREND_MIN_MONTHS = 3
/** The status judges the mean of this many most recent counted months (toil is spiky). */
export const RECENT_MONTHS = 3
/** Days in an average month: capacity is projected per average month, like rates. */
const AVERAGE_MONTH_DAYS = 365.25 / 12

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`
const points = (slope: number) => `${Math.round(Math.abs(slope) * 1000) / 10} points a month`
/** Within 0–100%; NaN (0 × an overflowed power) is 0. */
const clampShare = (share: number) => (Number.isNaN(share) ? 0 : Math.min(1, Math.max(0, share)))

/** One counted month's share on the chosen basis. */
export interface SharePoint {
  month: Month
  share: number
}

/** A share as a function of months after the base month (m = 0 is the base month). */
export type ShareCurve = (m: number) => number

/** Growth model: share(m) = share₀ × ((1+G)/(1+H))^m, clamped to 100%. */
export function growthCurve(share0: number, growth: number, headcountGrowth: number): ShareCurve {
  const k = (1 + growth) / (1 + headcountGrowth)
  return (m) => (share0 === 0 ? 0 : clampShare(share0 * k ** m))
}

/** Trend model: the least-squares line a + b·m, clamped to 0–100%. */
export function trendCurve(intercept: number, slope: number): ShareCurve {
  return (m) => clampShare(intercept + slope * m)
}

/** The share each counted month of the history had on a basis. */
export function basisPoints(history: readonly MonthFigures[], basis: Basis): SharePoint[] {
  return history.filter((h) => h.counts).map((h) => ({month: h.month, share: (basis === 'operational' ? h.operationalShare : h.share)!}))
}

/** The mean share of the last 3 counted months; null with fewer. */
export function recentMean(points: readonly SharePoint[]): {share: number; months: Month[]} | null {
  if (points.length < RECENT_MONTHS) return null
  const recent = points.slice(-RECENT_MONTHS)
  return {share: recent.reduce((s, p) => s + p.share, 0) / recent.length, months: recent.map((p) => p.month)}
}

/** Least squares through the counted months, x = months after the base month; null with fewer than 3. */
export function fitTrend(points: readonly SharePoint[], base: Month): Fit | null {
  if (points.length < TREND_MIN_MONTHS) return null
  const line = leastSquares(points.map((p) => ({x: monthsBetween(base, p.month), y: p.share})))
  return line ? {slope: line.slope, intercept: line.intercept, months: points.map((p) => p.month)} : null
}

/**
 * The first whole month m ≥ 1 at which the curve is at or above the threshold, and the
 * fractional point where it gets there (by bisection between m − 1 and m); searched
 * up to 100 years, so a crossing beyond the horizon is still reported as a number.
 */
export function firstCrossing(curve: ShareCurve, threshold: number, limit = SEARCH_LIMIT): {month: number; exact: number} | null {
  for (let m = 1; m <= limit; m++) {
    if (!(curve(m) >= threshold - EPSILON)) continue
    let lo = m - 1
    let hi = m
    if (curve(lo) >= threshold - EPSILON) return {month: m, exact: lo}
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2
      if (curve(mid) >= threshold) hi = mid
      else lo = mid
    }
    return {month: m, exact: hi}
  }
  return null
}

/**
 * Capacity hours of an average month after the base month, growing with headcount:
 * from the latest counted month.
 */
export function projectedCapacity(history: readonly MonthFigures[], headcountGrowth: number): (m: number) => number {
  const latest = [...history].reverse().find((h) => h.counts)
  const perAverageMonth = latest ? (latest.capacityHours / daysInMonth(latest.month)) * AVERAGE_MONTH_DAYS : 0
  return (m) => perAverageMonth * (1 + headcountGrowth) ** m
}

export interface ForecastOptions {
  threshold: number
  horizon: number
  growth: number | null
  headcountGrowth: number | null
  basis: Basis
}

type Model = Forecast['model']

function modelOf(options: Pick<ForecastOptions, 'growth' | 'headcountGrowth'>): Model {
  return options.growth === null && options.headcountGrowth === null ? 'trend' : 'growth'
}

/** The curve a series projects along: its trend line, or growth from its recent mean. */
function curveOf(model: Model, points: readonly SharePoint[], base: Month, options: ForecastOptions): {curve: ShareCurve; fit: Fit | null; baseShare: number; slope: number} | null {
  const recent = recentMean(points)
  if (!recent) return null
  if (model === 'growth') {
    const g = options.growth ?? 0
    const h = options.headcountGrowth ?? 0
    return {curve: growthCurve(recent.share, g, h), fit: null, baseShare: recent.share, slope: (1 + g) / (1 + h) - 1}
  }
  const fit = fitTrend(points, base)
  if (!fit) return null
  const curve = trendCurve(fit.intercept, fit.slope)
  return {curve, fit, baseShare: curve(0), slope: fit.slope}
}

/**
 * Status and projection of one series of counted months (SPEC §4.3): insufficient-data
 * with fewer than 3; bankrupt when the mean of the last 3 is at or above the threshold;
 * crossing at the first projected month at or above it; else stable.
 */
export function projectSeries(points: readonly SharePoint[], base: Month, capacity: (m: number) => number, options: ForecastOptions): Projection & {baseShare: number | null; slope: number | null} {
  const recent = recentMean(points)
  const recentShare = recent?.share ?? null
  const lastThree = points.slice(-RECENT_MONTHS)
  const bankrupt = recentShare !== null && recentShare >= options.threshold - EPSILON
  const monthsOver = bankrupt ? [] : lastThree.filter((p) => p.share >= options.threshold - EPSILON).map((p) => p.month)
  const shaped = curveOf(modelOf(options), points, base, options)
  const none = {crossingMonth: null, monthsToCrossing: null, exactMonthsToCrossing: null}
  if (!shaped) {
    return {status: 'insufficient-data', ...none, projection: [], recentShare, recentMonths: recent?.months ?? [], monthsOver, fit: null, baseShare: null, slope: null}
  }
  const projection: ProjectedMonth[] = []
  for (let m = 1; m <= options.horizon; m++) projection.push({month: shiftMonth(base, m), m, share: shaped.curve(m), capacityHours: capacity(m)})
  const common = {projection, recentShare, recentMonths: recent!.months, monthsOver, fit: shaped.fit, baseShare: shaped.baseShare, slope: shaped.slope}
  if (bankrupt) return {status: 'bankrupt', ...none, ...common}
  const crossing = firstCrossing(shaped.curve, options.threshold)
  if (crossing && crossing.month <= options.horizon) {
    return {status: 'crossing', crossingMonth: shiftMonth(base, crossing.month), monthsToCrossing: crossing.month, exactMonthsToCrossing: crossing.exact, ...common}
  }
  return {status: 'stable', ...none, exactMonthsToCrossing: crossing?.exact ?? null, ...common}
}

/** The share against a team's own budget: over it already, or when the same curve reaches it. */
export function budgetOutlook(budget: number, points: readonly SharePoint[], base: Month, options: ForecastOptions): BudgetOutlook {
  const recent = recentMean(points)
  const over = recent !== null && recent.share >= budget - EPSILON
  const shaped = over ? null : curveOf(modelOf(options), points, base, options)
  const crossing = shaped ? firstCrossing(shaped.curve, budget) : null
  const within = crossing !== null && crossing.month <= options.horizon
  return {budget, over, crossingMonth: within ? shiftMonth(base, crossing.month) : null, monthsToCrossing: within ? crossing.month : null}
}

/** The what-if's input: the chosen candidates and the history as if they had been automated. */
export interface Counterfactual {
  automate: number
  chosen: readonly Candidate[]
  /** Each counted month's shares with the chosen tasks automated. */
  history: CounterfactualMonth[]
}

/**
 * The bankruptcy projection (SPEC §4.3) from the window's history, whose last month
 * is the base month. Trend model without growth options, growth model with them.
 */
export function forecast(history: readonly MonthFigures[], options: ForecastOptions, counterfactual: Counterfactual | null = null, budget: number | null = null): Forecast {
  const base = history.at(-1)
  if (!base) throw new Error('forecast needs at least one month of history')
  const model = modelOf(options)
  const points = basisPoints(history, options.basis)
  const capacity = projectedCapacity(history, options.headcountGrowth ?? 0)
  const outcome = projectSeries(points, base.month, capacity, options)
  const whatIf: WhatIf | null = counterfactual && {
    automate: counterfactual.automate,
    tasks: counterfactual.chosen.map((c) => ({taskId: c.taskId, task: c.task, team: c.team, netHoursPerMonth: c.netHoursPerMonth})),
    netHoursPerMonth: counterfactual.chosen.reduce((sum, c) => sum + c.netHoursPerMonth, 0),
    history: counterfactual.history,
    ...withoutShape(projectSeries(counterfactual.history.map((h) => ({month: h.month, share: options.basis === 'operational' ? h.operationalShare : h.share})), base.month, capacity, options)),
  }
  return {
    ...outcome,
    model,
    threshold: options.threshold,
    baseMonth: base.month,
    basis: options.basis,
    monthsWithData: points.length,
    whatIf,
    budget: budget === null ? null : budgetOutlook(budget, points, base.month, options),
    reason: reasonOf(model, outcome, points.length, options),
  }
}

function withoutShape<T extends {baseShare: unknown; slope: unknown}>(p: T): Omit<T, 'baseShare' | 'slope'> {
  const {baseShare: _b, slope: _s, ...rest} = p
  return rest
}

const monthList = (months: readonly Month[]) => (months.length === 1 ? months[0]! : `${months[0]} – ${months.at(-1)}`)

/** Why the status is what it is, in one sentence of facts (no "from now"). */
function reasonOf(model: Model, o: ReturnType<typeof projectSeries>, counted: number, options: ForecastOptions): string {
  const what = options.basis === 'operational' ? 'operational work' : 'toil'
  const t = pct(options.threshold)
  if (o.status === 'insufficient-data') {
    return `${counted} of the window's months count (logged, complete, with capacity); ${TREND_MIN_MONTHS} are needed`
  }
  const mean = `${what} averaged ${pct(o.recentShare!)} of capacity over ${monthList(o.recentMonths)}`
  if (o.status === 'bankrupt') return `${mean}, at or above the ${t} threshold`
  const how = model === 'trend'
    ? `the trend through ${counted} months ${o.slope! > EPSILON ? `rises ${points(o.slope!)}` : o.slope! < -EPSILON ? `falls ${points(o.slope!)}` : 'is flat'}`
    : `${what} grows ${pct(options.growth ?? 0)} a month against headcount ${pct(options.headcountGrowth ?? 0)} from that mean`
  if (o.status === 'crossing') return `${mean}; ${how} and reaches ${t} in month ${o.monthsToCrossing} (${o.crossingMonth})`
  const later = o.exactMonthsToCrossing === null ? '' : ` (it would after ${Math.round(o.exactMonthsToCrossing * 100) / 100} months)`
  return `${mean}; ${how} and stays below ${t} for ${options.horizon} months${later}`
}

export type {ForecastStatus}
