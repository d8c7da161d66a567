import fc from 'fast-check'
import {describe, expect, it, vi} from 'vitest'

import {shiftDay, weekdayOf} from '../../src/domain/calendar.js'
import {type SummaryTaskInput, parseSummaryPeriod, summarize, summaryPeriod, weekBasis} from '../../src/domain/summary.js'
import type {CapacityPeriod} from '../../src/domain/types.js'
import {renderSummary, summaryJson} from '../../src/render/summary.js'

const period = (team: string, fromMonth: string, hoursPerWeek: number): CapacityPeriod => ({team, fromMonth, members: 4, hoursPerWeek, rotation: null, shifts: null})
const task = (fields: Partial<SummaryTaskInput>): SummaryTaskInput => ({task: 'restart worker', team: 'ops', hours: 1, occurrences: 1, verdict: 'toil', unanswered: [], needsAnswers: false, ...fields})

describe('the summary period', () => {
  it('is the ISO week, Monday to Sunday, numbered as ISO 8601 does', () => {
    expect(summaryPeriod('2026-12-04', 'week')).toEqual({kind: 'week', from: '2026-11-30', to: '2026-12-06', label: '2026-W49'})
    expect(summaryPeriod('2026-11-30', 'week').from).toBe('2026-11-30')
    expect(summaryPeriod('2026-12-06', 'week').from).toBe('2026-11-30')
    // Weeks that straddle a new year belong to the year of their Thursday.
    expect(summaryPeriod('2027-01-01', 'week')).toMatchObject({from: '2026-12-28', label: '2026-W53'})
    expect(summaryPeriod('2025-12-30', 'week')).toMatchObject({from: '2025-12-29', label: '2026-W01'})
    expect(summaryPeriod('2021-01-03', 'week').label).toBe('2020-W53')
  })

  it('is the calendar month with --month', () => {
    expect(summaryPeriod('2028-02-10', 'month')).toEqual({kind: 'month', from: '2028-02-01', to: '2028-02-29', label: '2028-02'})
  })

  it('always holds the day, starts on a Monday and lasts seven days', () => {
    const day = fc.date({min: new Date('2000-01-10T00:00:00Z'), max: new Date('2099-12-20T00:00:00Z'), noInvalidDate: true}).map((d) => d.toISOString().slice(0, 10))
    fc.assert(fc.property(day, (d) => {
      const p = summaryPeriod(d, 'week')
      expect(weekdayOf(p.from)).toBe(1)
      expect(shiftDay(p.from, 6)).toBe(p.to)
      expect(p.from <= d && d <= p.to).toBe(true)
      expect(p.label).toMatch(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/)
    }))
  })
})

describe('the week or month typed after toil summary', () => {
  it('reads this, last, an ISO week and a month', () => {
    // 2026-12-07 is a Monday: this week starts that day, last week on 2026-11-30.
    expect(parseSummaryPeriod(undefined, 'week', '2026-12-07')).toMatchObject({from: '2026-12-07', label: '2026-W50'})
    expect(parseSummaryPeriod('last', 'week', '2026-12-07')).toMatchObject({from: '2026-11-30', to: '2026-12-06', label: '2026-W49'})
    expect(parseSummaryPeriod('LAST', 'week', '2026-12-07').label).toBe('2026-W49')
    // 4 January 2026 is a Sunday, so week 1 starts on Monday 2025-12-29.
    expect(parseSummaryPeriod('2026-W01', 'week', '2026-12-07')).toMatchObject({from: '2025-12-29', to: '2026-01-04'})
    // 2020 has 53 weeks (it starts on a Wednesday in a leap year); 2021 has 52.
    expect(parseSummaryPeriod('2020-w53', 'week', '2026-12-07')).toMatchObject({from: '2020-12-28', label: '2020-W53'})
    expect(parseSummaryPeriod('last', 'month', '2026-12-07')).toMatchObject({from: '2026-11-01', to: '2026-11-30', label: '2026-11'})
    expect(parseSummaryPeriod('2026-02', 'month', '2026-12-07')).toMatchObject({from: '2026-02-01', to: '2026-02-28'})
  })

  it('refuses what is not a week of its year, a week to come, and anything else, naming what it takes', () => {
    expect(() => parseSummaryPeriod('2021-W53', 'week', '2026-12-07')).toThrow('week: "2021-W53" is not a week of 2021; use this, last or an ISO week such as 2026-W49')
    expect(() => parseSummaryPeriod('2026-W00', 'week', '2026-12-07')).toThrow('is not a week of 2026')
    expect(() => parseSummaryPeriod('2026-W51', 'week', '2026-12-07')).toThrow('week: "2026-W51" is in the future (today is 2026-12-07)')
    expect(() => parseSummaryPeriod('nov', 'week', '2026-12-07')).toThrow('week: "nov" is not a week; use this, last or an ISO week such as 2026-W49')
    expect(() => parseSummaryPeriod('nov', 'month', '2026-12-07')).toThrow('is not a month')
  })

  it('reads back the label of every week it shows', () => {
    const day = fc.date({min: new Date('2000-01-10T00:00:00Z'), max: new Date('2099-12-20T00:00:00Z'), noInvalidDate: true}).map((d) => d.toISOString().slice(0, 10))
    fc.assert(fc.property(day, (d) => {
      const week = summaryPeriod(d, 'week')
      expect(parseSummaryPeriod(week.label, 'week', '2100-01-01')).toEqual(week)
      expect(parseSummaryPeriod(week.label.toLowerCase(), 'week', '2100-01-01')).toEqual(week)
    }))
  })
})

