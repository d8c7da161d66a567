import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {
  daysBetweenInclusive,
  daysInMonth,
  firstDay,
  fromDate,
  isRealDay,
  lastDay,
  monthOf,
  monthRange,
  monthsBetween,
  shiftDay,
  shiftMonth,
  toDate,
  todayLocal,
  weekdayOf,
} from '../../src/domain/calendar.js'

import {DAY_MS, RUNS, ZONES, anyDay, isoDay, runInZone, utc} from './parser-helpers.js'

const anyMonth = fc.record({y: fc.integer({min: 2000, max: 2100}), m: fc.integer({min: 1, max: 12})}).map(({y, m}) => `${y}-${String(m).padStart(2, '0')}`)
const shift = fc.integer({min: -40_000, max: 40_000})

describe('day arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2026-03-07', 2, '2026-03-09'],
    ['2026-11-01', -1, '2026-10-31'],
    ['2026-05-14', 0, '2026-05-14'],
    ['2000-01-01', 366, '2001-01-01'],
  ])('shiftDay(%s, %i) is %s', (day, days, expected) => {
    expect(shiftDay(day, days)).toBe(expected)
  })

  it.each([
    ['2000-01-01', 6],
    ['2026-05-14', 4],
    ['2011-12-30', 5],
    ['2100-12-31', 5],
  ])('weekdayOf(%s) is %i (0 = Sunday)', (day, weekday) => {
    expect(weekdayOf(day)).toBe(weekday)
  })

  it('counts days inclusively', () => {
    expect(daysBetweenInclusive('2026-03-01', '2026-03-31')).toBe(31)
    expect(daysBetweenInclusive('2026-05-14', '2026-05-14')).toBe(1)
    expect(daysBetweenInclusive('2024-01-01', '2024-12-31')).toBe(366)
    expect(daysBetweenInclusive('2026-10-01', '2026-11-30')).toBe(61)
  })

  it('tells real calendar dates from impossible ones', () => {
    for (const day of ['2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '2011-12-30']) expect(isRealDay(day)).toBe(true)
    for (const day of ['2026-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-01', '2026-01-00', '2026-1-01', 'today', '']) expect(isRealDay(day)).toBe(false)
  })
})

describe('month arithmetic', () => {
  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-05', -17, '2024-12'],
    ['2026-05', 0, '2026-05'],
    ['2026-05', 24, '2028-05'],
  ])('shiftMonth(%s, %i) is %s', (month, months, expected) => {
    expect(shiftMonth(month, months)).toBe(expected)
  })

  it.each([
    ['2026-02', 28],
    ['2024-02', 29],
    ['2000-02', 29],
    ['2100-02', 28],
    ['2026-04', 30],
    ['2026-12', 31],
  ])('%s has %i days', (month, days) => {
    expect(daysInMonth(month)).toBe(days)
    expect(lastDay(month)).toBe(`${month}-${days}`)
    expect(firstDay(month)).toBe(`${month}-01`)
  })

  it('lists and counts months', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(monthRange('2026-02', '2026-02')).toEqual(['2026-02'])
    expect(monthRange('2026-03', '2026-02')).toEqual([])
    expect(monthsBetween('2025-11', '2026-02')).toBe(3)
    expect(monthsBetween('2026-02', '2025-11')).toBe(-3)
    expect(monthOf('2026-05-14')).toBe('2026-05')
  })
})

describe('calendar properties', () => {
  it('shiftDay agrees with the UTC calendar', () => {
    fc.assert(
      fc.property(anyDay, shift, (day, days) => shiftDay(day, days) === isoDay(utc(day) + days * DAY_MS)),
      RUNS,
    )
  })

  it('shifting back undoes a shift, and the days between count the shift', () => {
    fc.assert(
      fc.property(anyDay, shift, (day, days) => {
        const moved = shiftDay(day, days)
        return shiftDay(moved, -days) === day && daysBetweenInclusive(day, moved) === days + 1
      }),
      RUNS,
    )
  })

  it('weekdayOf agrees with Date.getUTCDay', () => {
    fc.assert(
      fc.property(anyDay, (day) => weekdayOf(day) === new Date(utc(day)).getUTCDay()),
      RUNS,
    )
  })

  it('isRealDay accepts exactly the dates the UTC calendar prints back unchanged', () => {
    const text = fc
      .record({y: fc.integer({min: 1000, max: 9999}), m: fc.integer({min: 0, max: 13}), d: fc.integer({min: 0, max: 32})})
      .map(({y, m, d}) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
    fc.assert(
      fc.property(text, (day) => {
        const [y, m, d] = day.split('-').map(Number) as [number, number, number]
        const real = m >= 1 && m <= 12 && d >= 1 && isoDay(Date.UTC(y, m - 1, d)) === day
        return isRealDay(day) === real
      }),
      RUNS,
    )
  })

  it('shiftMonth, daysInMonth and monthsBetween agree with the UTC calendar', () => {
    fc.assert(
      fc.property(anyMonth, fc.integer({min: -1200, max: 1200}), (month, months) => {
        const [y, m] = month.split('-').map(Number) as [number, number]
        const moved = shiftMonth(month, months)
        return (
          moved === isoDay(Date.UTC(y, m - 1 + months, 1)).slice(0, 7) &&
          monthsBetween(month, moved) === months &&
          daysInMonth(month) === (Date.UTC(y, m, 1) - Date.UTC(y, m - 1, 1)) / DAY_MS &&
          shiftDay(lastDay(month), 1) === firstDay(shiftMonth(month, 1))
        )
      }),
      RUNS,
    )
  })
})

describe.each(ZONES)('calendar in time zone %s', (zone, januaryOffset) => {
  runInZone(zone)

  it('really runs in that zone', () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(januaryOffset)
  })

  it('steps through every day of 2011 and 2024 to 2026 as the UTC calendar does', () => {
    const wrong: string[] = []
    for (const [from, to] of [['2011-01-01', '2011-12-31'], ['2024-01-01', '2026-12-31']] as const) {
      for (let day: string = from; day < to; day = isoDay(utc(day) + DAY_MS)) {
        const next = shiftDay(day, 1)
        const ok = next === isoDay(utc(day) + DAY_MS) && isRealDay(next) && weekdayOf(next) === (weekdayOf(day) + 1) % 7 && daysBetweenInclusive(day, next) === 2
        if (!ok) wrong.push(day)
      }
    }
    expect(wrong).toEqual([])
  })

  it('keeps the day Samoa skipped', () => {
    expect(isRealDay('2011-12-30')).toBe(true)
    expect(shiftDay('2011-12-29', 1)).toBe('2011-12-30')
    expect(daysBetweenInclusive('2011-12-29', '2011-12-31')).toBe(3)
    expect(daysInMonth('2011-12')).toBe(31)
  })

  it('reads the local date of an instant for today', () => {
    // 02:30 UTC on 2026-03-08 is still the 7th in New York and São Paulo, already the 8th from UTC eastwards.
    const instant = new Date(Date.UTC(2026, 2, 8, 2, 30))
    const expected = januaryOffset > 0 ? '2026-03-07' : '2026-03-08'
    expect(todayLocal(instant)).toBe(expected)
    expect(fromDate(instant)).toBe(expected)
  })

  it('toDate is local midnight of the day', () => {
    for (const day of ['2026-03-08', '2026-11-01', '2026-04-05', '2026-09-27', '2026-10-04']) {
      const date = toDate(day)
      expect(fromDate(date)).toBe(day)
      expect([date.getHours(), date.getMinutes()]).toEqual([0, 0])
    }
  })
})
