import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {daysBetweenInclusive} from '../../src/domain/calendar.js'
import {formatQuarter, parseDay, parseMonth, parsePeriod, parseQuarter} from '../../src/domain/day.js'

import {DAY_MS, HUGE, RUNS, ZONES, anyDay, anyTextOf, inputErrorOf, isoDay, outcome, runInZone, utc} from './parser-helpers.js'

/** A Thursday. */
const TODAY = '2026-05-14'

const anyText = (alphabet: string[]) => anyTextOf(alphabet, ['\u00a0', '\t', '\n', 'ſ', 'K', '٢', '/', '.', '+', 'T', 'Z'], 12)

const DAY_ALPHABET = [...'0123456789- ', 'today', 'yesterday', 'days', 'day', 'weeks', ' ago', 'last ', 'monday', 'sun', 'q', '20', '-0', '-1', '-2', '-3']

function oracleShift(day: string, days: number): string {
  return isoDay(utc(day) + days * DAY_MS)
}
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
/** The latest day strictly before `today` that falls on `weekday`, found by walking back. */
function oracleLastWeekday(today: string, weekday: number): string {
  for (let back = 1; ; back++) {
    const day = oracleShift(today, -back)
    if (new Date(utc(day)).getUTCDay() === weekday) return day
  }
}

describe('parseDay: the forms of SPEC §3', () => {
  it('today and yesterday', () => {
    expect(parseDay('today', TODAY)).toBe('2026-05-14')
    expect(parseDay('yesterday', TODAY)).toBe('2026-05-13')
  })

  it('YYYY-MM-DD', () => {
    expect(parseDay('2026-05-01', TODAY)).toBe('2026-05-01')
    expect(parseDay('2000-01-01', TODAY)).toBe('2000-01-01')
  })

  it.each([
    ['monday', '2026-05-11'],
    ['tuesday', '2026-05-12'],
    ['wednesday', '2026-05-13'],
    ['thursday', '2026-05-07'],
    ['friday', '2026-05-08'],
    ['saturday', '2026-05-09'],
    ['sunday', '2026-05-10'],
  ])('%s on Thursday 2026-05-14 is the most recent past one, %s (today excluded)', (name, day) => {
    expect(parseDay(name, TODAY)).toBe(day)
    expect(parseDay(name.slice(0, 3), TODAY)).toBe(day)
    expect(parseDay(`last ${name}`, TODAY)).toBe(day)
    expect(parseDay(name.toUpperCase(), TODAY)).toBe(day)
  })

  it('N days ago and N weeks ago', () => {
    expect(parseDay('3 days ago', TODAY)).toBe('2026-05-11')
    expect(parseDay('1 day ago', TODAY)).toBe('2026-05-13')
    expect(parseDay('0 days ago', TODAY)).toBe(TODAY)
    expect(parseDay('2 weeks ago', TODAY)).toBe('2026-04-30')
    expect(parseDay('  3   Days  AGO ', TODAY)).toBe('2026-05-11')
  })

  it('whitespace and case do not matter', () => {
    expect(parseDay('  Today ', TODAY)).toBe(TODAY)
    expect(parseDay('YESTERDAY', TODAY)).toBe('2026-05-13')
    expect(parseDay(' 2026-05-01\t', TODAY)).toBe('2026-05-01')
  })

  it.each([
    ['2026-01-01', 'yesterday', '2025-12-31'],
    ['2024-03-01', 'yesterday', '2024-02-29'],
    ['2026-03-01', 'yesterday', '2026-02-28'],
    ['2100-03-01', 'yesterday', '2100-02-28'],
    ['2000-03-01', 'yesterday', '2000-02-29'],
    ['2026-03-02', '3 days ago', '2026-02-27'],
    ['2026-01-02', 'friday', '2025-12-26'],
    ['2026-03-09', 'sunday', '2026-03-08'],
    ['2026-11-02', '1 day ago', '2026-11-01'],
    ['2026-04-06', 'yesterday', '2026-04-05'],
  ])('across month, year and DST boundaries: on %s, %s is %s', (today, text, day) => {
    expect(parseDay(text, today)).toBe(day)
  })

  it('2024-02-29 and 2000-02-29 are real days; 2100 is not a leap year', () => {
    expect(parseDay('2024-02-29', TODAY)).toBe('2024-02-29')
    expect(parseDay('2000-02-29', TODAY)).toBe('2000-02-29')
    expect(parseDay('2100-02-28', TODAY, 'to', true)).toBe('2100-02-28')
    expect(inputErrorOf(() => parseDay('2100-02-29', TODAY, 'to', true), 'to', '2100-02-29')).toContain('2100-02 has 28 days')
  })
})

