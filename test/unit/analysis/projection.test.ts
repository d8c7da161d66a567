import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {firstCrossing, forecast, growthCurve, projectedCapacity, trendCurve} from '../../../src/domain/analysis/projection.js'
import type {Candidate, MonthFigures} from '../../../src/domain/analysis/types.js'
import {daysInMonth} from '../../../src/domain/calendar.js'
import {WINDOW} from './fixtures.js'

/** The window's history with these shares (null = no data), capacity 4 × 40 h/week. */
function history(shares: (number | null)[]): MonthFigures[] {
  return shares.map((share, i) => {
    const month = WINDOW[i]!
    const capacityHours = (4 * 40 * daysInMonth(month)) / 7
    const toil = share === null ? 0 : share * capacityHours
    return {
      month, toilHours: toil, possibleToilHours: 0, operationalHours: toil, totalHours: toil, capacityHours, capacityAssumed: false,
      covered: share !== null, partial: false,
      share: share === null ? null : share, shareUpper: share, operationalShare: share, counts: share !== null,
    }
  })
}
const trend = {threshold: 0.5, horizon: 12, growth: null, headcountGrowth: null, basis: 'toil' as const}
const growth = (g: number, h: number | null = null, horizon = 12) => ({threshold: 0.5, horizon, growth: g, headcountGrowth: h, basis: 'toil' as const})
/** A what-if whose counterfactual history has these shares. */
const counterfactual = (chosen: Candidate[], shares: number[]) => ({
  automate: chosen.length,
  chosen,
  history: shares.map((share, i) => ({month: WINDOW[i]!, share, shareUpper: share, operationalShare: share})),
})

function candidate(task: string, net: number, rank: number): Candidate {
  return {
    rank, taskId: rank, task, team: 'platform', verdict: 'toil', hoursPerMonth: net, rateSource: 'logged', reduction: 1, maintenanceHoursPerMonth: 0,
    savedHoursPerMonth: net, netHoursPerMonth: net, costHours: 10, paybackMonths: 10 / net, horizonNetHours: net * 12 - 10, breakEvenHours: net * 12, neverPays: net <= 0,
    paysWithinHorizon: net > 0 && 10 / net <= 12, unanswered: [],
  }
}

