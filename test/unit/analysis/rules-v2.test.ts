import {describe, expect, it} from 'vitest'

import {analyze, counterfactualHistory, defaultOptions} from '../../../src/domain/analysis/analyze.js'
import {reviewAutomation} from '../../../src/domain/analysis/automations.js'
import {assumedEngineers, onCallLoad, scopeCapacity} from '../../../src/domain/analysis/capacity.js'
import {compareByPayback, paybackFigures, rankCandidates, taskRate} from '../../../src/domain/analysis/candidates.js'
import {decideVerdict, inferRepetitive, statusAsOf} from '../../../src/domain/analysis/classify.js'
import {operationalPart} from '../../../src/domain/analysis/history.js'
import {candidatesJson, classifyJson, forecastJson} from '../../../src/domain/analysis/json.js'
import {budgetOutlook, firstCrossing, fitTrend, growthCurve, projectSeries, recentMean, trendCurve} from '../../../src/domain/analysis/projection.js'
import type {
  AnalysisInput, AnalysisOptions, Candidate, CriterionResult, EngineerTeamMonthHours, SharePoint, TaskHistoryFacts, TaskMonthHours,
} from '../../../src/domain/analysis/index.js'
import {buildReport} from '../../../src/domain/report.js'
import {CRITERIA, type AutomationEstimate, type CapacityPeriod, type Criteria, type Criterion, type Task, unknownCriteria} from '../../../src/domain/types.js'

// SPEC §4 (revised), rule by rule. Every expected figure is worked out by hand in the
// test's name or a comment beside it, never taken from the code under test.

// As of 2026-11-20 the last complete month is 2026-10 and the default window is
// 2026-05 … 2026-10 (31, 30, 31, 31, 30, 31 days).
const AS_OF = '2026-11-20'
const WINDOW = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']
const DAYS: Record<string, number> = {
  '2026-03': 31, '2026-04': 30, '2026-05': 31, '2026-06': 30, '2026-07': 31, '2026-08': 31, '2026-09': 30, '2026-10': 31, '2026-11': 30, '2026-12': 31,
}
/** members × hours a week × days ÷ 7, written out. */
const capacityOf = (month: string, members: number, hoursPerWeek = 40) => (members * hoursPerWeek * DAYS[month]!) / 7

let nextId = 7000

type TaskSpec = Partial<Omit<Task, 'criteria' | 'estimate'>> & {criteria?: Partial<Criteria>; estimate?: Partial<AutomationEstimate>}

function mkTask(name: string, spec: TaskSpec = {}): Task {
  return {
    id: nextId++,
    team: 'platform',
    name,
    category: 'other',
    frequency: null,
    durationMinutes: null,
    status: 'active',
    automatedSince: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...spec,
    criteria: {...unknownCriteria(), ...spec.criteria},
    estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0, ...spec.estimate},
  }
}

/** Answered so that 4 criteria are yes: toil whatever is inferred. */
const TOIL: Partial<Criteria> = {manual: 'yes', repetitive: 'yes', automatable: 'yes', noEnduringValue: 'yes'}

interface Logged {
  task: Task
  /** Hours per month. */
  hours: Record<string, number>
  /** Occurrences per month (default 1 per month logged). */
  occurrences?: Record<string, number>
  /** Hours tagged oncall or interrupt per month. */
  operational?: Record<string, number>
  /** Whole-history facts, as the store gives them; default from the months above. */
  history?: Partial<Omit<TaskHistoryFacts, 'taskId'>>
}

function rowsOf(l: Logged): TaskMonthHours[] {
  return Object.entries(l.hours)
    .filter(([, h]) => h > 0)
    .map(([month, hours]) => ({taskId: l.task.id, month, hours, occurrences: l.occurrences?.[month] ?? 1, operationalHours: l.operational?.[month] ?? 0}))
}

function historyOf(l: Logged): TaskHistoryFacts {
  const months = Object.keys(l.hours).filter((m) => l.hours[m]! > 0).sort()
  const occurrences = months.reduce((s, m) => s + (l.occurrences?.[m] ?? 1), 0)
  return {taskId: l.task.id, occurrences, firstDay: months.length > 0 ? `${months[0]}-01` : null, ...l.history}
}

function mkInput(parts: {teams?: string[]; logged?: Logged[]; tasks?: Task[]; capacity?: CapacityPeriod[]; engineerHours?: EngineerTeamMonthHours[]; budgets?: AnalysisInput['budgets']}): AnalysisInput {
  const logged = parts.logged ?? []
  return {
    teams: parts.teams ?? ['platform'],
    tasks: [...logged.map((l) => l.task), ...(parts.tasks ?? [])],
    taskMonths: logged.flatMap(rowsOf),
    taskHistory: [...logged.map(historyOf), ...(parts.tasks ?? []).map((t) => ({taskId: t.id, occurrences: 0, firstDay: null}))],
    engineerHours: parts.engineerHours ?? [],
    capacity: parts.capacity ?? [],
    budgets: parts.budgets ?? [],
  }
}

function cap(fromMonth: string, members: number, hoursPerWeek = 40, extra: Partial<CapacityPeriod> = {}): CapacityPeriod {
  return {team: 'platform', fromMonth, members, hoursPerWeek, rotation: null, shifts: null, ...extra}
}

const opts = (overrides: Partial<AnalysisOptions> = {}) => defaultOptions(AS_OF, {team: 'platform', ...overrides})

/** Hours per month that make the given share of a capacity of `members` × 40 h/week. */
function hoursForShares(months: string[], shares: number[], members = 1, hoursPerWeek = 40): Record<string, number> {
  return Object.fromEntries(months.map((m, i) => [m, shares[i]! * capacityOf(m, members, hoursPerWeek)]))
}

function criteriaOf(values: Partial<Record<Criterion, 'yes' | 'no' | 'unknown'>>): Record<Criterion, CriterionResult> {
  return Object.fromEntries(CRITERIA.map((c) => {
    const value = values[c] ?? 'unknown'
    return [c, {value, source: value === 'unknown' ? 'none' : 'answered', reason: 'test'}]
  })) as Record<Criterion, CriterionResult>
}

const points = (months: string[], shares: number[]): SharePoint[] => months.map((month, i) => ({month, share: shares[i]!}))

const trendOptions = {threshold: 0.5, horizon: 12, growth: null, headcountGrowth: null, basis: 'toil' as const}
const noCapacity = () => 0

