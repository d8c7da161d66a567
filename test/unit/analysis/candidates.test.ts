import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {compareByPayback, findCandidates, paybackFigures, rankCandidates, taskRate} from '../../../src/domain/analysis/candidates.js'
import {classifyTask} from '../../../src/domain/analysis/classify.js'
import type {Candidate, TaskAnalysis} from '../../../src/domain/analysis/types.js'
import type {Task} from '../../../src/domain/types.js'
import {task} from './fixtures.js'

const base = {reduction: 1, maintenanceHoursPerMonth: 0, costHours: null, horizon: 12, overrun: 1}

describe('rate (docs/analyzer.md §7.1)', () => {
  it('logged: 80 runs a month × 10 min over a 6-month window = 80 h ÷ 6 = 13.33 h a month', () => {
    const r = taskRate(task('restart stuck deploys'), (480 * 10) / 60, 6)
    expect(r.rateSource).toBe('logged')
    expect(r.hoursPerMonth).toBeCloseTo(13.33, 2)
  })

  it('declared, with nothing logged: weekly × 45 min = 4.348 × 0.75 = 3.26 h a month', () => {
    const r = taskRate(task('weekly access review', {frequency: {count: 1, unit: 'week', every: 1}, durationMinutes: 45}), 0, 6)
    expect(r.rateSource).toBe('declared')
    expect(r.hoursPerMonth).toBeCloseTo((365.25 / 7 / 12) * 0.75, 12)
    expect(r.hoursPerMonth).toBeCloseTo(3.26, 2)
  })

  it('a team logging for 3 months: 30 h over its 3 months = 10 h a month, not 30 ÷ 6 = 5', () => {
    expect(taskRate(task('z'), 30, 3).hoursPerMonth).toBe(10)
  })

  it('logged hours win over a declaration; no declaration and nothing logged is 0', () => {
    const declared = task('x', {frequency: {count: 1, unit: 'day', every: 1}, durationMinutes: 60})
    expect(taskRate(declared, 6, 6)).toEqual({hoursPerMonth: 1, rateSource: 'logged'})
    expect(taskRate(task('y', {frequency: {count: 1, unit: 'day', every: 1}}), 0, 6)).toEqual({hoursPerMonth: 0, rateSource: 'logged'})
  })
})

describe('payback (docs/analyzer.md §7.2)', () => {
  const check = {...base, hoursPerMonth: 80 / 6, maintenanceHoursPerMonth: 2, costHours: 40}

  it('SPEC check: 13.33 h a month, maintenance 2 h, cost 40 h → payback 3.53 months', () => {
    const p = paybackFigures(check)
    expect(p.savedHoursPerMonth).toBeCloseTo(13.33, 2)
    expect(p.netHoursPerMonth).toBeCloseTo(11.33, 2)
    expect(p.paybackMonths).toBeCloseTo(3.53, 2)
    expect(p.horizonNetHours).toBeCloseTo(96, 9)
    expect(p.breakEvenHours).toBeCloseTo(136, 9)
    expect(p.neverPays).toBe(false)
  })

  it('SPEC check: with overrun 1.3 → 4.59 months; the horizon net pays the overrun too', () => {
    const p = paybackFigures({...check, overrun: 1.3})
    expect(p.paybackMonths).toBeCloseTo(4.59, 2)
    expect(p.horizonNetHours).toBeCloseTo(136 - 52, 9)
    expect(p.breakEvenHours).toBeCloseTo(136, 9)
  })

  it('reduction scales the savings: 80% of 3.26 h = 2.61 h; break-even over 12 months = 31.31 h', () => {
    const p = paybackFigures({...base, hoursPerMonth: (365.25 / 7 / 12) * 0.75, reduction: 0.8})
    expect(p.savedHoursPerMonth).toBeCloseTo(2.61, 2)
    expect(p.breakEvenHours).toBeCloseTo(31.31, 2)
    expect(p.paybackMonths).toBeNull()
    expect(p.horizonNetHours).toBeNull()
  })

  it('never pays when maintenance eats the savings: no payback, break-even 0', () => {
    const p = paybackFigures({...base, hoursPerMonth: 1, maintenanceHoursPerMonth: 2, costHours: 8})
    expect(p).toMatchObject({netHoursPerMonth: -1, paybackMonths: null, breakEvenHours: 0, neverPays: true})
    expect(p.horizonNetHours).toBe(-20)
  })

  it('payback × net = cost × overrun for any paying task', () => {
    fc.assert(
      fc.property(fc.double({min: 0.5, max: 500, noNaN: true}), fc.double({min: 0, max: 1000, noNaN: true}), fc.double({min: 1, max: 3, noNaN: true}), (rate, cost, overrun) => {
        const p = paybackFigures({...base, hoursPerMonth: rate, costHours: cost, overrun})
        expect(p.paybackMonths! * p.netHoursPerMonth).toBeCloseTo(cost * overrun, 6)
      }),
    )
  })
})