describe('the working week', () => {
  it("is the hours per week of the team with most of the engineer's hours that set a capacity, else an assumed 40 h", () => {
    const capacity = [period('ops', '2026-01', 35), period('web', '2026-01', 30), period('late', '2026-12', 20)]
    expect(weekBasis([task({team: 'web', hours: 1}), task({team: 'OPS', hours: 2})], capacity, '2026-11')).toEqual({hoursPerWeek: 35, team: 'OPS', assumed: false})
    expect(weekBasis([task({team: 'none', hours: 9}), task({team: 'web', hours: 1})], capacity, '2026-11')).toEqual({hoursPerWeek: 30, team: 'web', assumed: false})
    // A capacity set from a later month does not hold yet.
    expect(weekBasis([task({team: 'late'})], capacity, '2026-11')).toEqual({hoursPerWeek: 40, team: null, assumed: true})
  })
})

describe('summarize', () => {
  const tasks = [
    task({hours: 3, occurrences: 6}),
    task({task: 'rotate certs', hours: 2, verdict: 'possible-toil', unanswered: ['manual', 'automatable'], needsAnswers: true}),
    task({task: 'standup', hours: 1, verdict: 'overhead'}),
    task({task: 'design review', hours: 1.5, verdict: 'not-toil'}),
  ]

  it('adds the hours by verdict and shares the toil over the working week', () => {
    const s = summarize('ann', summaryPeriod('2026-12-04', 'week'), '2026-12-04', tasks, [period('ops', '2026-01', 30)])
    expect(s).toMatchObject({loggedHours: 7.5, toilHours: 3, possibleToilHours: 2, notToilHours: 2.5, periodHours: 30, toilShare: 0.1})
    expect(s.toilShareUpper).toBeCloseTo(5 / 30)
    expect(s.tasks.map((t) => t.task)).toEqual(['restart worker', 'rotate certs', 'design review', 'standup'])
    expect(s.needsAnswers.map((t) => t.task)).toEqual(['rotate certs'])
    expect(summaryJson(s).needsAnswers[0]).toMatchObject({command: 'toil task edit "rotate certs" --team ops --manual --automatable', unanswered: ['manual', 'automatable']})
  })

  it('counts a month as hours per week × days ÷ 7', () => {
    const s = summarize('ann', summaryPeriod('2026-11-04', 'month'), '2026-11-04', tasks, [period('ops', '2026-01', 35)])
    expect(s.periodHours).toBe(150)
    expect(s.toilShare).toBe(0.02)
  })

  it('keeps every line but the commands within an 80-column terminal, and says when nothing is logged', () => {
    // A terminal 80 columns wide (in a pipe, tables are never cut).
    vi.stubEnv('COLUMNS', '80')
    vi.stubEnv('NO_COLOR', '1')
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY')
    Object.defineProperty(process.stdout, 'isTTY', {value: true, configurable: true})
    try {
      checkWidths()
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty)
      else delete (process.stdout as {isTTY?: boolean}).isTTY
      vi.unstubAllEnvs()
    }
  })

  function checkWidths(): void {
    const long = task({task: 'x'.repeat(120), team: 'y'.repeat(40), verdict: 'possible-toil', unanswered: ['manual'], needsAnswers: true})
    const text = renderSummary(summarize('ann', summaryPeriod('2026-12-04', 'week'), '2026-12-04', [...tasks, long], []))
    for (const line of text.split('\n').filter((l) => !l.startsWith('    toil task edit'))) expect(line.length, line).toBeLessThanOrEqual(80)
    expect(text).toContain('The week: an assumed 40 h; no team of yours set its hours per week.')
    const empty = renderSummary(summarize('ann', summaryPeriod('2026-12-04', 'week'), '2026-12-04', [], []))
    expect(empty).toBe('ann, week 2026-W49 (2026-11-30 to 2026-12-06)\nNothing logged this week. Log work as you go: toil log "TASK" 30m (--day yesterday for earlier days).')
  }

  it('shows control characters in names escaped', () => {
    const text = renderSummary(summarize('ann', summaryPeriod('2026-12-04', 'week'), '2026-12-04', [task({task: 'evil\u001b[2J'})], []))
    expect(text).toContain('evil\\x1b[2J')
    expect(text).not.toContain('\u001b')
  })
})