describe('4.1 verdicts by Y (yes) + U (unknown)', () => {
  it('nothing answered: Y 0 + U 6 = 6 >= 4 → possible-toil, never not-toil', () => {
    expect(decideVerdict('other', criteriaOf({})).verdict).toBe('possible-toil')
  })

  it('Y 4 (manual, repetitive, automatable, no enduring value) → toil, whatever the other two', () => {
    expect(decideVerdict('other', criteriaOf({...TOIL, tactical: 'no', scales: 'no'})).verdict).toBe('toil')
  })

  it('Y 2 + U 2 = 4 → possible-toil; Y 3 + U 1 = 4 → possible-toil', () => {
    expect(decideVerdict('release', criteriaOf({manual: 'yes', repetitive: 'yes', tactical: 'no', scales: 'no'})).verdict).toBe('possible-toil')
    expect(decideVerdict('release', criteriaOf({manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'no', scales: 'no'})).verdict).toBe('possible-toil')
  })

  it('Y 1 + U 2 = 3 < 4 → not-toil (no answer could make it toil); Y 3 + U 0 = 3 → not-toil', () => {
    expect(decideVerdict('other', criteriaOf({manual: 'yes', repetitive: 'no', tactical: 'no', scales: 'no'})).verdict).toBe('not-toil')
    expect(decideVerdict('other', criteriaOf({manual: 'yes', repetitive: 'yes', automatable: 'yes', noEnduringValue: 'no'})).verdict).toBe('not-toil')
    expect(decideVerdict('other', criteriaOf({manual: 'yes', repetitive: 'yes', automatable: 'yes', noEnduringValue: 'yes', tactical: 'no', scales: 'no'})).verdict).toBe('toil')
  })

  it('a veto (manual, automatable or no-enduring-value answered no) → not-toil even with Y 5', () => {
    const five = {manual: 'yes', repetitive: 'yes', automatable: 'yes', noEnduringValue: 'yes', tactical: 'yes', scales: 'yes'} as const
    expect(decideVerdict('other', criteriaOf({...five, manual: 'no'})).verdict).toBe('not-toil')
    expect(decideVerdict('other', criteriaOf({...five, automatable: 'no'})).verdict).toBe('not-toil')
    expect(decideVerdict('other', criteriaOf({...five, noEnduringValue: 'no'})).verdict).toBe('not-toil')
  })

  it('category overhead comes first: overhead even with Y 6', () => {
    const six = Object.fromEntries(CRITERIA.map((c) => [c, 'yes'])) as Record<Criterion, 'yes'>
    expect(decideVerdict('overhead', criteriaOf(six)).verdict).toBe('overhead')
  })

  it('a new team that answered nothing: each task is possible-toil, counted in the upper bound, listed under needs answers by hours (20, 12, 5)', () => {
    // Each logged once, in October: repetitive inferred no (1 occurrence), tactical no (no tags),
    // scales unknown (1 month); manual, automatable, no-enduring-value unknown → Y 0 + U 4 = 4.
    const small = mkTask('small chore')
    const big = mkTask('big chore')
    const mid = mkTask('mid chore')
    const input = mkInput({
      logged: [{task: small, hours: {'2026-10': 5}}, {task: big, hours: {'2026-10': 20}}, {task: mid, hours: {'2026-10': 12}}],
      capacity: [cap('2026-01', 2)],
    })
    const a = analyze(input, opts())
    for (const t of a.tasks) {
      expect(t.verdict).toBe('possible-toil')
      expect(t.unanswered).toEqual(['manual', 'automatable', 'noEnduringValue', 'scales'])
      expect(t.criteria.repetitive).toMatchObject({value: 'no', source: 'inferred'})
    }
    expect(a.needsAnswers.map((t) => t.task)).toEqual(['big chore', 'mid chore', 'small chore'])
    const oct = a.history.find((h) => h.month === '2026-10')!
    // Toil 0 h; upper bound 5 + 20 + 12 = 37 h of 2 × 40 × 31 ÷ 7 = 354.29 h → 10.44%.
    expect(oct.toilHours).toBe(0)
    expect(oct.possibleToilHours).toBeCloseTo(37, 10)
    expect(oct.share).toBe(0)
    expect(oct.shareUpper).toBeCloseTo(37 / ((2 * 40 * 31) / 7), 10)
    // Every view lists them, ordered by hours.
    expect(classifyJson(a).needsAnswers.map((n) => [n.task, n.hours])).toEqual([['big chore', 20], ['mid chore', 12], ['small chore', 5]])
    expect(candidatesJson(a).needsAnswers.map((n) => n.task)).toEqual(['big chore', 'mid chore', 'small chore'])
    expect(forecastJson(a).needsAnswers.map((n) => n.task)).toEqual(['big chore', 'mid chore', 'small chore'])
    expect(forecastJson(a).needsAnswers[0]!.command).toBe('toil task edit "big chore" --team platform --manual --automatable --no-enduring-value --scales')
  })
})

describe('4.1 repetitive from the whole history, or a declared frequency of at least quarterly', () => {
  const quarterly = {count: 1, unit: 'quarter', every: 1} as const
  it('>= 3 occurrences ever → yes; 1 or 2 with no frequency → no; none and no frequency → unknown', () => {
    expect(inferRepetitive(3, null)).toMatchObject({value: 'yes', source: 'inferred'})
    expect(inferRepetitive(2, null)).toMatchObject({value: 'no', source: 'inferred'})
    expect(inferRepetitive(1, null)).toMatchObject({value: 'no', source: 'inferred'})
    expect(inferRepetitive(0, null)).toMatchObject({value: 'unknown'})
  })

  it('quarterly (1/3 a month) → yes even with 1 or 0 occurrences; 4/year = 4 × 1/12 = 1/3 → yes; every 2 quarters (1/6) → not enough', () => {
    expect(inferRepetitive(1, quarterly).value).toBe('yes')
    expect(inferRepetitive(0, quarterly).value).toBe('yes')
    expect(inferRepetitive(0, {count: 4, unit: 'year', every: 1}).value).toBe('yes')
    expect(inferRepetitive(2, {count: 1, unit: 'quarter', every: 2}).value).toBe('no')
    expect(inferRepetitive(0, {count: 1, unit: 'year', every: 1}).value).toBe('unknown')
  })

  it('a task logged once in the window but 3 times in its whole history is repetitive; one logged once ever is not', () => {
    const old = mkTask('old habit')
    const fresh = mkTask('first time')
    const input = mkInput({
      logged: [
        {task: old, hours: {'2026-10': 1}, history: {occurrences: 3, firstDay: '2025-01-10'}},
        {task: fresh, hours: {'2026-10': 1}},
      ],
    })
    const a = analyze(input, opts())
    const byName = Object.fromEntries(a.tasks.map((t) => [t.task, t]))
    expect(byName['old habit']!.window.occurrences).toBe(1)
    expect(byName['old habit']!.criteria.repetitive).toMatchObject({value: 'yes', source: 'inferred'})
    expect(byName['first time']!.criteria.repetitive).toMatchObject({value: 'no', source: 'inferred'})
  })
})

describe('4.1 a task\'s status as of the as-of day', () => {
  it('automated after the as-of day → active on it; on or before it → automated', () => {
    expect(statusAsOf({status: 'automated', automatedSince: '2026-12-05'}, '2026-11-20')).toBe('active')
    expect(statusAsOf({status: 'automated', automatedSince: '2026-11-20'}, '2026-11-20')).toBe('automated')
    expect(statusAsOf({status: 'automated', automatedSince: '2026-11-01'}, '2026-11-20')).toBe('automated')
    expect(statusAsOf({status: 'retired', automatedSince: null}, '2026-11-20')).toBe('retired')
  })

  it('automated on 2026-12-05: as of 2026-11-20 still a candidate and not reviewed; as of 2026-12-10 reviewed, not a candidate', () => {
    const purge = mkTask('purge queues', {criteria: TOIL, estimate: {costHours: 10}, status: 'automated', automatedSince: '2026-12-05'})
    const input = mkInput({logged: [{task: purge, hours: Object.fromEntries(WINDOW.map((m) => [m, 10]))}], capacity: [cap('2026-01', 2)]})
    const before = analyze(input, opts())
    expect(before.tasks[0]!.status).toBe('active')
    expect(before.candidates.map((c) => c.task)).toEqual(['purge queues'])
    // 10 h a month; payback 10 ÷ 10 = 1 month.
    expect(before.candidates[0]!.paybackMonths).toBeCloseTo(1, 10)
    expect(before.automations).toEqual([])
    const after = analyze(input, defaultOptions('2026-12-10', {team: 'platform'}))
    expect(after.tasks[0]!.status).toBe('automated')
    expect(after.candidates).toEqual([])
    expect(after.automations.map((r) => r.since)).toEqual(['2026-12-05'])
  })
})

