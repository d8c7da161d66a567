import {type Month, daysInMonth, monthsBetween, shiftMonth} from '../calendar.js'
import {EPSILON, leastSquares} from './stats.js'
import type {Candidate, Forecast, ForecastStatus, MonthFigures, ProjectedMonth, WhatIf} from './types.js'

/** Months in the projection's search for a crossing beyond the horizon (100 years). */
const SEARCH_LIMIT = 1200
/** At least this many months with data for a trend. */
export const TREND_MIN_MONTHS = 3
/** Days in an average month: capacity is projected per average month, like rates. */
const AVERAGE_MONTH_DAYS = 365.25 / 12

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`
const points = (slope: number) => `${Math.round(Math.abs(slope) * 1000) / 10} points a month`

/** A share as a function of months after the base month (m = 0 is the base month). */
export type ShareCurve = (m: number) => number

/** Growth model: share(m) = share₀ × ((1+G)/(1+H))^m. */
export function growthCurve(share0: number, growth: number, headcountGrowth: number): ShareCurve {
  const k = (1 + growth) / (1 + headcountGrowth)
  return (m) => share0 * k ** m
}

/** Trend model: the least-squares line a + b·m, never below 0. */
export function trendCurve(intercept: number, slope: number): ShareCurve {
  return (m) => Math.max(0, intercept + slope * m)
}

/**
 * The first whole month m ≥ 1 at which the curve is at or above the threshold, and the
 * fractional point where it gets there (by bisection between m − 1 and m); searched
 * up to 100 years, so a crossing beyond the horizon is still reported as a number.
 */
export function firstCrossing(curve: ShareCurve, threshold: number, limit = SEARCH_LIMIT): {month: number; exact: number} | null {
  for (let m = 1; m <= limit; m++) {
    if (curve(m) < threshold - EPSILON) continue
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
 * from the latest month of history with capacity.
 */
export function projectedCapacity(history: readonly MonthFigures[], headcountGrowth: number): (m: number) => number {
  const latest = [...history].reverse().find((h) => h.capacityHours > 0)
  const perAverageMonth = latest ? (latest.capacityHours / daysInMonth(latest.month)) * AVERAGE_MONTH_DAYS : 0
  return (m) => perAverageMonth * (1 + headcountGrowth) ** m
}

interface Outcome {
  status: ForecastStatus
  crossingMonth: Month | null
  monthsToCrossing: number | null
  exactMonthsToCrossing: number | null
  projection: ProjectedMonth[]
}

/**
 * Projects `curve` over the horizon: bankrupt when the observed base share is at or
 * above the threshold, crossing at the first projected month at or above it while
 * rising, else stable.
 */
function project(curve: ShareCurve, baseShare: number | null, rising: boolean, base: MonthFigures, capacity: (m: number) => number, threshold: number, horizon: number): Outcome {
  const projection: ProjectedMonth[] = []
  for (let m = 1; m <= horizon; m++) projection.push({month: shiftMonth(base.month, m), m, share: curve(m), capacityHours: capacity(m)})
  const crossing = rising ? firstCrossing(curve, threshold) : null
  const exact = crossing?.exact ?? null
  if (baseShare !== null && baseShare >= threshold - EPSILON) return {status: 'bankrupt', crossingMonth: null, monthsToCrossing: null, exactMonthsToCrossing: null, projection}
  if (crossing && crossing.month <= horizon) {
    return {status: 'crossing', crossingMonth: shiftMonth(base.month, crossing.month), monthsToCrossing: crossing.month, exactMonthsToCrossing: exact, projection}
  }
  return {status: 'stable', crossingMonth: null, monthsToCrossing: null, exactMonthsToCrossing: exact, projection}
}

export interface ForecastOptions {
  threshold: number
  horizon: number
  growth: number | null
  headcountGrowth: number | null
}

/**
 * The bankruptcy projection (SPEC §4.2) from the window's history, whose last month
 * is the base month. Trend model without growth options, growth model with them.
 */
export function forecast(history: readonly MonthFigures[], options: ForecastOptions, candidates: readonly Candidate[] = [], automate = 0): Forecast {
  const base = history.at(-1)
  if (!base) throw new Error('forecast needs at least one month of history')
  const withData = history.filter((h) => h.hasData)
  const model = options.growth === null && options.headcountGrowth === null ? 'trend' : 'growth'
  const common = {model, threshold: options.threshold, baseMonth: base.month, monthsWithData: withData.length} as const
  const insufficient = (reason: string): Forecast => ({
    ...common, status: 'insufficient-data', crossingMonth: null, monthsToCrossing: null, exactMonthsToCrossing: null,
    projection: [], baseShare: null, slope: null, whatIf: null, reason,
  })

  let curve: ShareCurve
  let slope: number
  let baseShare: number | null
  let headcount = 0
  if (model === 'growth') {
    if (!base.hasData) return insufficient(`${base.month}, the base of the growth model, has no capacity or no logged work`)
    const g = options.growth ?? 0
    headcount = options.headcountGrowth ?? 0
    baseShare = base.share!
    curve = growthCurve(baseShare, g, headcount)
    slope = (1 + g) / (1 + headcount) - 1
  } else {
    if (withData.length < TREND_MIN_MONTHS) {
      if (base.hasData && base.share! >= options.threshold - EPSILON) {
        return {...insufficient(''), status: 'bankrupt', baseShare: base.share, reason: bankruptReason(base, options.threshold)}
      }
      return insufficient(`${withData.length} of the last ${history.length} complete months have capacity and logged work; ${TREND_MIN_MONTHS} are needed`)
    }
    const line = leastSquares(withData.map((h) => ({x: monthsBetween(base.month, h.month), y: h.share!})))!
    curve = trendCurve(line.intercept, line.slope)
    slope = line.slope
    baseShare = base.hasData ? base.share! : null
  }
  const rising = slope > EPSILON
  const capacity = projectedCapacity(history, headcount)
  const outcome = project(curve, baseShare, rising, base, capacity, options.threshold, options.horizon)
  const reason = outcome.status === 'bankrupt' ? bankruptReason(base, options.threshold) : describe(model, slope, withData.length, outcome, options)
  const whatIf = automate > 0 ? whatIfAutomate(curve, baseShare, rising, base, capacity, candidates, automate, options) : null
  return {...common, ...outcome, baseShare, slope, whatIf, reason}
}

function bankruptReason(base: MonthFigures, threshold: number): string {
  return `toil took ${pct(base.share!)} of capacity in ${base.month}, at or above the ${pct(threshold)} threshold`
}

function describe(model: 'trend' | 'growth', slope: number, months: number, o: Outcome, options: ForecastOptions): string {
  const how = model === 'trend'
    ? `the trend through ${months} months with data ${slope > EPSILON ? `rises ${points(slope)}` : slope < -EPSILON ? `falls ${points(slope)}` : 'is flat'}`
    : `toil grows ${pct(options.growth ?? 0)} a month against headcount ${pct(options.headcountGrowth ?? 0)}`
  if (o.status === 'crossing') return `${how} and reaches ${pct(options.threshold)} in month ${o.monthsToCrossing} (${o.crossingMonth})`
  const later = o.exactMonthsToCrossing === null ? '' : ` (it would after ${Math.round(o.exactMonthsToCrossing * 100) / 100} months)`
  return `${how} and stays below ${pct(options.threshold)} for ${options.horizon} months${later}`
}

/**
 * What-if: the top N candidates that pay back are automated now; their net hours a
 * month come off every projected month (and off the base month for the bankrupt test).
 */
export function whatIfAutomate(
  curve: ShareCurve,
  baseShare: number | null,
  rising: boolean,
  base: MonthFigures,
  capacity: (m: number) => number,
  candidates: readonly Candidate[],
  automate: number,
  options: Pick<ForecastOptions, 'threshold' | 'horizon'>,
): WhatIf {
  const chosen = candidates.filter((c) => !c.neverPays).slice(0, automate)
  const net = chosen.reduce((sum, c) => sum + c.netHoursPerMonth, 0)
  const adjusted: ShareCurve = (m) => Math.max(0, curve(m) - net / capacity(m))
  const adjustedBase = baseShare === null ? null : Math.max(0, baseShare - net / base.capacityHours)
  const outcome = project(adjusted, adjustedBase, rising, base, capacity, options.threshold, options.horizon)
  return {
    automate,
    tasks: chosen.map((c) => ({taskId: c.taskId, task: c.task, team: c.team, netHoursPerMonth: c.netHoursPerMonth})),
    netHoursPerMonth: net,
    ...outcome,
  }
}