describe('parseDay refuses', () => {
  it('a future day, saying what today is', () => {
    const message = inputErrorOf(() => parseDay('2026-05-15', TODAY), 'day', '2026-05-15')
    expect(message).toBe('day: "2026-05-15" is in the future (today is 2026-05-14); use today or an earlier day')
  })

  it('a future day is accepted where the caller allows it', () => {
    expect(parseDay('2026-05-15', TODAY, 'to', true)).toBe('2026-05-15')
  })

  it.each(['1999-12-31', '2101-01-01', '0000-01-01', '9999-12-31', '1970-01-01'])('a year outside 2000–2100: %s', (text) => {
    expect(inputErrorOf(() => parseDay(text, TODAY, 'day', true), 'day', text)).toContain('is outside the years 2000–2100; use a day from 2000 to 2100')
  })

  it('a relative day that lands before 2000', () => {
    expect(inputErrorOf(() => parseDay('3 days ago', '2000-01-02'), 'day', '3 days ago')).toContain('is outside the years 2000–2100')
    expect(inputErrorOf(() => parseDay('yesterday', '2000-01-01'), 'day', 'yesterday')).toContain('is outside the years 2000–2100')
    expect(inputErrorOf(() => parseDay('monday', '2000-01-01'), 'day', 'monday')).toContain('is outside the years 2000–2100')
  })

  it('a count of days too large for any date, without overflowing', () => {
    for (const text of [`${'9'.repeat(30)} days ago`, '100000 weeks ago', `${HUGE} days ago`]) {
      expect(inputErrorOf(() => parseDay(text, TODAY), 'day', text)).toContain('is outside the years 2000–2100')
    }
  })

  it.each([
    ['2026-02-30', '2026-02 has 28 days'],
    ['2026-02-29', '2026-02 has 28 days'],
    ['2026-04-31', '2026-04 has 30 days'],
    ['2026-01-00', '2026-01 has 31 days'],
    ['2026-13-01', 'months run 01–12'],
    ['2026-00-10', 'months run 01–12'],
  ])('an impossible date: %s', (text, why) => {
    expect(inputErrorOf(() => parseDay(text, TODAY), 'day', text)).toBe(`day: ${JSON.stringify(text)} is not a real calendar date (${why}); use YYYY-MM-DD`)
  })

  it.each(['', ' ', 'tomorrow', 'now', 'last', 'last week', 'next monday', 'mondays', 'mo', '3 days', 'days ago', '-3 days ago', '3 months ago', '1.5 days ago', '1e3 days ago', '2026-5-1', '2026/05/01', '14.05.2026', '20260514', '2026-05-14T10:00', '٢٠٢٦-٠٥-١٤', '__proto__', 'constructor'])(
    'junk: %j',
    (text) => {
      expect(inputErrorOf(() => parseDay(text, TODAY), 'day', text)).toContain(
        'is not a day; use today, yesterday, YYYY-MM-DD, a weekday name (monday, the last one before today) or "3 days ago"',
      )
    },
  )

  it('names the field it is given', () => {
    inputErrorOf(() => parseDay('soon', TODAY, 'since'), 'since', 'soon')
  })
})

describe('parseMonth', () => {
  it('YYYY-MM, last and this', () => {
    expect(parseMonth('2026-02', TODAY)).toBe('2026-02')
    expect(parseMonth('this', TODAY)).toBe('2026-05')
    expect(parseMonth('last', TODAY)).toBe('2026-04')
    expect(parseMonth(' LAST ', '2026-01-15')).toBe('2025-12')
    expect(parseMonth('This', '2026-12-31')).toBe('2026-12')
  })

  it.each(['2026-13', '2026-00', '2026-5', '26-05', '2026-05-01', 'May', 'next', '', '2026/05', '__proto__'])('refuses %j', (text) => {
    expect(inputErrorOf(() => parseMonth(text, TODAY), 'month', text)).toContain('is not a month; use YYYY-MM (e.g. 2026-05), last or this')
  })

  it.each(['1999-12', '2101-01'])('refuses a year outside 2000–2100: %s', (text) => {
    expect(inputErrorOf(() => parseMonth(text, TODAY), 'month', text)).toContain('is outside the years 2000–2100; use a month from 2000 to 2100')
  })

  it('refuses last month when it falls before 2000', () => {
    inputErrorOf(() => parseMonth('last', '2000-01-10'), 'month', 'last')
  })

  it('names the field it is given', () => {
    inputErrorOf(() => parseMonth('May', TODAY, 'from'), 'from', 'May')
  })
})