describe('4.2 covered months', () => {
  // The team logged first in 2026-08: three covered months (08, 09, 10) of the six.
  const restart = mkTask('restart deploys', {criteria: TOIL})
  const certs = mkTask('rotate certs', {criteria: TOIL})
  const input = mkInput({
    logged: [
      {task: restart, hours: {'2026-08': 9, '2026-09': 12, '2026-10': 15}},
      {task: certs, hours: {'2026-09': 10, '2026-10': 10}},
    ],
    capacity: [cap('2026-01', 2)],
  })
  const a = analyze(input, opts())

  it('a rate is hours ÷ the months it could have happened: (9 + 12 + 15) ÷ 3 = 12, not ÷ 6 = 6; a task first logged in 09: 20 ÷ 2 = 10', () => {
    const rate = Object.fromEntries(a.candidates.map((c) => [c.task, c.hoursPerMonth]))
    expect(rate['restart deploys']).toBeCloseTo(12, 10)
    expect(rate['rotate certs']).toBeCloseTo(10, 10)
    expect(a.candidates.every((c) => c.rateSource === 'logged')).toBe(true)
  })

  it('months before the team logged are not covered: no capacity, null shares, not counted; the 3 after are', () => {
    expect(a.history.map((h) => h.covered)).toEqual([false, false, false, true, true, true])
    for (const h of a.history.slice(0, 3)) {
      expect(h).toMatchObject({share: null, shareUpper: null, operationalShare: null, counts: false})
    }
    // August: 9 h of 2 × 40 × 31 ÷ 7 = 708.57 h.
    expect(a.history[3]!.share).toBeCloseTo(9 / capacityOf('2026-08', 2), 12)
    expect(a.forecast.monthsWithData).toBe(3)
    expect(a.forecast.status).not.toBe('insufficient-data')
    const json = forecastJson(a)
    expect(json.history.slice(0, 3).map((h) => [h.covered, h.share])).toEqual([[false, null], [false, null], [false, null]])
  })

  it('the report\'s averages run over the covered months: (s08 + s09 + s10) ÷ 3', () => {
    const report = buildReport(a, {from: '2026-10-01', to: '2026-10-31', month: '2026-10', inProgress: false}, null)
    const shares = [9 / capacityOf('2026-08', 2), 22 / capacityOf('2026-09', 2), 25 / capacityOf('2026-10', 2)]
    expect(report.trendTotals.countedMonths).toBe(3)
    expect(report.trendTotals.averageShare).toBeCloseTo((shares[0]! + shares[1]! + shares[2]!) / 3, 12)
    // (9 + 22 + 25) ÷ 3 = 18.67 h a month.
    expect(report.trendTotals.averageToilHours).toBeCloseTo(56 / 3, 10)
  })

  it('an automated task\'s rate before ends with the month before it went live: live 2026-09-15, first logged 07 → (6 + 10) ÷ 2 = 8', () => {
    const task = mkTask('renew leases', {criteria: TOIL, status: 'automated', automatedSince: '2026-09-15'})
    const b = analyze(mkInput({logged: [{task, hours: {'2026-07': 6, '2026-08': 10, '2026-09': 2, '2026-10': 1}}], capacity: [cap('2026-01', 2)]}), opts())
    const review = b.automations[0]!
    expect(review.monthsBefore).toEqual(['2026-07', '2026-08'])
    expect(review.rateBefore).toBeCloseTo(8, 12)
    // After: October only (September is the mixed month): 1 h; realized 8 − 1 = 7.
    expect(review.monthsAfter).toEqual(['2026-10'])
    expect(review.rateAfter).toBeCloseTo(1, 12)
    expect(review.realizedSavedHoursPerMonth).toBeCloseTo(7, 12)
    expect(reviewAutomation(task, rowsOf({task, hours: {'2026-07': 6, '2026-08': 10}}), '2026-10', 6, '2026-07')!.rateBefore).toBeCloseTo(8, 12)
  })
})

describe('the issue\'s example: a new team\'s top candidate', () => {
  // Logged in 08, 09 and 10 only, r h each month, with r = 22/7 + 0.99; maintenance 0.99 h;
  // cost 110/7 h. Over its 3 months: net = r − 0.99 = 22/7; payback = (110/7) ÷ (22/7) = 5;
  // 12-month net = 12 × 22/7 − 110/7 = (264 − 110) ÷ 7 = 22 h.
  // Divided by all 6 months instead: rate r/2, net = (22/7 + 0.99)/2 − 0.99 = 1.0764;
  // payback 15.714 ÷ 1.0764 = 14.6 months; 12-month net = 12.92 − 15.71 = −2.80 h.
  const r = 22 / 7 + 0.99
  const top = mkTask('restart deploys', {criteria: TOIL, estimate: {costHours: 110 / 7, maintenanceHoursPerMonth: 0.99}})
  const input = mkInput({logged: [{task: top, hours: {'2026-08': r, '2026-09': r, '2026-10': r}}], capacity: [cap('2026-01', 2)]})
  const a = analyze(input, opts())

  it('payback 5 months and +22 h over 12 months, not 14.6 months and −2.80 h', () => {
    const c = a.candidates[0]!
    expect(c.hoursPerMonth).toBeCloseTo(r, 12)
    expect(c.netHoursPerMonth).toBeCloseTo(22 / 7, 12)
    expect(c.paybackMonths).toBeCloseTo(5, 10)
    expect(c.horizonNetHours).toBeCloseTo(22, 10)
    expect(c.paysWithinHorizon).toBe(true)
    const json = candidatesJson(a).candidates[0]!
    expect([json.paybackMonths, json.horizonNetHours]).toEqual([5, 22])
    // The misreading the issue reports, for contrast.
    const halved = paybackFigures({hoursPerMonth: r / 2, reduction: 1, maintenanceHoursPerMonth: 0.99, costHours: 110 / 7, horizon: 12, overrun: 1})
    expect(Math.round(halved.paybackMonths! * 10) / 10).toBe(14.6)
    expect(halved.horizonNetHours!).toBeLessThan(0)
    expect(json.paybackMonths).not.toBe(14.6)
  })

  it('the forecast counts the same 3 months, and --automate picks that candidate', () => {
    expect(a.forecast.monthsWithData).toBe(3)
    expect(a.forecast.reason).toContain('3 months')
    const w = analyze(input, opts({automate: 1})).forecast.whatIf!
    expect(w.tasks.map((t) => [t.task, Math.round(t.netHoursPerMonth * 1e6) / 1e6])).toEqual([['restart deploys', Math.round((22 / 7) * 1e6) / 1e6]])
  })
})

