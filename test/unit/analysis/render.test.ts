import {describe, expect, it} from 'vitest'

import {answerCommand, criteriaCodeWithSource, shareBar, shellWord, statusPhrase, whenFromNow} from '../../../src/render/analysis.js'

describe('analysis rendering helpers', () => {
  it('quotes task names as shell words', () => {
    expect(shellWord('deploys')).toBe('deploys')
    expect(shellWord('rotate TLS certs')).toBe('"rotate TLS certs"')
    expect(shellWord('costs $5')).toBe(`'costs $5'`)
    expect(shellWord(`it's "here"`)).toBe(`'it'\\''s "here"'`)
  })

  it('the answer command sets every open criterion to its toil side', () => {
    expect(answerCommand({task: 'rotate TLS certs', team: 'platform', unanswered: ['automatable', 'noEnduringValue', 'scales']}))
      .toBe('toil task edit "rotate TLS certs" --team platform --automatable --no-enduring-value --scales')
  })

  it('codes the criteria in order: upper case answered, lower case inferred, ? unknown', () => {
    const answered = (value: 'yes' | 'no') => ({value, source: 'answered' as const, reason: ''})
    const inferred = (value: 'yes' | 'no') => ({value, source: 'inferred' as const, reason: ''})
    const unknown = {value: 'unknown' as const, source: 'none' as const, reason: ''}
    const code = criteriaCodeWithSource({
      manual: answered('yes'), repetitive: inferred('yes'), automatable: answered('no'), tactical: inferred('no'), noEnduringValue: unknown, scales: inferred('yes'),
    })
    expect(code).toBe('YyNn?y')
  })

  it('counts months from the as-of month', () => {
    expect(whenFromNow('2027-04', '2026-11-20')).toBe('2027-04, 5 months from now')
    expect(whenFromNow('2026-11', '2026-11-20')).toBe('2026-11, this month')
    expect(whenFromNow('2026-12', '2026-11-01')).toBe('2026-12, 1 month from now')
  })

  it('says the status in words', () => {
    const p = {status: 'crossing' as const, crossingMonth: '2027-04', monthsToCrossing: 6, exactMonthsToCrossing: 5.5, projection: []}
    expect(statusPhrase(p, 0.5, '2026-11-20', 12)).toBe('crosses 50% in 2027-04, 5 months from now')
    expect(statusPhrase({...p, status: 'stable', crossingMonth: null, monthsToCrossing: null, exactMonthsToCrossing: 12.19}, 0.5, '2026-11-20', 12))
      .toBe('stays below 50% for the next 12 months (at this rate it would cross after 12.19 months)')
  })

  it('draws a bar in the report chart\'s style: the share, its range, the threshold marked', () => {
    const bar = shareBar(0.25, 0.5, 1, 0.35)
    expect(bar).toHaveLength(16)
    expect(bar.indexOf('│')).toBe(8)
    expect(bar.slice(0, 4)).toBe('████')
    expect(bar.slice(4, 6)).toBe('░░')
    expect(bar.slice(6, 8)).toBe('  ')
    expect(shareBar(0.25, 0.5, 1)).toBe('████    │       ')
    expect(shareBar(null, 0.5, 1)).toBe('')
  })
})
