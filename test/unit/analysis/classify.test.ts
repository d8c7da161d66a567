import {describe, expect, it} from 'vitest'

import {classifyTask, decideVerdict, inferRepetitive, inferScales, inferTactical} from '../../../src/domain/analysis/classify.js'
import type {CriterionResult, TaskWindowFacts} from '../../../src/domain/analysis/types.js'
import {CRITERIA, type Criterion, type Task} from '../../../src/domain/types.js'
import {task} from './fixtures.js'

/** Window facts; the whole history defaults to the window's, and scales' series starts at the first logged month. */
const facts = (over: Partial<TaskWindowFacts> = {}): TaskWindowFacts => {
  const monthlyHours = over.monthlyHours ?? [0, 0, 0, 0, 0, 0]
  const first = monthlyHours.findIndex((h) => h > 0)
  return {
    occurrences: 0, hours: 0, operationalHours: 0, monthlyHours, firstMonth: null,
    historyOccurrences: over.occurrences ?? 0, scalesSeries: first < 0 ? [] : monthlyHours.slice(first), ...over,
  }
}
const answered = (value: 'yes' | 'no' | 'unknown'): CriterionResult => ({value, source: value === 'unknown' ? 'none' : 'answered', reason: ''})
const all = (values: Partial<Record<Criterion, 'yes' | 'no' | 'unknown'>>) =>
  Object.fromEntries(CRITERIA.map((c) => [c, answered(values[c] ?? 'unknown')])) as Record<Criterion, CriterionResult>

describe('repetitive, from the whole history (docs/analyzer.md §2.1)', () => {
  it('is yes with 3 occurrences in its history', () => {
    expect(inferRepetitive(3, null)).toMatchObject({value: 'yes', source: 'inferred'})
  })

  it('is no for a first or second time, with no frequency of at least quarterly', () => {
    expect(inferRepetitive(1, null)).toMatchObject({value: 'no', source: 'inferred'})
    const second = inferRepetitive(2, {count: 1, unit: 'year', every: 1})
    expect(second).toMatchObject({value: 'no', source: 'inferred'})
    expect(second.reason).toContain('first or second time')
  })

  it('is yes from a declared frequency of at least once a quarter, even with nothing logged', () => {
    const weekly = inferRepetitive(0, {count: 1, unit: 'week', every: 1})
    expect(weekly).toMatchObject({value: 'yes', source: 'inferred'})
    expect(weekly.reason).toContain('4.35 times a month')
    expect(inferRepetitive(1, {count: 1, unit: 'month', every: 1}).value).toBe('yes')
    // Quarterly: 1/3 a month, the lower bound; every 2 months: 1/2.
    expect(inferRepetitive(0, {count: 1, unit: 'quarter', every: 1}).value).toBe('yes')
    expect(inferRepetitive(0, {count: 1, unit: 'month', every: 2}).value).toBe('yes')
    expect(inferRepetitive(0, {count: 4, unit: 'year', every: 1}).value).toBe('yes')
    // Every 4 months, or 3 a year: 0.25 a month, less than quarterly.
    expect(inferRepetitive(0, {count: 1, unit: 'month', every: 4}).value).toBe('unknown')
    expect(inferRepetitive(0, {count: 3, unit: 'year', every: 1}).value).toBe('unknown')
  })

  it('is unknown with neither occurrences nor a quarterly frequency', () => {
    expect(inferRepetitive(0, null)).toMatchObject({value: 'unknown', source: 'none'})
    expect(inferRepetitive(0, {count: 1, unit: 'year', every: 1})).toMatchObject({value: 'unknown', source: 'none'})
  })
})

describe('tactical (docs/analyzer.md §2.2)', () => {
  it('is yes when 6 of 10 logged hours are tagged oncall or interrupt', () => {
    const r = inferTactical('other', 10, 6)
    expect(r).toMatchObject({value: 'yes', source: 'inferred'})
    expect(r.reason).toContain('60%')
  })

  it('is yes at exactly 50%', () => {
    expect(inferTactical('other', 10, 5).value).toBe('yes')
  })

  it('is no when 4 of 10 are tagged', () => {
    expect(inferTactical('release', 10, 4)).toMatchObject({value: 'no', source: 'inferred'})
  })

  it('is yes for category interrupt or oncall, logged or not', () => {
    expect(inferTactical('interrupt', 0, 0)).toMatchObject({value: 'yes', source: 'inferred'})
    expect(inferTactical('oncall', 10, 0).value).toBe('yes')
  })

  it('is unknown without entries', () => {
    expect(inferTactical('cleanup', 0, 0)).toMatchObject({value: 'unknown', source: 'none'})
  })
})

