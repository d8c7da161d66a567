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
      share: share === null ? null : share, shareUpper: share, operationalShare: share, hasData: share !== null,
    }
  })
}
const trend = {threshold: 0.5, horizon: 12, growth: null, headcountGrowth: null}
const growth = (g: number, h: number | null = null, horizon = 12) => ({threshold: 0.5, horizon, growth: g, headcountGrowth: h})

function candidate(task: string, net: number, rank: number): Candidate {
  return {
    rank, taskId: rank, task, team: 'platform', verdict: 'toil', hoursPerMonth: net, rateSource: 'logged', reduction: 1, maintenanceHoursPerMonth: 0,
    savedHoursPerMonth: net, netHoursPerMonth: net, costHours: 10, paybackMonths: 10 / net, horizonNetHours: net * 12 - 10, breakEvenHours: net * 12, neverPays: net <= 0, unanswered: [],
  }
}

describe('trend projection (docs/analyzer.md §4)', () => {
  it('28, 31, 34, 37, 40, 43% rise 3 points a month and cross 50% in month 3 (2027-01)', () => {
    const f = forecast(history([0.28, 0.31, 0.34, 0.37, 0.4, 0.43]), trend)
    expect(f).toMatchObject({model: 'trend', status: 'crossing', crossingMonth: '2027-01', monthsToCrossing: 3, baseMonth: '2026-10', monthsWithData: 6})
    expect(f.slope).toBeCloseTo(0.03, 12)
    expect(f.exactMonthsToCrossing).toBeCloseTo(7 / 3, 9)
    expect(f.projection.map((p) => p.share).slice(0, 3).map((s) => Math.round(s * 100))).toEqual([46, 49, 52])
    expect(f.projection).toHaveLength(12)
    expect(f.projection[0]!.month).toBe('2026-11')
    expect(f.projection[11]!.month).toBe('2027-10')
  })

  it('is bankrupt when the last complete month is at or above the threshold', () => {
    const f = forecast(history([0.3, 0.35, 0.4, 0.45, 0.48, 0.52]), trend)
    expect(f).toMatchObject({status: 'bankrupt', crossingMonth: null, monthsToCrossing: null})
    expect(forecast(history([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), trend).status).toBe('bankrupt')
  })

  it('is bankrupt from the last month alone even with too few months for a trend', () => {
    expect(forecast(history([null, null, null, null, null, 0.6]), trend).status).toBe('bankrupt')
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
})

describe('growth model (docs/analyzer.md §5)', () => {
  it('SPEC check: share₀ 35%, G 4%, H 0 crosses 50% after 9.09 months, so in month 10', () => {
    const f = forecast(history([0.3, 0.3, 0.3, 0.3, 0.3, 0.35]), growth(0.04))
    expect(f).toMatchObject({model: 'growth', status: 'crossing', monthsToCrossing: 10, crossingMonth: '2027-08'})
    expect(f.exactMonthsToCrossing).toBeCloseTo(Math.log(0.5 / 0.35) / Math.log(1.04), 9)
    expect(Math.round(f.exactMonthsToCrossing! * 100) / 100).toBe(9.09)
    expect(f.projection[8]!.share).toBeLessThan(0.5)
    expect(f.projection[9]!.share).toBeCloseTo(0.35 * 1.04 ** 10, 12)
  })

  it('SPEC check: with H 1% it crosses after 12.19 months, beyond a 12-month horizon', () => {
    const f = forecast(history([0.3, 0.3, 0.3, 0.3, 0.3, 0.35]), growth(0.04, 0.01))
    expect(Math.round(f.exactMonthsToCrossing! * 100) / 100).toBe(12.19)
    expect(f).toMatchObject({status: 'stable', monthsToCrossing: null})
    expect(forecast(history([0.3, 0.3, 0.3, 0.3, 0.3, 0.35]), growth(0.04, 0.01, 24))).toMatchObject({status: 'crossing', monthsToCrossing: 13})
  })

  it('uses only the last complete month: one month of data is enough', () => {
    expect(forecast(history([null, null, null, null, null, 0.35]), growth(0.04)).status).toBe('crossing')
    expect(forecast(history([0.3, 0.3, 0.3, 0.3, 0.3, null]), growth(0.04)).status).toBe('insufficient-data')
  })

  it('is stable when headcount grows as fast as the service', () => {
    expect(forecast(history([0.3, 0.3, 0.3, 0.3, 0.3, 0.35]), growth(0.03, 0.03)).status).toBe('stable')
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

describe('what-if --automate (docs/analyzer.md §6)', () => {
  const ranked = [candidate('clear disk alerts', 6, 1), candidate('rotate TLS certs', 4, 2), candidate('restart stuck deploys', 34 / 3, 3), {...candidate('manual DNS change', -1, 4), neverPays: true}]
  const rising = history([0.28, 0.31, 0.34, 0.37, 0.4, 0.43])

  it('projects capacity per average month: 4 × 40 × 30.4375 ÷ 7 = 695.71 h', () => {
    expect(projectedCapacity(rising, 0)(1)).toBeCloseTo(695.71, 2)
    expect(projectedCapacity(rising, 0.01)(2)).toBeCloseTo(695.714 * 1.01 ** 2, 2)
  })

  it('automating the top 1 (6 h a month) takes 0.86 points off and still crosses in month 3', () => {
    const w = forecast(rising, trend, ranked, 1).whatIf!
    expect(w.tasks.map((t) => t.task)).toEqual(['clear disk alerts'])
    expect(w.netHoursPerMonth).toBe(6)
    expect(w.projection[0]!.share).toBeCloseTo(0.46 - 6 / ((4 * 40 * 30.4375) / 7), 9)
    expect(w).toMatchObject({status: 'crossing', monthsToCrossing: 3})
  })

  it('automating the top 3 (21.33 h a month) moves the crossing from 2027-01 to 2027-02', () => {
    const f = forecast(rising, trend, ranked, 3)
    expect(f.crossingMonth).toBe('2027-01')
    const w = f.whatIf!
    expect(w.netHoursPerMonth).toBeCloseTo(21.33, 2)
    expect(w).toMatchObject({status: 'crossing', crossingMonth: '2027-02', monthsToCrossing: 4})
    expect(w.exactMonthsToCrossing).toBeCloseTo((0.5 - 0.43 + 64 / 3 / ((4 * 40 * 30.4375) / 7)) / 0.03, 6)
  })

  it('never automates a task that never pays back', () => {
    const w = forecast(rising, trend, ranked, 10).whatIf!
    expect(w.tasks).toHaveLength(3)
  })

  it('is null without --automate', () => {
    expect(forecast(rising, trend, ranked, 0).whatIf).toBeNull()
  })

  it('can turn a bankrupt team solvent in the what-if', () => {
    const f = forecast(history([0.45, 0.47, 0.49, 0.5, 0.51, 0.51]), trend, [candidate('big one', 60, 1)], 1)
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
