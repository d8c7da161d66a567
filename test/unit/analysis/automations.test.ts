import {describe, expect, it} from 'vitest'

import {monthsAfterAutomation, monthsBeforeAutomation, reviewAutomation} from '../../../src/domain/analysis/automations.js'
import {row, task} from './fixtures.js'

describe('automations: forecast against realized savings (docs/analyzer.md §8)', () => {
  const deploys = task('restart stuck deploys', {status: 'automated', automatedSince: '2026-08-15', estimate: {costHours: 40, reduction: 0.9, maintenanceHoursPerMonth: 1}})
  const rows = [
    ...['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'].map((m) => row(deploys, m, 12, 72)),
    row(deploys, '2026-01', 50),
    row(deploys, '2026-08', 7),
    row(deploys, '2026-09', 3),
    row(deploys, '2026-10', 3),
  ]

  it('before: the 6 months before the since-month; after: complete months after it', () => {
    expect(monthsBeforeAutomation('2026-08-15', 6)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'])
    expect(monthsAfterAutomation('2026-08-15', '2026-10')).toEqual(['2026-09', '2026-10'])
    expect(monthsAfterAutomation('2026-08-01', '2026-10')).toEqual(['2026-08', '2026-09', '2026-10'])
    expect(monthsAfterAutomation('2026-10-15', '2026-10')).toEqual([])
  })

  it('12 h a month before, 90% reduction, 1 h maintenance: forecast 10.8 saved, 9.8 net; realized 9 saved, 8 net', () => {
    const r = reviewAutomation(deploys, rows, '2026-10', 6, '2026-01')!
    expect(r.rateBefore).toBe(12)
    expect(r.rateAfter).toBe(3)
    expect(r.forecastSavedHoursPerMonth).toBeCloseTo(10.8, 9)
    expect(r.forecastNetHoursPerMonth).toBeCloseTo(9.8, 9)
    expect(r.realizedSavedHoursPerMonth).toBe(9)
    expect(r.realizedNetHoursPerMonth).toBe(8)
    expect(r.realizedRatio).toBeCloseTo(0.8333, 4)
  })

  it('the rate before counts only months the task could have happened in: first logged in May, 36 h over May–July = 12 h a month', () => {
    const late = rows.filter((r) => r.month >= '2026-05')
    const r = reviewAutomation(deploys, late, '2026-10', 6, '2026-05')!
    expect(r.monthsBefore).toEqual(['2026-05', '2026-06', '2026-07'])
    expect(r.rateBefore).toBe(12)
  })

  it('has no realized figures before a complete month has passed', () => {
    const r = reviewAutomation({...deploys, automatedSince: '2026-10-15'}, rows, '2026-10', 6, '2026-01')!
    expect(r).toMatchObject({rateAfter: null, realizedSavedHoursPerMonth: null, realizedRatio: null})
  })

  it('only reviews automated tasks with a since-day', () => {
    expect(reviewAutomation({...deploys, status: 'active'}, rows, '2026-10', 6, '2026-01')).toBeNull()
    expect(reviewAutomation({...deploys, automatedSince: null}, rows, '2026-10', 6, '2026-01')).toBeNull()
  })
})
