import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {assumedEngineers, onCallLoad, periodAt, scopeCapacity, teamCapacity, teamsAssumingCapacity} from '../../../src/domain/analysis/capacity.js'
import {monthFigures, operationalPart} from '../../../src/domain/analysis/history.js'
import type {MonthFigures} from '../../../src/domain/analysis/types.js'
import {capacity, row, task} from './fixtures.js'

describe('capacity (docs/analyzer.md §1)', () => {
  it('set: 4 members × 40 h/week in October = 4 × 40 × 31 ÷ 7 = 708.57 h', () => {
    const c = teamCapacity([capacity('2026-01', 4)], 'platform', '2026-10', 0)
    expect(c.hours).toBeCloseTo((4 * 40 * 31) / 7, 9)
    expect(c.hours).toBeCloseTo(708.57, 2)
    expect(c.assumed).toBe(false)
    expect(teamCapacity([capacity('2026-01', 4)], 'platform', '2026-09', 0).hours).toBeCloseTo(685.71, 2)
  })

  it('uses the latest period starting at or before the month', () => {
    const periods = [capacity('2026-03', 4), capacity('2026-09', 5, 36)]
    expect(periodAt(periods, 'platform', '2026-08')?.members).toBe(4)
    expect(periodAt(periods, 'platform', '2026-09')?.members).toBe(5)
    expect(teamCapacity(periods, 'platform', '2026-09', 0).hours).toBeCloseTo((5 * 36 * 30) / 7, 9)
    expect(teamCapacity(periods, 'platform', '2026-09', 0).hours).toBeCloseTo(771.43, 2)
    expect(periodAt(periods, 'platform', '2026-02')).toBeUndefined()
  })

  it('only teams without a period in force from the first month on need their engineers counted', () => {
    const periods = [capacity('2026-03', 4), {...capacity('2026-09', 5), team: 'Payments'}]
    const teams = ['platform', 'payments', 'data']
    expect(teamsAssumingCapacity(teams, periods, '2026-03')).toEqual(['payments', 'data'])
    expect(teamsAssumingCapacity(teams, periods, '2026-09')).toEqual(['data'])
    expect(teamsAssumingCapacity(teams, periods, '2026-02')).toEqual(teams)
    // Whatever the periods, a team left out never has a month whose capacity would be assumed.
    const month = (m: number) => `2026-${String(m).padStart(2, '0')}`
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...teams), fc.integer({min: 1, max: 12})), {maxLength: 6}), fc.integer({min: 1, max: 12}), (given, first) => {
        const ps = given.map(([team, m]) => ({...capacity(month(m), 3), team}))
        const counted = teamsAssumingCapacity(teams, ps, month(first))
        for (const team of teams.filter((t) => !counted.includes(t))) {
          for (let m = first; m <= 12; m++) expect(teamCapacity(ps, team, month(m), 1).assumed).toBe(false)
        }
      }),
    )
  })

  it('assumed: 3 engineers logged in September, no capacity set = 3 × 40 × 30 ÷ 7 = 514.29 h', () => {
    const c = teamCapacity([capacity('2026-10', 4)], 'platform', '2026-09', 3)
    expect(c.hours).toBeCloseTo(514.29, 2)
    expect(c.assumed).toBe(true)
  })

  it('is 0 and not assumed with no capacity and nobody logging', () => {
    expect(teamCapacity([], 'platform', '2026-09', 0)).toEqual({hours: 0, assumed: false})
  })

  it('assumed: an engineer who logged for two teams counts once in all, split by hours (30 h web, 10 h ops = 0.75 + 0.25)', () => {
    const rows = [
      {engineer: 'ann', team: 'web', month: '2026-10', hours: 30},
      {engineer: 'ann', team: 'ops', month: '2026-10', hours: 10},
      {engineer: 'bob', team: 'web', month: '2026-10', hours: 5},
      {engineer: 'ann', team: 'web', month: '2026-09', hours: 99},
    ]
    expect(assumedEngineers(rows, 'web', '2026-10')).toBeCloseTo(1.75, 12)
    expect(assumedEngineers(rows, 'ops', '2026-10')).toBeCloseTo(0.25, 12)
    // Both teams together count ann and bob once each: 2 × 40 × 31 ÷ 7 = 354.29 h.
    expect(scopeCapacity(['web', 'ops'], [], rows, '2026-10').hours).toBeCloseTo((2 * 40 * 31) / 7, 9)
    expect(scopeCapacity(['ops'], [], rows, '2026-10').hours).toBeCloseTo((0.25 * 40 * 31) / 7, 9)
  })

  it('all teams: capacities summed, assumed when any part is', () => {
    const periods = [capacity('2026-01', 4), {...capacity('2026-01', 2), team: 'data'}]
    const engineers = [{engineer: 'eve', team: 'web', month: '2026-10', hours: 12}]
    const c = scopeCapacity(['platform', 'data', 'web'], periods, engineers, '2026-10')
    expect(c.hours).toBeCloseTo(1240, 9)
    expect(c.assumed).toBe(true)
    expect(scopeCapacity(['platform', 'data'], periods, engineers, '2026-10').assumed).toBe(false)
  })

  it('on-call load: 2 of a 6-person rotation on call = 33.33% of weeks, over the 25% ceiling', () => {
    const load = onCallLoad(['platform'], [capacity('2026-01', 6, 40, {rotation: 6, shifts: 2})], [], '2026-10')
    expect(load).toEqual({share: 2 / 6, overLimit: true, rotation: 6, shifts: 2})
    expect(onCallLoad(['platform'], [capacity('2026-01', 6)], [], '2026-10')).toBeNull()
  })

  it('on-call load: 1 of 4 = 25% is at the ceiling, not over it', () => {
    expect(onCallLoad(['platform'], [capacity('2026-01', 4, 40, {rotation: 4, shifts: 1})], [], '2026-10')).toMatchObject({share: 0.25, overLimit: false})
  })

  it('on-call load of several teams is weighted by capacity; teams without a rotation count 0', () => {
    const periods = [capacity('2026-01', 6, 40, {rotation: 6, shifts: 2}), {...capacity('2026-01', 2), team: 'data'}]
    const load = onCallLoad(['platform', 'data'], periods, [], '2026-10')
    expect(load?.share).toBeCloseTo(0.25, 9)
  })
})