describe('parseQuarter', () => {
  it.each([
    ['2026-Q1', '2026-01'],
    ['2026-Q2', '2026-04'],
    ['2026-q3', '2026-07'],
    ['2026Q4', '2026-10'],
  ])('%s starts in %s', (text, start) => {
    expect(parseQuarter(text, TODAY)).toBe(start)
  })

  it('this and last', () => {
    expect(parseQuarter('this', TODAY)).toBe('2026-04')
    expect(parseQuarter('last', TODAY)).toBe('2026-01')
    expect(parseQuarter('last', '2026-02-10')).toBe('2025-10')
    expect(parseQuarter('this', '2026-12-31')).toBe('2026-10')
  })

  it.each(['2026-Q5', '2026-Q0', 'Q3', '2026-3', '2026-Q', '2026-Q1-Q2', ''])('refuses %j', (text) => {
    expect(inputErrorOf(() => parseQuarter(text, TODAY), 'quarter', text)).toContain('is not a quarter; use YYYY-Qn (e.g. 2026-Q3), last or this')
  })

  it('refuses a year outside 2000–2100', () => {
    expect(inputErrorOf(() => parseQuarter('1999-Q4', TODAY), 'quarter', '1999-Q4')).toContain('outside the years 2000–2100')
  })
})

describe('parsePeriod', () => {
  it('is undefined when no period flag is given', () => {
    expect(parsePeriod({}, TODAY)).toBeUndefined()
  })

  it('--month covers the whole month', () => {
    expect(parsePeriod({month: '2026-02'}, TODAY)).toEqual({from: '2026-02-01', to: '2026-02-28', month: '2026-02'})
    expect(parsePeriod({month: '2024-02'}, TODAY)).toEqual({from: '2024-02-01', to: '2024-02-29', month: '2024-02'})
    expect(parsePeriod({month: 'last'}, TODAY)).toEqual({from: '2026-04-01', to: '2026-04-30', month: '2026-04'})
    expect(parsePeriod({month: '2026-12'}, TODAY)).toEqual({from: '2026-12-01', to: '2026-12-31', month: '2026-12'})
  })

  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
  ])('--quarter %s covers %s to %s', (quarter, from, to) => {
    expect(parsePeriod({quarter}, TODAY)).toEqual({from, to, month: null})
  })

  it('--from/--to include both days', () => {
    const period = parsePeriod({from: '2026-03-01', to: '2026-03-15'}, TODAY)!
    expect(period).toEqual({from: '2026-03-01', to: '2026-03-15', month: null})
    expect(daysBetweenInclusive(period.from, period.to)).toBe(15)
    expect(parsePeriod({from: '2026-03-10', to: '2026-03-10'}, TODAY)).toEqual({from: '2026-03-10', to: '2026-03-10', month: null})
  })

  it('--from/--to spanning exactly one calendar month is that month', () => {
    expect(parsePeriod({from: '2026-03-01', to: '2026-03-31'}, TODAY)).toEqual({from: '2026-03-01', to: '2026-03-31', month: '2026-03'})
    expect(parsePeriod({from: '2026-03-01', to: '2026-04-30'}, TODAY)?.month).toBeNull()
  })

  it('--from alone runs to today; --to alone runs from 2000-01-01', () => {
    expect(parsePeriod({from: 'monday'}, TODAY)).toEqual({from: '2026-05-11', to: TODAY, month: null})
    expect(parsePeriod({to: '2026-01-31'}, TODAY)).toEqual({from: '2000-01-01', to: '2026-01-31', month: null})
  })

  it('--to may lie in the future; --from may not', () => {
    expect(parsePeriod({from: '2026-01-01', to: '2026-12-31'}, TODAY)).toEqual({from: '2026-01-01', to: '2026-12-31', month: null})
    expect(inputErrorOf(() => parsePeriod({from: '2026-06-01'}, TODAY), 'from', '2026-06-01')).toContain('is in the future (today is 2026-05-14)')
  })

  it('refuses --from after --to', () => {
    const message = inputErrorOf(() => parsePeriod({from: '2026-03-11', to: '2026-03-10'}, TODAY), 'from', '2026-03-11')
    expect(message).toBe('from: "2026-03-11" is after --to 2026-03-10; use a --from day on or before --to (both are included)')
  })

  it('names --from or --to when one of them is bad', () => {
    inputErrorOf(() => parsePeriod({from: '2026-02-30', to: '2026-03-10'}, TODAY), 'from', '2026-02-30')
    inputErrorOf(() => parsePeriod({from: '2026-02-01', to: 'soon'}, TODAY), 'to', 'soon')
  })

  it.each([
    [{month: '2026-05', quarter: '2026-Q2'}, '--month 2026-05 --quarter 2026-Q2'],
    [{month: '2026-05', from: '2026-05-01'}, '--month 2026-05 --from 2026-05-01'],
    [{quarter: '2026-Q2', to: '2026-05-01'}, '--quarter 2026-Q2 --to 2026-05-01'],
    [{month: 'last', quarter: 'this', from: 'monday', to: 'today'}, '--month last --quarter this --from monday --to today'],
  ])('refuses mixed period flags: %j', (input, shown) => {
    expect(inputErrorOf(() => parsePeriod(input, TODAY), 'period', shown)).toContain('mixes --month, --quarter and --from/--to; use only one of them')
  })
})