describe('4.2 assumed capacity and per-engineer shares', () => {
  // October (31 days): alice logged 30 h for platform and 10 h for payments; bob 20 h for platform.
  const rows: EngineerTeamMonthHours[] = [
    {engineer: 'alice', team: 'platform', month: '2026-10', hours: 30},
    {engineer: 'alice', team: 'payments', month: '2026-10', hours: 10},
    {engineer: 'bob', team: 'platform', month: '2026-10', hours: 20},
  ]

  it('each engineer counts once in all, split by hours: platform 30/40 + 20/20 = 1.75, payments 10/40 = 0.25', () => {
    expect(assumedEngineers(rows, 'platform', '2026-10')).toBeCloseTo(1.75, 12)
    expect(assumedEngineers(rows, 'payments', '2026-10')).toBeCloseTo(0.25, 12)
    expect(assumedEngineers(rows, 'platform', '2026-09')).toBe(0)
  })

  it('platform: 1.75 × 40 × 31 ÷ 7 = 310 h assumed; payments 0.25 × 40 × 31 ÷ 7 = 44.29 h; both: 2 engineers, 354.29 h', () => {
    const p = mkTask('p chore')
    const q = mkTask('q chore', {team: 'payments'})
    const input = mkInput({
      teams: ['platform', 'payments'],
      logged: [{task: p, hours: {'2026-10': 50}}, {task: q, hours: {'2026-10': 10}}],
      engineerHours: rows,
    })
    const platform = analyze(input, opts()).history.at(-1)!
    expect(platform.capacityHours).toBeCloseTo(310, 10)
    expect(platform.capacityAssumed).toBe(true)
    const payments = analyze(input, opts({team: 'payments'})).history.at(-1)!
    expect(payments.capacityHours).toBeCloseTo((0.25 * 40 * 31) / 7, 10)
    const all = analyze(input, opts({team: null})).history.at(-1)!
    expect(all.capacityHours).toBeCloseTo((2 * 40 * 31) / 7, 10)
    expect(scopeCapacity(['platform', 'payments'], [], rows, '2026-10').hours).toBeCloseTo((2 * 40 * 31) / 7, 10)
  })

  it('per-engineer shares use the team\'s 36 h a week: 40 ÷ (36 × 31 ÷ 7) = 25.09%; 85 h → 53.32% over 50% (at 40 h/week it would be 47.98%, under)', () => {
    const toil = mkTask('restart deploys', {criteria: TOIL})
    const input = mkInput({logged: [{task: toil, hours: {'2026-08': 100, '2026-09': 110, '2026-10': 125}}], capacity: [cap('2026-01', 5, 36)]})
    const a = analyze(input, defaultOptions('2026-11-01', {team: 'platform'}))
    const report = buildReport(a, {from: '2026-10-01', to: '2026-10-31', month: '2026-10', inProgress: false}, [
      {engineer: 'alice', taskId: toil.id, hours: 40},
      {engineer: 'bob', taskId: toil.id, hours: 85},
    ])
    const month = (36 * 31) / 7
    const byName = Object.fromEntries(report.byEngineer!.map((e) => [e.engineer, e]))
    expect(byName.alice!.hoursPerWeek).toBe(36)
    expect(byName.alice!.capacityHours).toBeCloseTo(month, 10)
    expect(byName.alice!.share).toBeCloseTo(40 / month, 12)
    expect(byName.alice!.overThreshold).toBe(false)
    expect(byName.bob!.share).toBeCloseTo(85 / month, 12)
    expect(byName.bob!.overThreshold).toBe(true)
  })
})

describe('4.3 status from the mean of the last 3 counted months', () => {
  const months = WINDOW

  it('35, 35, 35, 20, 60, 25%: the mean of the last 3 is (20 + 60 + 25) ÷ 3 = 35% → not bankrupt; September is named over', () => {
    const p = points(months, [0.35, 0.35, 0.35, 0.2, 0.6, 0.25])
    expect(recentMean(p)!.share).toBeCloseTo(0.35, 12)
    const o = projectSeries(p, '2026-10', noCapacity, trendOptions)
    expect(o.status).not.toBe('bankrupt')
    // The trend: slope Σ(x−x̄)(y−ȳ) ÷ Σ(x−x̄)² = 0.05 ÷ 17.5 = 0.002857 a month from 35.71% at 10:
    // reaches 50% only after 50 months → stable over 12.
    expect(o.status).toBe('stable')
    expect(o.monthsOver).toEqual(['2026-09'])
    expect(o.recentMonths).toEqual(['2026-08', '2026-09', '2026-10'])
  })

  it('20, 20, 20, 50, 50, 50%: mean of the last 3 = 50% → bankrupt (at the threshold), no month named apart', () => {
    const o = projectSeries(points(months, [0.2, 0.2, 0.2, 0.5, 0.5, 0.5]), '2026-10', noCapacity, trendOptions)
    expect(o.status).toBe('bankrupt')
    expect(o.monthsOver).toEqual([])
  })

  it('through analyze: a spiky October (60%) after two 20% months → mean 33.3%, October named, not bankrupt', () => {
    const spike = mkTask('spiky', {criteria: TOIL})
    const input = mkInput({logged: [{task: spike, hours: hoursForShares(['2026-08', '2026-09', '2026-10'], [0.2, 0.2, 0.6])}], capacity: [cap('2026-01', 1)]})
    const f = analyze(input, opts()).forecast
    expect(f.recentShare).toBeCloseTo(1 / 3, 12)
    expect(f.monthsOver).toEqual(['2026-10'])
    expect(f.status).not.toBe('bankrupt')
  })
})

describe('4.3 the fit: complete counted months only, clamped to 0–100%', () => {
  it('logging since 07 with shares 10, 20, 30, 40%: the fit runs through 07–10 only: slope 0.1, intercept 0.4 at 10', () => {
    const t = mkTask('rising', {criteria: TOIL})
    const months = ['2026-07', '2026-08', '2026-09', '2026-10']
    const input = mkInput({logged: [{task: t, hours: hoursForShares(months, [0.1, 0.2, 0.3, 0.4])}], capacity: [cap('2026-01', 1)]})
    const f = analyze(input, opts()).forecast
    expect(f.fit!.months).toEqual(months)
    expect(f.fit!.slope).toBeCloseTo(0.1, 12)
    expect(f.fit!.intercept).toBeCloseTo(0.4, 12)
    // Crosses 50% at 0.4 + 0.1 × 1 = 0.5 → month 1, 2026-11.
    expect(f.crossingMonth).toBe('2026-11')
    expect(forecastJson(analyze(input, opts())).fit).toEqual({slope: 0.1, intercept: 0.4, months})
  })

  it('fitTrend needs 3 points: 2 → null; x counts months back from the base', () => {
    expect(fitTrend(points(['2026-09', '2026-10'], [0.1, 0.2]), '2026-10')).toBeNull()
    const fit = fitTrend(points(['2026-08', '2026-09', '2026-10'], [0.1, 0.2, 0.3]), '2026-10')!
    expect(fit.slope).toBeCloseTo(0.1, 12)
    expect(fit.intercept).toBeCloseTo(0.3, 12)
  })

  it('clamped: 0.9 + 0.1 × 5 = 1.4 → 1; 0.1 − 0.1 × 5 = −0.4 → 0; growth 0.35 × 1.5^10 → 1', () => {
    expect(trendCurve(0.9, 0.1)(5)).toBe(1)
    expect(trendCurve(0.1, -0.1)(5)).toBe(0)
    expect(growthCurve(0.35, 0.5, 0)(10)).toBe(1)
  })

  it('growth from a 0% mean at the ends of the accepted rates (1000% a month against headcount −99%, 120 months): 0 × 1100^m stays 0, never NaN, and nothing crosses', () => {
    // (1 + 10) ÷ (1 − 0.99) = 1100; 1100^m overflows to Infinity from m ≈ 101, but 0 toil is 0 toil.
    const growth = {...trendOptions, horizon: 120, growth: 10, headcountGrowth: -0.99}
    const o = projectSeries(points(['2026-08', '2026-09', '2026-10'], [0, 0, 0]), '2026-10', noCapacity, growth)
    expect(o.projection.map((p) => p.share)).toEqual(Array.from({length: 120}, () => 0))
    expect(o.status).toBe('stable')
    expect(o.crossingMonth).toBeNull()
  })

  it('a steep rise (20, 50, 80%) projects 80 + 30 = 110% → 100%, never more; a steep fall never below 0', () => {
    const rising = projectSeries(points(['2026-08', '2026-09', '2026-10'], [0.2, 0.5, 0.8]), '2026-10', noCapacity, trendOptions)
    expect(rising.projection[0]!.share).toBe(1)
    expect(rising.projection.every((p) => p.share >= 0 && p.share <= 1)).toBe(true)
    const falling = projectSeries(points(['2026-08', '2026-09', '2026-10'], [0.5, 0.3, 0.1]), '2026-10', noCapacity, trendOptions)
    // 0.1 − 0.2 = −0.1 → 0.
    expect(falling.projection[0]!.share).toBe(0)
    expect(falling.projection.every((p) => p.share >= 0 && p.share <= 1)).toBe(true)
  })
})