describe('monthly toil share (docs/analyzer.md §3)', () => {
  const toil = {...task('restart stuck deploys'), verdict: 'toil' as const}
  const possible = {...task('rotate TLS certs'), verdict: 'possible-toil' as const}
  const oncall = {...task('incident response', {category: 'oncall'}), verdict: 'not-toil' as const}
  const other = {...task('design review'), verdict: 'not-toil' as const}
  const classified = [toil, possible, oncall, other].map((t) => ({taskId: t.id, verdict: t.verdict, category: t.category}))
  const rows = [row(toil, '2026-10', 120, 40), row(possible, '2026-10', 30, 10), row(oncall, '2026-10', 40, 8), row(other, '2026-10', 20, 5, 5), row(toil, '2026-09', 99)]
  const october = {hours: (4 * 40 * 31) / 7, assumed: false}

  it('share = toil ÷ capacity; upper adds possible toil; operational adds the operational work of other tasks', () => {
    const m = monthFigures('2026-10', classified, rows, october)
    expect(m.toilHours).toBe(120)
    expect(m.possibleToilHours).toBe(30)
    expect(m.operationalHours).toBe(120 + 40 + 5)
    expect(m.totalHours).toBe(210)
    expect(m.share).toBeCloseTo(0.1694, 4)
    expect(m.shareUpper).toBeCloseTo(0.2117, 4)
    expect(m.operationalShare).toBeCloseTo(0.2329, 4)
    expect(m.counts).toBe(true)
  })

  it('a month before anyone logged has no capacity and no shares ("not logging yet")', () => {
    const m = monthFigures('2026-10', classified, [], october, {covered: false, partial: false})
    expect(m).toMatchObject({covered: false, capacityHours: 0, share: null, counts: false})
  })

  it('a month in progress is shown but does not count', () => {
    const m = monthFigures('2026-10', classified, rows, october, {covered: true, partial: true})
    expect(m.share).toBeCloseTo(0.1694, 4)
    expect(m).toMatchObject({partial: true, counts: false})
  })

  it('overhead work is never operational, even tagged oncall', () => {
    expect(operationalPart({verdict: 'overhead', category: 'overhead'}, 10, 10)).toBe(0)
  })

  it('operational part: all of a toil task or an oncall/interrupt task, else what is tagged', () => {
    expect(operationalPart({verdict: 'toil', category: 'release'}, 10, 0)).toBe(10)
    expect(operationalPart({verdict: 'not-toil', category: 'interrupt'}, 10, 0)).toBe(10)
    expect(operationalPart({verdict: 'possible-toil', category: 'other'}, 10, 3)).toBe(3)
    expect(operationalPart({verdict: 'overhead', category: 'overhead'}, 10, 0)).toBe(0)
  })

  it('a month with no capacity has null shares, never NaN or Infinity', () => {
    const m = monthFigures('2026-10', classified, rows, {hours: 0, assumed: false})
    expect(m).toMatchObject({share: null, shareUpper: null, operationalShare: null, counts: false})
    const empty = monthFigures('2026-08', classified, rows, {hours: 0, assumed: false})
    expect(empty).toMatchObject({toilHours: 0, share: null, counts: false})
  })

  it('shares are finite or null for any hours and capacity', () => {
    fc.assert(
      fc.property(fc.double({min: 0, max: 1e6, noNaN: true}), fc.double({min: 0, max: 1e6, noNaN: true}), (hours, cap) => {
        const m: MonthFigures = monthFigures('2026-10', classified, [row(toil, '2026-10', hours)], {hours: cap, assumed: false})
        for (const s of [m.share, m.shareUpper, m.operationalShare]) expect(s === null || Number.isFinite(s)).toBe(true)
        if (cap === 0) expect(m.share).toBeNull()
      }),
    )
  })
})

describe('on-call load follows the period in force', () => {
  it('a later period set without a rotation has none (each period stands alone)', () => {
    const periods = [capacity('2026-01', 6, 40, {rotation: 6, shifts: 2}), capacity('2026-09', 7)]
    expect(onCallLoad(['platform'], periods, [], '2026-08')?.share).toBeCloseTo(1 / 3, 12)
    expect(onCallLoad(['platform'], periods, [], '2026-10')).toBeNull()
  })
})