describe('day properties', () => {
  it('parseDay of any text gives a day from 2000 to today or an invalid-input ToilError', () => {
    fc.assert(
      fc.property(anyText(DAY_ALPHABET), (text) => {
        const result = outcome(() => parseDay(text, TODAY))
        if ('error' in result) return result.error === 'invalid-input'
        return /^\d{4}-\d{2}-\d{2}$/.test(result.value) && result.value >= '2000-01-01' && result.value <= TODAY && isoDay(utc(result.value)) === result.value
      }),
      RUNS,
    )
  })

  it('every refusal is one line naming the field and quoting the value', () => {
    fc.assert(
      fc.property(anyText(DAY_ALPHABET), (text) => {
        try {
          parseDay(text, TODAY)
          return true
        } catch (error) {
          const message = (error as Error).message
          return message.startsWith('day: "') && !/[\n\r\u0085\u2028\u2029]/.test(message) && message.includes('; use ')
        }
      }),
      RUNS,
    )
  })

  it('what parses is a day string that parses to itself', () => {
    fc.assert(
      fc.property(anyText(DAY_ALPHABET), anyDay, (text, today) => {
        const result = outcome(() => parseDay(text, today))
        return 'error' in result || parseDay(result.value, today) === result.value
      }),
      RUNS,
    )
  })

  it('every day from 2000 to today parses to itself; every later day is refused', () => {
    fc.assert(
      fc.property(anyDay, anyDay, (day, today) => {
        if (day <= today) return parseDay(day, today) === day
        return 'error' in outcome(() => parseDay(day, today))
      }),
      RUNS,
    )
  })

  it('N days ago and N weeks ago are N days (7N days) before today, by the UTC calendar', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({min: 0, max: 40_000}), fc.boolean(), (today, n, weeks) => {
        const expected = oracleShift(today, -n * (weeks ? 7 : 1))
        const result = outcome(() => parseDay(`${n} ${weeks ? 'weeks' : 'days'} ago`, today))
        if (expected < '2000-01-01') return 'error' in result
        return 'value' in result && result.value === expected
      }),
      RUNS,
    )
  })

  it('a weekday name is the latest such day strictly before today', () => {
    fc.assert(
      fc.property(anyDay.filter((d) => d >= '2000-01-08'), fc.nat(6), (today, weekday) => parseDay(WEEKDAY_NAMES[weekday]!, today) === oracleLastWeekday(today, weekday)),
      RUNS,
    )
  })

  it('parseMonth of any text gives a month from 2000-01 to 2100-12 or an invalid-input ToilError; months parse to themselves', () => {
    fc.assert(
      fc.property(anyText([...DAY_ALPHABET, 'this', 'last']), anyDay, (text, today) => {
        const result = outcome(() => parseMonth(text, today))
        if ('error' in result) return result.error === 'invalid-input'
        return /^\d{4}-(0[1-9]|1[0-2])$/.test(result.value) && result.value >= '2000-01' && result.value <= '2100-12' && parseMonth(result.value, today) === result.value
      }),
      RUNS,
    )
  })

  it('a month period runs from its first day to the day before the next month starts', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const month = day.slice(0, 7)
        const period = parsePeriod({month}, TODAY)!
        const [y, m] = month.split('-').map(Number) as [number, number]
        return period.from === `${month}-01` && period.to === isoDay(Date.UTC(y, m, 1) - DAY_MS) && period.month === month
      }),
      RUNS,
    )
  })

  it('a quarter prints with formatQuarter and parses back to the same start, and its period spans three months', () => {
    fc.assert(
      fc.property(fc.integer({min: 2000, max: 2100}), fc.integer({min: 1, max: 4}), (year, q) => {
        const start = parseQuarter(`${year}-Q${q}`, TODAY)
        expect(formatQuarter(start)).toBe(`${year}-Q${q}`)
        expect(parseQuarter(formatQuarter(start), TODAY)).toBe(start)
        const period = parsePeriod({quarter: `${year}-Q${q}`}, TODAY)!
        expect(period.from).toBe(isoDay(Date.UTC(year, (q - 1) * 3, 1)))
        expect(period.to).toBe(isoDay(Date.UTC(year, q * 3, 1) - DAY_MS))
      }),
      {numRuns: 1000},
    )
  })

  it('parsePeriod of any flags gives an ordered period or an invalid-input ToilError', () => {
    const flag = fc.option(anyText([...DAY_ALPHABET, 'this', 'last', '-Q', '2026']), {nil: undefined})
    fc.assert(
      fc.property(flag, flag, flag, flag, (month, quarter, from, to) => {
        const result = outcome(() => parsePeriod({month, quarter, from, to}, TODAY))
        if ('error' in result) return result.error === 'invalid-input'
        return result.value === undefined || (result.value.from <= result.value.to && isoDay(utc(result.value.from)) === result.value.from && isoDay(utc(result.value.to)) === result.value.to)
      }),
      RUNS,
    )
  })
})