describe('scales, over complete months from the first logged month (docs/analyzer.md §2.3)', () => {
  it('is yes when monthly hours 2, 3, 5 rise (slope +1.5 h a month)', () => {
    const r = inferScales([2, 3, 5])
    expect(r).toMatchObject({value: 'yes', source: 'inferred'})
    expect(r.reason).toContain('+1.5 h a month')
  })

  it('counts empty months after the first logged month as 0 h', () => {
    // 4, 0, 0 over three months: falling.
    expect(inferScales([4, 0, 0]).value).toBe('no')
    // 1, 0, 3: slope +1 despite the gap.
    expect(inferScales([1, 0, 3]).value).toBe('yes')
  })

  it('is no when flat', () => {
    expect(inferScales([4, 4, 4, 4, 4])).toMatchObject({value: 'no', source: 'inferred'})
  })

  it('is unknown with fewer than 3 months of data', () => {
    const r = inferScales([1, 2])
    expect(r).toMatchObject({value: 'unknown', source: 'none'})
    expect(r.reason).toContain('only 2 months')
    expect(inferScales([]).value).toBe('unknown')
    expect(inferScales([0, 0, 0]).value).toBe('unknown')
  })
})

describe('verdict rules, in order (docs/analyzer.md §2.4)', () => {
  it('1. overhead wins over everything: meetings are overhead', () => {
    expect(decideVerdict('overhead', all({manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'yes', noEnduringValue: 'yes', scales: 'yes'})).verdict).toBe('overhead')
  })

  it.each(['manual', 'automatable', 'noEnduringValue'] as const)('2. an answered no to %s makes it not-toil whatever the score', (c) => {
    const v = decideVerdict('other', all({manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'yes', noEnduringValue: 'yes', scales: 'yes', [c]: 'no'}))
    expect(v.verdict).toBe('not-toil')
  })

  it('a no to repetitive, tactical or scales does not decide by itself', () => {
    expect(decideVerdict('other', all({manual: 'yes', repetitive: 'no', automatable: 'yes', tactical: 'yes', noEnduringValue: 'yes'})).verdict).toBe('toil')
  })

  it('3. four or more yes is toil', () => {
    expect(decideVerdict('other', all({manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'yes'})).verdict).toBe('toil')
  })

  it('4. possible-toil while yes + unknown reach 4: answers could still make it toil', () => {
    expect(decideVerdict('other', all({manual: 'yes', repetitive: 'yes'})).verdict).toBe('possible-toil')
    expect(decideVerdict('other', all({manual: 'yes', repetitive: 'yes', scales: 'yes'})).verdict).toBe('possible-toil')
    // 1 yes + 3 unknown = 4.
    expect(decideVerdict('other', all({manual: 'yes', repetitive: 'no', tactical: 'no'})).verdict).toBe('possible-toil')
  })

  it('4. a task nobody has answered is possible-toil, never not-toil', () => {
    expect(decideVerdict('other', all({}))).toMatchObject({verdict: 'possible-toil'})
  })

  it('5. not-toil when yes + unknown < 4: no answer could make it toil', () => {
    // 1 yes + 2 unknown (automatable, no enduring value) = 3.
    expect(decideVerdict('other', all({manual: 'yes', repetitive: 'no', tactical: 'no', scales: 'no'})).verdict).toBe('not-toil')
    expect(decideVerdict('other', all({repetitive: 'no', tactical: 'no', scales: 'no'})).verdict).toBe('not-toil')
  })
})