describe('ranking (docs/analyzer.md §7.3)', () => {
  function unranked(name: string, hoursPerMonth: number, costHours: number | null, maintenance = 0): Omit<Candidate, 'rank'> {
    const p = paybackFigures({...base, hoursPerMonth, costHours, maintenanceHoursPerMonth: maintenance})
    return {taskId: 0, task: name, team: 'platform', verdict: 'toil', hoursPerMonth, rateSource: 'logged', reduction: 1, maintenanceHoursPerMonth: maintenance, costHours, unanswered: [], ...p}
  }
  const list = [
    unranked('weekly access review', (365.25 / 7 / 12) * 0.75 * 0.8, null),
    unranked('manual DNS change', 1, 8, 2),
    unranked('restart stuck deploys', 80 / 6, 40, 2),
    unranked('rotate TLS certs', 4, 8),
    unranked('update runbook links', 5, null),
    unranked('clear disk alerts', 6, 12),
  ]

  it('estimated by payback (ties: horizon net), then unestimated by break-even, never-paying last', () => {
    const ranked = rankCandidates(list)
    expect(ranked.map((c) => c.task)).toEqual(['clear disk alerts', 'rotate TLS certs', 'restart stuck deploys', 'update runbook links', 'weekly access review', 'manual DNS change'])
    expect(ranked.slice(0, 3).every((c) => c.paysWithinHorizon)).toBe(true)
    expect(ranked.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5, 6])
    expect(ranked[0]!.paybackMonths).toBe(2)
    expect(ranked[1]!.paybackMonths).toBe(2)
    expect(ranked[0]!.horizonNetHours).toBe(60)
    expect(ranked[1]!.horizonNetHours).toBe(40)
    expect(ranked.at(-1)!.neverPays).toBe(true)
  })

  it('the order is a total order that does not depend on the input order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(list, {minLength: list.length}), (shuffled) => {
        expect(rankCandidates(shuffled).map((c) => c.task)).toEqual(rankCandidates(list).map((c) => c.task))
      }),
    )
    for (const a of list) expect(compareByPayback(a, a)).toBe(0)
  })
})

describe('findCandidates (docs/analyzer.md §7)', () => {
  function analysed(t: Task, hours: number, occurrences: number): TaskAnalysis {
    const facts = {occurrences, hours, operationalHours: 0, monthlyHours: [0, 0, 0, 0, 0, hours], historyOccurrences: occurrences, firstMonth: '2026-10', scalesSeries: [hours]}
    return {taskId: t.id, task: t.name, team: t.team, category: t.category, status: t.status, window: facts, months: [], ...classifyTask(t, facts)}
  }
  const toil = task('restart stuck deploys', {criteria: {manual: 'yes', automatable: 'yes', noEnduringValue: 'yes'}, estimate: {costHours: 40, reduction: 1, maintenanceHoursPerMonth: 2}})
  const possible = task('rotate TLS certs', {criteria: {manual: 'yes'}})
  const notToil = task('design review', {criteria: {automatable: 'no'}})
  const retired = task('old toil', {status: 'retired', criteria: {manual: 'yes', automatable: 'yes', noEnduringValue: 'yes'}})
  const tasks = [toil, possible, notToil, retired]
  const analyses = [analysed(toil, 80, 480), analysed(possible, 6, 4), analysed(notToil, 30, 10), analysed(retired, 10, 10)]

  it('takes active tasks whose verdict is toil or possible-toil', () => {
    const basis = new Map(analyses.map((a) => [a.taskId, {loggedHours: a.window.hours, months: 6}]))
    const found = findCandidates(analyses, new Map(tasks.map((t) => [t.id, t])), basis, {horizon: 12, overrun: 1, sort: 'payback'})
    expect(found.map((c) => [c.task, c.verdict])).toEqual([['restart stuck deploys', 'toil'], ['rotate TLS certs', 'possible-toil']])
    expect(found[0]!.paybackMonths).toBeCloseTo(3.53, 2)
    expect(found[1]).toMatchObject({hoursPerMonth: 1, costHours: null, paybackMonths: null, unanswered: ['automatable', 'noEnduringValue', 'scales']})
  })
})