describe.each(ZONES)('parseDay in time zone %s', (zone, januaryOffset) => {
  runInZone(zone)

  it('really runs in that zone', () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(januaryOffset)
  })

  it('counts days the same as the UTC calendar on every day of 2011, 2018 and 2026', () => {
    const wrong: string[] = []
    for (const year of [2011, 2018, 2026]) {
      for (let today = `${year}-01-08`; today <= `${year}-12-31`; today = oracleShift(today, 1)) {
        const weekday = (new Date(utc(today)).getUTCDay() + 3) % 7
        const ok =
          parseDay('yesterday', today) === oracleShift(today, -1) &&
          parseDay('10 days ago', today) === oracleShift(today, -10) &&
          parseDay(WEEKDAY_NAMES[weekday]!, today) === oracleLastWeekday(today, weekday) &&
          parseDay(today, today) === today
        if (!ok) wrong.push(today)
      }
    }
    expect(wrong).toEqual([])
  })

  it('keeps days a zone skipped or doubled', () => {
    expect(parseDay('2011-12-30', TODAY)).toBe('2011-12-30')
    expect(parseDay('yesterday', '2011-12-31')).toBe('2011-12-30')
    expect(parseDay('friday', '2011-12-31')).toBe('2011-12-30')
    expect(parseDay('2018-11-04', TODAY)).toBe('2018-11-04')
    expect(parseDay('yesterday', '2018-11-05')).toBe('2018-11-04')
  })

  it('gives months and periods that do not depend on the zone', () => {
    expect(parsePeriod({month: '2026-03'}, TODAY)).toEqual({from: '2026-03-01', to: '2026-03-31', month: '2026-03'})
    expect(parsePeriod({month: '2011-12'}, TODAY)).toEqual({from: '2011-12-01', to: '2011-12-31', month: '2011-12'})
    expect(parsePeriod({quarter: '2026-Q4'}, TODAY)).toEqual({from: '2026-10-01', to: '2026-12-31', month: null})
    expect(parseMonth('last', '2026-04-01')).toBe('2026-03')
  })
})