describe('classifyTask: the literature cases (docs/analyzer.md §2.5)', () => {
  const classify = (t: Task, f: Partial<TaskWindowFacts> = {}) => classifyTask(t, facts(f))

  it('explicit answers win over inference', () => {
    const c = classify(task('x', {criteria: {repetitive: 'no', tactical: 'no', scales: 'yes'}, category: 'oncall'}), {occurrences: 50, hours: 10, monthlyHours: [1, 1, 1, 1, 1, 5]})
    expect(c.criteria.repetitive).toMatchObject({value: 'no', source: 'answered'})
    expect(c.criteria.tactical).toMatchObject({value: 'no', source: 'answered'})
    expect(c.criteria.scales).toMatchObject({value: 'yes', source: 'answered'})
  })

  it('manual, automatable and no-enduring-value are never inferred', () => {
    const c = classify(task('x'), {occurrences: 50, hours: 10, operationalHours: 10, monthlyHours: [1, 2, 3, 4, 5, 6]})
    for (const k of ['manual', 'automatable', 'noEnduringValue'] as const) expect(c.criteria[k]).toMatchObject({value: 'unknown', source: 'none'})
    expect(c.unanswered).toEqual(['manual', 'automatable', 'noEnduringValue'])
    // Repetitive, tactical and scales inferred yes: 3 yes → possible-toil, not toil.
    expect(c).toMatchObject({verdict: 'possible-toil', score: 3})
  })

  it('a migration done for the first time is not repetitive; until answered it stays possible-toil (1 yes + 3 unknown)', () => {
    const migration = task('migrate orders db to new cluster', {category: 'migration', criteria: {manual: 'yes'}})
    const c = classify(migration, {occurrences: 1, hours: 6, monthlyHours: [0, 0, 0, 0, 0, 6]})
    expect(c.criteria.repetitive.value).toBe('no')
    expect(c.criteria.tactical.value).toBe('no')
    expect(c.criteria.scales.value).toBe('unknown')
    expect(c).toMatchObject({verdict: 'possible-toil', score: 1})
    // It leaves lasting value: not toil.
    expect(classify({...migration, criteria: {...migration.criteria, noEnduringValue: 'no'}}, {occurrences: 1, hours: 6, monthlyHours: [0, 0, 0, 0, 0, 6]}).verdict).toBe('not-toil')
  })

  it('cleaning up an alerting configuration has enduring value: not toil', () => {
    const c = classify(task('clean up alerting config', {category: 'cleanup', criteria: {manual: 'yes', automatable: 'yes', noEnduringValue: 'no'}}), {occurrences: 4, hours: 8, monthlyHours: [0, 0, 2, 2, 2, 2]})
    expect(c.verdict).toBe('not-toil')
    expect(c.rule).toContain('enduring value')
    expect(c.criteria.noEnduringValue.reason).toContain('lasting value')
  })

  it('meetings are overhead', () => {
    const c = classify(task('weekly planning meeting', {category: 'overhead', criteria: {manual: 'yes', repetitive: 'yes'}}), {occurrences: 26, hours: 26})
    expect(c.verdict).toBe('overhead')
  })

  it('a service that pages several times a day, needing judgment each time, is still toil', () => {
    // 90 pages in the window, each acknowledged and judged by hand. The team answers
    // automatable = yes: the need for the work can be designed away (fix the alert or
    // the disk), which is the SRE book's test, even though each page takes judgment.
    const pages = task('ack flapping disk alert on db-7', {category: 'oncall', criteria: {manual: 'yes', automatable: 'yes', noEnduringValue: 'yes'}})
    const c = classify(pages, {occurrences: 90, hours: 15, operationalHours: 15, monthlyHours: [2, 2, 2.5, 2.5, 3, 3]})
    expect(c.criteria.repetitive).toMatchObject({value: 'yes', source: 'inferred'})
    expect(c.criteria.tactical).toMatchObject({value: 'yes', source: 'inferred'})
    expect(c.criteria.scales).toMatchObject({value: 'yes', source: 'inferred'})
    expect(c).toMatchObject({verdict: 'toil', score: 6, unanswered: []})
  })

  it('a task with 2–3 yes is possible-toil and names the criteria to answer', () => {
    const c = classify(task('rotate TLS certs', {criteria: {manual: 'yes'}}), {occurrences: 4, hours: 4, monthlyHours: [0, 0, 0, 0, 2, 2]})
    expect(c).toMatchObject({verdict: 'possible-toil', score: 2, unanswered: ['automatable', 'noEnduringValue', 'scales']})
    expect(c.criteria.tactical).toMatchObject({value: 'no', source: 'inferred'})
  })
})