describe('4.3 a month in progress (report --month this) is shown, never fitted', () => {
  // Logging since 07 at 30, 32, 34, 36%; November in progress through the 20th at 38% of a full
  // month's pace → 38% × 20/30 = 25.3% of its capacity. Threshold 49%.
  const t = mkTask('rising', {criteria: TOIL})
  const shares = hoursForShares(['2026-07', '2026-08', '2026-09', '2026-10'], [0.3, 0.32, 0.34, 0.36])
  const input = mkInput({logged: [{task: t, hours: {...shares, '2026-11': (0.38 * capacityOf('2026-11', 1) * 20) / 30}}], capacity: [cap('2026-01', 1)]})
  // --month last as of 2026-11-20: the analysis as of 2026-11-01. --month this: as of 2026-11-20, November shown partial through it.
  const last = analyze(input, defaultOptions('2026-11-01', {team: 'platform', threshold: 0.49}))
  const thisMonth = analyze(input, defaultOptions('2026-11-20', {team: 'platform', threshold: 0.49, partialThrough: '2026-11-20'}))

  it('November is partial and does not count; the fit runs through 07–10 in both: slope 0.02', () => {
    const nov = thisMonth.history.at(-1)!
    expect(nov).toMatchObject({month: '2026-11', partial: true, counts: false})
    expect(thisMonth.forecast.fit!.months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10'])
    expect(last.forecast.fit!.months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10'])
    expect(thisMonth.forecast.fit!.slope).toBeCloseTo(0.02, 12)
    expect(last.forecast.fit!.slope).toBeCloseTo(0.02, 12)
    expect(thisMonth.forecast.recentMonths).toEqual(['2026-08', '2026-09', '2026-10'])
  })

  it('both agree: crossing 49% in 2027-05 (0.36 + 0.02m >= 0.49 → m = 6.5 → 7 months after 10)', () => {
    expect(last.forecast.status).toBe('crossing')
    expect(thisMonth.forecast.status).toBe('crossing')
    expect(last.forecast.crossingMonth).toBe('2027-05')
    expect(thisMonth.forecast.crossingMonth).toBe('2027-05')
  })
})

describe('4.3 the growth model from the 3-month mean', () => {
  it('share0 35%, G 4%: 0.35 × 1.04^m >= 0.5 → m = ln(0.5/0.35) ÷ ln 1.04 = 9.09 → month 10', () => {
    const c = firstCrossing(growthCurve(0.35, 0.04, 0), 0.5)!
    expect(c.exact).toBeCloseTo(Math.log(0.5 / 0.35) / Math.log(1.04), 6)
    expect(Math.round(c.exact * 100) / 100).toBe(9.09)
    expect(c.month).toBe(10)
  })

  it('with H 1%: ln(0.5/0.35) ÷ ln(1.04/1.01) = 12.19 → month 13', () => {
    const c = firstCrossing(growthCurve(0.35, 0.04, 0.01), 0.5)!
    expect(Math.round(c.exact * 100) / 100).toBe(12.19)
    expect(c.month).toBe(13)
  })

  it('share0 is the mean of the last 3 counted months: (30 + 35 + 40) ÷ 3 = 35% → crossing in month 10; with 2 months → insufficient-data', () => {
    const growth = {...trendOptions, growth: 0.04, headcountGrowth: null}
    const o = projectSeries(points(['2026-08', '2026-09', '2026-10'], [0.3, 0.35, 0.4]), '2026-10', noCapacity, growth)
    expect(o.status).toBe('crossing')
    expect(o.monthsToCrossing).toBe(10)
    expect(o.crossingMonth).toBe('2027-08')
    expect(Math.round(o.exactMonthsToCrossing! * 100) / 100).toBe(9.09)
    expect(projectSeries(points(['2026-09', '2026-10'], [0.35, 0.35]), '2026-10', noCapacity, growth).status).toBe('insufficient-data')
  })
})

describe('4.3 the what-if refits the counterfactual history', () => {
  it('automating a team\'s only, growing toil task at 100%: counterfactual shares 0, flat zero fit, stable, no crossing', () => {
    // 10, 20, … 60 h a month of 1 × 40 h/week (≈ 177 h): rising ≈ 5.6 points a month from 33.9% → crosses 50% within 12 months.
    const grow = mkTask('growing chore', {criteria: TOIL, estimate: {costHours: 10}})
    const hours = Object.fromEntries(WINDOW.map((m, i) => [m, 10 * (i + 1)]))
    const a = analyze(mkInput({logged: [{task: grow, hours}], capacity: [cap('2026-01', 1)]}), opts({automate: 1}))
    expect(a.forecast.status).toBe('crossing')
    const w = a.forecast.whatIf!
    expect(w.tasks.map((t) => t.task)).toEqual(['growing chore'])
    expect(w.history.map((h) => h.share)).toEqual([0, 0, 0, 0, 0, 0])
    expect(w.fit!.slope).toBeCloseTo(0, 12)
    expect(w.fit!.intercept).toBeCloseTo(0, 12)
    expect(w.status).toBe('stable')
    expect(w.crossingMonth).toBeNull()
    expect(w.projection.every((p) => p.share === 0)).toBe(true)
  })

  it('a possible-toil candidate automated lowers the upper bound only: share stays 30 ÷ cap, upper (30 + 20 − 20) ÷ cap', () => {
    // maybe: manual yes, repetitive inferred yes (6 occurrences), tactical no, scales no (flat): Y 2 + U 2 → possible-toil.
    const maybe = mkTask('maybe toil', {criteria: {manual: 'yes'}, estimate: {costHours: 5}})
    const sure = mkTask('sure toil', {criteria: TOIL})
    const flat = (h: number) => Object.fromEntries(WINDOW.map((m) => [m, h]))
    const a = analyze(mkInput({logged: [{task: maybe, hours: flat(20)}, {task: sure, hours: flat(30)}], capacity: [cap('2026-01', 1)]}), opts({automate: 1}))
    expect(a.tasks.find((t) => t.task === 'maybe toil')!.verdict).toBe('possible-toil')
    const w = a.forecast.whatIf!
    expect(w.tasks.map((t) => t.task)).toEqual(['maybe toil'])
    for (const [i, h] of w.history.entries()) {
      const month = WINDOW[i]!
      expect(h.share).toBeCloseTo(30 / capacityOf(month, 1), 12)
      expect(h.shareUpper).toBeCloseTo(30 / capacityOf(month, 1), 12)
      expect(a.history[i]!.shareUpper).toBeCloseTo(50 / capacityOf(month, 1), 12)
    }
    expect(w.status).toBe(a.forecast.status)
    expect(counterfactualHistory(a.history, a.tasks, a.candidates.filter((c) => c.task === 'maybe toil'), a.teamStarts).map((h) => h.share)).toEqual(a.history.map((h) => h.share))
  })
})

/** A candidate from its figures, for the ranking rules. */
function candidate(task: string, hoursPerMonth: number, costHours: number | null, maintenance = 0): Omit<Candidate, 'rank'> {
  return {
    taskId: nextId++,
    task,
    team: 'platform',
    verdict: 'toil',
    hoursPerMonth,
    rateSource: 'logged',
    reduction: 1,
    maintenanceHoursPerMonth: maintenance,
    costHours,
    unanswered: [],
    ...paybackFigures({hoursPerMonth, reduction: 1, maintenanceHoursPerMonth: maintenance, costHours, horizon: 12, overrun: 1}),
  }
}

describe('4.4 payback and ranking', () => {
  it('the check: 80 runs × 10 min = 13.33 h a month (declared), net 11.33, cost 40 → 3.53 months; × 1.3 → 4.59', () => {
    const rate = taskRate({frequency: {count: 80, unit: 'month', every: 1}, durationMinutes: 10}, 0, 0)
    expect(rate.rateSource).toBe('declared')
    expect(rate.hoursPerMonth).toBeCloseTo(800 / 60, 12)
    const p = paybackFigures({hoursPerMonth: rate.hoursPerMonth, reduction: 1, maintenanceHoursPerMonth: 2, costHours: 40, horizon: 12, overrun: 1})
    expect(p.netHoursPerMonth).toBeCloseTo(800 / 60 - 2, 12)
    expect(Math.round(p.paybackMonths! * 100) / 100).toBe(3.53)
    // Horizon net 11.33 × 12 − 40 = 96; break-even 136.
    expect(p.horizonNetHours).toBeCloseTo((800 / 60 - 2) * 12 - 40, 10)
    const over = paybackFigures({hoursPerMonth: rate.hoursPerMonth, reduction: 1, maintenanceHoursPerMonth: 2, costHours: 40, horizon: 12, overrun: 1.3})
    expect(Math.round(over.paybackMonths! * 100) / 100).toBe(4.59)
    // The same through analyze and its JSON: a declared task with no entries.
    const declared = mkTask('restart stuck deploys', {criteria: TOIL, frequency: {count: 80, unit: 'month', every: 1}, durationMinutes: 10, estimate: {costHours: 40, maintenanceHoursPerMonth: 2}})
    const input = mkInput({tasks: [declared]})
    expect(candidatesJson(analyze(input, opts())).candidates[0]).toMatchObject({paybackMonths: 3.53, hoursPerMonth: 13.33, rateSource: 'declared'})
    expect(candidatesJson(analyze(input, opts({overrun: 1.3}))).candidates[0]!.paybackMonths).toBe(4.59)
  })

  it('equal paybacks within 1e-9 relative are settled by horizon net: 12 ÷ 3 = 4 (net 24) vs 24 ÷ 6(1 − 1e-13) ≈ 4 (net 48) → the second first', () => {
    const alpha = candidate('alpha', 3, 12)
    const bravo = candidate('bravo', 6 * (1 - 1e-13), 24)
    expect(bravo.paybackMonths!).toBeGreaterThan(alpha.paybackMonths!)
    expect(rankCandidates([alpha, bravo]).map((c) => c.task)).toEqual(['bravo', 'alpha'])
    expect(rankCandidates([bravo, alpha]).map((c) => c.task)).toEqual(['bravo', 'alpha'])
    // A real difference (1e-6 relative) is not a tie: the shorter payback first.
    const charlie = candidate('charlie', 6 * (1 - 1e-6), 24)
    expect(rankCandidates([charlie, alpha]).map((c) => c.task)).toEqual(['alpha', 'charlie'])
    expect(compareByPayback(alpha, bravo)).toBeGreaterThan(0)
  })

  it('groups: within the horizon by payback, then unestimated by break-even, then after the horizon, then never — a 5,000 h task with a 13,000-month payback ranks below an unestimated 55 h a month', () => {
    const flat = (h: number) => Object.fromEntries(WINDOW.map((m) => [m, h]))
    const quick = mkTask('quick win', {criteria: TOIL, estimate: {costHours: 20}}) // 10 h a month: payback 2
    const huge = mkTask('huge rewrite', {criteria: TOIL, estimate: {costHours: 5000}}) // 5/13 h a month: payback 5000 × 13 ÷ 5 = 13,000
    const unestimated = mkTask('unestimated', {criteria: TOIL}) // 55 h a month: break-even 55 × 12 = 660
    const never = mkTask('never pays', {criteria: TOIL, estimate: {costHours: 1, maintenanceHoursPerMonth: 2}}) // net 1 − 2 < 0
    const input = mkInput({
      logged: [{task: huge, hours: flat(5 / 13)}, {task: never, hours: flat(1)}, {task: unestimated, hours: flat(55)}, {task: quick, hours: flat(10)}],
      capacity: [cap('2026-01', 10)],
    })
    const a = analyze(input, opts())
    expect(a.candidates.map((c) => c.task)).toEqual(['quick win', 'unestimated', 'huge rewrite', 'never pays'])
    const byName = Object.fromEntries(a.candidates.map((c) => [c.task, c]))
    expect(byName['huge rewrite']!.paybackMonths).toBeCloseTo(13_000, 6)
    expect(byName['huge rewrite']!.paysWithinHorizon).toBe(false)
    expect(byName.unestimated!.breakEvenHours).toBeCloseTo(660, 10)
    expect(byName['never pays']!.neverPays).toBe(true)
    expect(byName['never pays']!.paybackMonths).toBeNull()
    expect(a.candidates.map((c) => c.rank)).toEqual([1, 2, 3, 4])
  })

  it('--sort net and --sort hours: A 10 h/month cost 10 (net 110), B 30 h cost 300 (net 60), C unestimated 20 h (break-even 240)', () => {
    const flat = (h: number) => Object.fromEntries(WINDOW.map((m) => [m, h]))
    const a = mkTask('A', {criteria: TOIL, estimate: {costHours: 10}})
    const b = mkTask('B', {criteria: TOIL, estimate: {costHours: 300}})
    const c = mkTask('C', {criteria: TOIL})
    const input = mkInput({logged: [{task: a, hours: flat(10)}, {task: b, hours: flat(30)}, {task: c, hours: flat(20)}], capacity: [cap('2026-01', 10)]})
    // payback: A 10 ÷ 10 = 1, B 300 ÷ 30 = 10 (both within 12), then C.
    expect(analyze(input, opts()).candidates.map((x) => x.task)).toEqual(['A', 'B', 'C'])
    // net: C 20 × 12 = 240, A 10 × 12 − 10 = 110, B 30 × 12 − 300 = 60.
    expect(analyze(input, opts({sort: 'net'})).candidates.map((x) => x.task)).toEqual(['C', 'A', 'B'])
    // hours: B 30, C 20, A 10.
    expect(analyze(input, opts({sort: 'hours'})).candidates.map((x) => x.task)).toEqual(['B', 'C', 'A'])
    expect(candidatesJson(analyze(input, opts({sort: 'net'}))).sort).toBe('net')
  })
})

describe('4.3 operational basis, on-call load and the toil budget', () => {
  it('operational work: toil all, oncall/interrupt not-toil all, others their tagged hours, overhead never', () => {
    expect(operationalPart({verdict: 'overhead', category: 'overhead'}, 10, 10)).toBe(0)
    expect(operationalPart({verdict: 'toil', category: 'other'}, 10, 0)).toBe(10)
    expect(operationalPart({verdict: 'not-toil', category: 'oncall'}, 10, 0)).toBe(10)
    expect(operationalPart({verdict: 'possible-toil', category: 'interrupt'}, 10, 0)).toBe(10)
    expect(operationalPart({verdict: 'not-toil', category: 'other'}, 10, 3)).toBe(3)
  })

  it('--basis operational: toil 20% + incident response 35% = 55% (the tagged overhead adds 0) → bankrupt; on toil alone, 20% → stable', () => {
    const toil = mkTask('toil chore', {criteria: TOIL})
    const incidents = mkTask('incident response', {category: 'oncall', criteria: {automatable: 'no'}})
    const meeting = mkTask('oncall handover meeting', {category: 'overhead'})
    const share = (s: number) => hoursForShares(WINDOW, WINDOW.map(() => s))
    const input = mkInput({
      logged: [
        {task: toil, hours: share(0.2)},
        {task: incidents, hours: share(0.35)},
        {task: meeting, hours: share(0.3), operational: share(0.3)},
      ],
      capacity: [cap('2026-01', 1)],
    })
    const onToil = analyze(input, opts())
    const onOps = analyze(input, opts({basis: 'operational'}))
    for (const h of onOps.history) {
      expect(h.share).toBeCloseTo(0.2, 12)
      expect(h.operationalShare).toBeCloseTo(0.55, 12)
    }
    expect(onToil.forecast.status).toBe('stable')
    expect(onOps.forecast.status).toBe('bankrupt')
    expect(onOps.forecast.basis).toBe('operational')
    expect(onOps.forecast.recentShare).toBeCloseTo(0.55, 12)
  })

  it('on-call load = shifts ÷ rotation: 2 of 6 = 1/3 > 25% warns; 2 of 8 = 25% does not (above, not at)', () => {
    const one = onCallLoad(['platform'], [cap('2026-01', 6, 40, {rotation: 6, shifts: 2})], [], '2026-10')!
    expect(one.share).toBeCloseTo(1 / 3, 12)
    expect(one.overLimit).toBe(true)
    const two = onCallLoad(['platform'], [cap('2026-01', 8, 40, {rotation: 8, shifts: 2})], [], '2026-10')!
    expect(two.share).toBe(0.25)
    expect(two.overLimit).toBe(false)
    expect(onCallLoad(['platform'], [cap('2026-01', 6)], [], '2026-10')).toBeNull()
    // Through analyze: calendar time, whatever was logged (nothing here).
    const a = analyze(mkInput({capacity: [cap('2026-01', 6, 40, {rotation: 6, shifts: 2})]}), opts())
    expect(a.onCallLoad).toMatchObject({rotation: 6, shifts: 2, overLimit: true})
    expect(forecastJson(a).onCallLoad!.share).toBe(0.3333)
  })

  it('toil budget: a 35% mean is over a 30% budget; 20, 22, 24% rising 2 points a month reach 29% in month 3 (0.24 + 0.02m >= 0.29 → 2.5) = 2027-01', () => {
    const over = budgetOutlook(0.3, points(['2026-08', '2026-09', '2026-10'], [0.3, 0.35, 0.4]), '2026-10', trendOptions)
    expect(over).toMatchObject({budget: 0.3, over: true, crossingMonth: null})
    const rising = budgetOutlook(0.29, points(['2026-08', '2026-09', '2026-10'], [0.2, 0.22, 0.24]), '2026-10', trendOptions)
    expect(rising).toEqual({budget: 0.29, over: false, crossingMonth: '2027-01', monthsToCrossing: 3})
    // Through analyze, with the team's budget.
    const t = mkTask('steady', {criteria: TOIL})
    const input = mkInput({
      logged: [{task: t, hours: hoursForShares(['2026-08', '2026-09', '2026-10'], [0.2, 0.22, 0.24])}],
      capacity: [cap('2026-01', 1)],
      budgets: [{team: 'platform', budget: 0.29}],
    })
    const f = analyze(input, opts()).forecast
    expect(f.budget).toEqual({budget: 0.29, over: false, crossingMonth: '2027-01', monthsToCrossing: 3})
    expect(forecastJson(analyze(input, opts())).toilBudget).toEqual({budget: 0.29, over: false, crossingMonth: '2027-01', monthsToCrossing: 3})
  })
})

describe('4.5 a what-if treats each picked task as automated before the window, from its team\'s first month', () => {
  // As of 2026-10-15, all teams; the window is 2026-04 … 2026-09 (30, 31, 30, 31, 31, 30 days).
  // steady: 6 × 40 h/week, logging since April; growing: 4 × 26 h/week, first entry in May.
  // April's capacity is steady's alone: 6 × 40 × 30 ÷ 7 = 1028.571 h; from May, (240 + 104) × days ÷ 7:
  // 344 × 31 ÷ 7 = 1523.429 h (May, Jul, Aug), 344 × 30 ÷ 7 = 1474.286 h (Jun, Sep).
  // purge caches (steady, toil, unestimated): 34 h in April, then 8930, 10363, 10531, 13594, 11596 minutes.
  // rebuild index (growing, toil, cost 20 h, 100%, maintenance 2 h): 20, 25, 30, 35, 40 h in May–Sep:
  // rate 150 ÷ 5 = 30 h, net 28, payback 20 ÷ 28 = 0.71 months → the only candidate --automate 4 can pick.
  const asOf = '2026-10-15'
  const purge = mkTask('purge caches', {team: 'steady', criteria: TOIL})
  const rebuild = mkTask('rebuild index', {team: 'growing', criteria: TOIL, estimate: {costHours: 20, maintenanceHoursPerMonth: 2}})
  const minutes = {'2026-04': 34 * 60, '2026-05': 8930, '2026-06': 10363, '2026-07': 10531, '2026-08': 13594, '2026-09': 11596}
  const input = mkInput({
    teams: ['steady', 'growing'],
    logged: [
      {task: purge, hours: Object.fromEntries(Object.entries(minutes).map(([m, n]) => [m, n / 60]))},
      {task: rebuild, hours: {'2026-05': 20, '2026-06': 25, '2026-07': 30, '2026-08': 35, '2026-09': 40}},
    ],
    capacity: [{...cap('2026-01', 6), team: 'steady'}, {...cap('2026-01', 4, 26), team: 'growing'}],
  })
  const a = analyze(input, defaultOptions(asOf, {automate: 4}))
  const w = a.forecast.whatIf!

  it('April, before growing logged, gets none of its 2 h maintenance: 34 ÷ 1028.571 = 0.03306, not 36 ÷ 1028.571 = 0.0350', () => {
    expect(w.tasks.map((t) => t.task)).toEqual(['rebuild index'])
    expect(a.history[0]!.capacityHours).toBeCloseTo((240 * 30) / 7, 9)
    expect(w.history[0]!.month).toBe('2026-04')
    expect(w.history[0]!.share).toBeCloseTo(34 / ((240 * 30) / 7), 12)
    expect(w.history[0]!.share).toBe(a.history[0]!.share)
    // May: purge 8930 min = 148.833 h, rebuild 20 h − 20 saved + 2 maintenance → 150.833 ÷ 1523.429 = 0.09901.
    expect(w.history[1]!.share).toBeCloseTo((8930 / 60 + 2) / ((344 * 31) / 7), 12)
  })

  it('the refit: slope 0.01851585, intercept 0.15455315 at 2026-09, crossing after 18.657 months', () => {
    // Counterfactual shares, x = −5 … 0: 34 ÷ 1028.571 = 0.033056; 150.833 ÷ 1523.429 = 0.099009;
    // 174.717 ÷ 1474.286 = 0.118509; 177.517 ÷ 1523.429 = 0.116524; 228.567 ÷ 1523.429 = 0.150034;
    // 195.267 ÷ 1474.286 = 0.132448. Σ = 0.649581, ȳ = 0.108264; x̄ = −2.5, Σ(x − x̄)² = 17.5;
    // Σ(x − x̄)y = −2.5 × 0.033056 − 1.5 × 0.099009 − 0.5 × 0.118509 + 0.5 × 0.116524 + 1.5 × 0.150034
    //            + 2.5 × 0.132448 = 0.324027 → slope 0.324027 ÷ 17.5 = 0.0185158;
    // intercept ȳ − slope × x̄ = 0.108264 + 2.5 × 0.0185158 = 0.154553; (0.5 − 0.154553) ÷ 0.0185158 = 18.657.
    expect(w.fit!.months).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'])
    expect(w.fit!.slope).toBeCloseTo(0.01851585, 8)
    expect(w.fit!.intercept).toBeCloseTo(0.15455315, 8)
    expect(w.exactMonthsToCrossing!).toBeCloseTo(18.657, 3)
    // Month 19 after 2026-09, beyond the 12-month horizon: stable.
    expect(w.status).toBe('stable')
    // JSON: the fit to 6 decimals, months to 2.
    expect(forecastJson(a).whatIf).toMatchObject({fit: {slope: 0.018516, intercept: 0.154553}, exactMonthsToCrossing: 18.66})
  })

  it('counterfactualHistory adds maintenance only from the team\'s first month: without growing\'s start, April would not change either', () => {
    const chosen = a.candidates.filter((c) => c.task === 'rebuild index')
    const withStarts = counterfactualHistory(a.history, a.tasks, chosen, a.teamStarts)
    expect(withStarts[0]!.share).toBe(a.history[0]!.share)
    // Had growing logged from April, April would carry its 2 h: 36 ÷ 1028.571 = 0.035.
    const fromApril = counterfactualHistory(a.history, a.tasks, chosen, {...a.teamStarts, growing: '2026-04'})
    expect(fromApril[0]!.share).toBeCloseTo(36 / ((240 * 30) / 7), 12)
  })
})

describe('4.1 scales from the window\'s months, from the first one with hours', () => {
  // --window 4 as of 2026-11-20: 2026-07 … 2026-10. Each task also has 1 h in 2026-03, before the window.
  const options = opts({window: 4})

  it('0, 3.75, 2.92, 2.5 h (nothing in July) → the series is 3.75, 2.92, 2.5: slope (2.5 − 3.75) ÷ 2 = −0.625 → no', () => {
    // With July's 0 the slope would be (−1.5 × 0 − 0.5 × 3.75 + 0.5 × 2.9167 + 1.5 × 2.5) ÷ 5 = 3.333 ÷ 5 = +0.67: a "rise".
    const t = mkTask('falling chore')
    const a = analyze(mkInput({logged: [{task: t, hours: {'2026-03': 1, '2026-08': 3.75, '2026-09': 175 / 60, '2026-10': 2.5}}], capacity: [cap('2026-01', 1)]}), options)
    const task = a.tasks[0]!
    expect(task.window.scalesSeries).toEqual([3.75, 175 / 60, 2.5])
    expect(task.criteria.scales).toMatchObject({value: 'no', source: 'inferred'})
  })

  it('zeros inside the run count: 2, 0, 3 h (Aug–Oct) → x̄ = 1, Σ(x − x̄)y = −2 + 3 = 1 → slope 0.5 → yes', () => {
    const t = mkTask('gappy chore')
    const a = analyze(mkInput({logged: [{task: t, hours: {'2026-03': 1, '2026-08': 2, '2026-10': 3}}], capacity: [cap('2026-01', 1)]}), options)
    expect(a.tasks[0]!.window.scalesSeries).toEqual([2, 0, 3])
    expect(a.tasks[0]!.criteria.scales.value).toBe('yes')
  })

  it('hours in only two window months (Sep 4 h, Oct 1 h) → unknown, whatever it logged before the window; nobody answered → possible-toil, needs answers', () => {
    const t = mkTask('rare chore')
    const a = analyze(mkInput({logged: [{task: t, hours: {'2026-03': 6, '2026-09': 4, '2026-10': 1}}], capacity: [cap('2026-01', 1)]}), opts())
    const task = a.tasks[0]!
    expect(task.window.scalesSeries).toEqual([4, 1])
    expect(task.criteria.scales.value).toBe('unknown')
    expect(task.verdict).toBe('possible-toil')
    expect(a.needsAnswers.map((n) => [n.task, n.unanswered.includes('scales')])).toEqual([['rare chore', true]])
  })
})

describe('4.5 report --month this is the analysis as of the as-of day', () => {
  // 1 × 40 h; rising: 20, 24, 28, 32, 36, 40 h in 2026-05 … 2026-10, 30 h by 2026-11-20, and 50 h on 2026-11-25.
  const t = mkTask('rising chore', {criteria: TOIL})
  const logged = {task: t, hours: {'2026-05': 20, '2026-06': 24, '2026-07': 28, '2026-08': 32, '2026-09': 36, '2026-10': 40, '2026-11': 30}}
  const asOf = mkInput({logged: [logged], capacity: [cap('2026-01', 1)]})

  it('the forecast is toil forecast\'s that day: the six months 05–10, base month 2026-10; November shown after them, partial', () => {
    const report = analyze(asOf, opts({partialThrough: AS_OF}))
    const forecast = analyze(asOf, opts())
    expect(report.forecast).toEqual(forecast.forecast)
    expect(report.forecast.fit!.months).toEqual(WINDOW)
    expect(report.candidates).toEqual(forecast.candidates)
    expect(report.history.map((h) => h.month)).toEqual([...WINDOW, '2026-11'])
    // November through the 20th: 30 h of 40 × 30 ÷ 7 = 171.43 h = 17.5%, shown, never counted.
    expect(report.history.at(-1)).toMatchObject({month: '2026-11', partial: true, counts: false, toilHours: 30})
    expect(report.history.at(-1)!.share).toBeCloseTo(30 / capacityOf('2026-11', 1), 12)
    const r = buildReport(report, {from: '2026-11-01', to: AS_OF, month: '2026-11', inProgress: true}, null)
    expect(r.trend.map((h) => h.month)).toEqual([...WINDOW.slice(1), '2026-11'])
    expect(r.forecast.crossingMonth).toBe(forecast.forecast.crossingMonth)
  })

  it('a month in progress is only ever shown up to the as-of day', () => {
    expect(() => analyze(asOf, opts({partialThrough: '2026-11-15'}))).toThrow(/up to the as-of day/)
  })
})

describe('4.2 an automation\'s rate before is what candidates showed on its go-live day', () => {
  it('declared weekly × 1 h, never logged before going live on 2026-08-10, 0.5 h on 2026-09-14: as of 2026-11-20, 365.25 ÷ 7 ÷ 12 × 1 = 4.348 h (declared), realized 4.348 − 0.25 = 4.098', () => {
    const t = mkTask('renew tokens', {criteria: TOIL, status: 'automated', automatedSince: '2026-08-10', frequency: {count: 1, unit: 'week', every: 1}, durationMinutes: 60})
    const a = analyze(mkInput({logged: [{task: t, hours: {'2026-09': 0.5}}], capacity: [cap('2026-01', 1)]}), opts())
    const review = a.automations[0]!
    expect(review.rateBefore).toBeCloseTo(365.25 / 7 / 12, 12)
    expect(review.rateSource).toBe('declared')
    // After: September and October (August is the mixed month): 0.5 ÷ 2 = 0.25 h a month.
    expect(review.monthsAfter).toEqual(['2026-09', '2026-10'])
    expect(review.rateAfter).toBeCloseTo(0.25, 12)
    expect(review.realizedSavedHoursPerMonth).toBeCloseTo(365.25 / 7 / 12 - 0.25, 12)
    expect(Math.round(review.realizedSavedHoursPerMonth! * 1000) / 1000).toBe(4.098)
  })

  it('logged before going live: the same figure as the candidates view on the go-live day, and it stays fixed as the window moves on', () => {
    // Live 2026-09-15; 4, 6, 8 h in 06–08 (first logged in 06) → (4 + 6 + 8) ÷ 3 = 6 h, logged.
    const live = mkTask('renew leases', {criteria: TOIL, status: 'automated', automatedSince: '2026-09-15', estimate: {costHours: 5}})
    const hours = {'2026-06': 4, '2026-07': 6, '2026-08': 8, '2026-10': 1}
    const input = mkInput({logged: [{task: live, hours}], capacity: [cap('2026-01', 1)]})
    // The day before it went live it was still active, and its window ends with August, as on the go-live day.
    const onTheDay = analyze(input, defaultOptions('2026-09-14', {team: 'platform'}))
    expect(onTheDay.candidates.map((c) => [c.task, c.hoursPerMonth, c.rateSource])).toEqual([['renew leases', 6, 'logged']])
    for (const day of ['2026-11-20', '2027-03-01']) {
      const review = analyze(input, defaultOptions(day, {team: 'platform'})).automations[0]!
      expect(review.rateBefore).toBe(6)
      expect(review.rateSource).toBe('logged')
    }
  })
})