describe('trend projection (docs/analyzer.md §4)', () => {
  it('28, 31, 34, 37, 40, 43% rise 3 points a month and cross 50% in month 3 (2027-01)', () => {
    const f = forecast(history([0.28, 0.31, 0.34, 0.37, 0.4, 0.43]), trend)
    expect(f).toMatchObject({model: 'trend', status: 'crossing', crossingMonth: '2027-01', monthsToCrossing: 3, baseMonth: '2026-10', monthsWithData: 6})
    expect(f.slope).toBeCloseTo(0.03, 12)
    // The fit, x = months after 2026-10: 0.43 at x = 0.
    expect(f.fit!.months).toEqual(WINDOW)
    expect(f.fit!.intercept).toBeCloseTo(0.43, 12)
    // The status's measure: (37 + 40 + 43) ÷ 3 = 40%.
    expect(f.recentShare).toBeCloseTo(0.4, 12)
    expect(f.recentMonths).toEqual(['2026-08', '2026-09', '2026-10'])
    expect(f.exactMonthsToCrossing).toBeCloseTo(7 / 3, 9)
    expect(f.projection.map((p) => p.share).slice(0, 3).map((s) => Math.round(s * 100))).toEqual([46, 49, 52])
    expect(f.projection).toHaveLength(12)
    expect(f.projection[0]!.month).toBe('2026-11')
    expect(f.projection[11]!.month).toBe('2027-10')
  })

  it('is bankrupt when the mean of the last 3 months is at or above the threshold: (50 + 52 + 51) ÷ 3 = 51%', () => {
    const f = forecast(history([0.3, 0.3, 0.3, 0.5, 0.52, 0.51]), trend)
    expect(f).toMatchObject({status: 'bankrupt', crossingMonth: null, monthsToCrossing: null, monthsOver: []})
    expect(f.recentShare).toBeCloseTo(0.51, 12)
    expect(forecast(history([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), trend).status).toBe('bankrupt')
  })

  it('a single month over the threshold is named, not called bankrupt: (45 + 48 + 52) ÷ 3 = 48.3%', () => {
    const f = forecast(history([0.3, 0.35, 0.4, 0.45, 0.48, 0.52]), trend)
    expect(f.status).not.toBe('bankrupt')
    expect(f.monthsOver).toEqual(['2026-10'])
    expect(f.recentShare).toBeCloseTo(0.48333, 5)
  })

  it('with fewer than 3 counted months it is insufficient-data, even when the one month is over', () => {
    const f = forecast(history([null, null, null, null, null, 0.6]), trend)
    expect(f).toMatchObject({status: 'insufficient-data', monthsOver: ['2026-10'], recentShare: null})
  })

  it('is stable when the slope is not positive', () => {
    const f = forecast(history([0.4, 0.39, 0.41, 0.4, 0.39, 0.4]), trend)
    expect(f.status).toBe('stable')
    expect(f.slope).toBeCloseTo(-0.005 / 17.5, 12)
    expect(f.exactMonthsToCrossing).toBeNull()
  })

  it('is stable when rising but not crossing within the horizon, and says when it would', () => {
    const f = forecast(history([0.1, 0.105, 0.11, 0.115, 0.12, 0.125]), trend)
    expect(f.status).toBe('stable')
    expect(f.crossingMonth).toBeNull()
    expect(f.exactMonthsToCrossing).toBeCloseTo(75, 6)
    expect(forecast(history([0.1, 0.105, 0.11, 0.115, 0.12, 0.125]), {...trend, horizon: 75}).monthsToCrossing).toBe(75)
  })

  it('needs at least 3 months with data; months without data are left out of the fit', () => {
    const f = forecast(history([null, null, null, null, 0.3, 0.31]), trend)
    expect(f).toMatchObject({status: 'insufficient-data', monthsWithData: 2, projection: [], crossingMonth: null})
    expect(f.reason).toContain('3 are needed')
    const gaps = forecast(history([0.28, null, 0.34, null, 0.4, 0.43]), trend)
    expect(gaps.monthsWithData).toBe(4)
    expect(gaps.status).toBe('crossing')
  })

  it('never projects a negative share', () => {
    const f = forecast(history([0.3, 0.25, 0.2, 0.15, 0.1, 0.05]), trend)
    expect(Math.min(...f.projection.map((p) => p.share))).toBe(0)
  })

  it('never projects more than 100% of capacity: 20 points a month from 49% stops at 1', () => {
    const f = forecast(history([0.01, 0.01, 0.01, 0.09, 0.29, 0.49]), trend)
    expect(Math.max(...f.projection.map((p) => p.share))).toBe(1)
  })

  it('a month in progress is never fitted', () => {
    const h = history([0.28, 0.31, 0.34, 0.37, 0.4, 0.9])
    h[5] = {...h[5]!, partial: true, counts: false}
    const f = forecast(h, trend)
    expect(f.fit!.months).toEqual(WINDOW.slice(0, 5))
    expect(f.slope).toBeCloseTo(0.03, 12)
  })
})

describe('growth model (docs/analyzer.md §5)', () => {
  it('SPEC check: share₀ 35% (the mean of 34, 35, 36%), G 4%, H 0 crosses 50% after 9.09 months, so in month 10', () => {
    const f = forecast(history([0.3, 0.3, 0.3, 0.34, 0.35, 0.36]), growth(0.04))
    expect(f.baseShare).toBeCloseTo(0.35, 12)
    expect(f.fit).toBeNull()
    expect(f).toMatchObject({model: 'growth', status: 'crossing', monthsToCrossing: 10, crossingMonth: '2027-08'})
    expect(f.exactMonthsToCrossing).toBeCloseTo(Math.log(0.5 / 0.35) / Math.log(1.04), 9)
    expect(Math.round(f.exactMonthsToCrossing! * 100) / 100).toBe(9.09)
    expect(f.projection[8]!.share).toBeLessThan(0.5)
    expect(f.projection[9]!.share).toBeCloseTo(0.35 * 1.04 ** 10, 12)
  })

  it('SPEC check: with H 1% it crosses after 12.19 months, beyond a 12-month horizon', () => {
    const f = forecast(history([0.3, 0.3, 0.3, 0.35, 0.35, 0.35]), growth(0.04, 0.01))
    expect(Math.round(f.exactMonthsToCrossing! * 100) / 100).toBe(12.19)
    expect(f).toMatchObject({status: 'stable', monthsToCrossing: null})
    expect(forecast(history([0.3, 0.3, 0.3, 0.35, 0.35, 0.35]), growth(0.04, 0.01, 24))).toMatchObject({status: 'crossing', monthsToCrossing: 13})
  })

  it('needs 3 counted months for share₀, like the trend', () => {
    expect(forecast(history([null, null, null, null, 0.35, 0.35]), growth(0.04)).status).toBe('insufficient-data')
    expect(forecast(history([null, null, null, 0.35, 0.35, 0.35]), growth(0.04)).status).toBe('crossing')
  })

  it('is stable when headcount grows as fast as the service', () => {
    expect(forecast(history([0.3, 0.3, 0.3, 0.35, 0.35, 0.35]), growth(0.03, 0.03)).status).toBe('stable')
  })

  it('is clamped to 100% of capacity', () => {
    const f = forecast(history([0.3, 0.3, 0.3, 0.45, 0.45, 0.45]), growth(0.5, null, 24))
    expect(f.projection.at(-1)!.share).toBe(1)
  })

  it('the crossing month is the first whole month at or above the threshold', () => {
    fc.assert(
      fc.property(fc.double({min: 0.01, max: 0.49, noNaN: true}), fc.double({min: 0.01, max: 0.2, noNaN: true}), (s0, g) => {
        const c = firstCrossing(growthCurve(s0, g, 0), 0.5)!
        const exact = Math.log(0.5 / s0) / Math.log(1 + g)
        expect(c.exact).toBeCloseTo(exact, 6)
        expect(c.month).toBe(Math.ceil(exact - 1e-9))
      }),
    )
  })
})

describe('what-if --automate refits the counterfactual history (docs/analyzer.md §6)', () => {
  const rising = history([0.28, 0.31, 0.34, 0.37, 0.4, 0.43])

  it('projects capacity per average month: 4 × 40 × 30.4375 ÷ 7 = 695.71 h', () => {
    expect(projectedCapacity(rising, 0)(1)).toBeCloseTo(695.71, 2)
    expect(projectedCapacity(rising, 0.01)(2)).toBeCloseTo(695.714 * 1.01 ** 2, 2)
  })

  it('a counterfactual that no longer rises is refitted: flat at 20% is stable, where the history crosses in 2027-01', () => {
    const f = forecast(rising, trend, counterfactual([candidate('restart stuck deploys', 60, 1)], [0.2, 0.2, 0.2, 0.2, 0.2, 0.2]))
    expect(f.crossingMonth).toBe('2027-01')
    const w = f.whatIf!
    expect(w).toMatchObject({status: 'stable', crossingMonth: null})
    expect(w.recentShare).toBeCloseTo(0.2, 12)
    expect(w.fit!.slope).toBeCloseTo(0, 12)
    expect(w.projection.every((p) => Math.abs(p.share - 0.2) < 1e-12)).toBe(true)
    expect(w.tasks.map((t) => t.task)).toEqual(['restart stuck deploys'])
    expect(w.netHoursPerMonth).toBe(60)
  })

  it('a counterfactual rising more slowly crosses later: 2 points a month from 33% reaches 50% in month 9', () => {
    const w = forecast(rising, trend, counterfactual([candidate('clear disk alerts', 6, 1)], [0.23, 0.25, 0.27, 0.29, 0.31, 0.33])).whatIf!
    expect(w).toMatchObject({status: 'crossing', monthsToCrossing: 9, crossingMonth: '2027-07'})
    expect(w.exactMonthsToCrossing).toBeCloseTo(8.5, 9)
  })

  it('is null without --automate', () => {
    expect(forecast(rising, trend, null).whatIf).toBeNull()
  })

  it('can turn a bankrupt team solvent in the what-if', () => {
    const f = forecast(history([0.45, 0.47, 0.49, 0.5, 0.51, 0.51]), trend, counterfactual([candidate('big one', 60, 1)], [0.36, 0.38, 0.4, 0.41, 0.42, 0.42]))
    expect(f.status).toBe('bankrupt')
    expect(f.whatIf!.status).not.toBe('bankrupt')
  })
})

describe('curves', () => {
  it('trend never goes below 0; growth compounds', () => {
    expect(trendCurve(0.1, -0.05)(3)).toBe(0)
    expect(growthCurve(0.35, 0.04, 0)(2)).toBeCloseTo(0.35 * 1.0816, 12)
  })
})
