import {type Day, type Month, MAX_YEAR, MIN_YEAR, firstDay, isRealDay, lastDay, monthOf, shiftDay, shiftMonth, toDate} from './calendar.js'
import {inputError} from './errors.js'

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const DAY_ACCEPTED = 'is not a day; use today, yesterday, YYYY-MM-DD, a weekday name (monday) or "3 days ago"'

function checkYear(field: string, input: string, day: Day): void {
  const year = Number(day.slice(0, 4))
  if (year < MIN_YEAR || year > MAX_YEAR) throw inputError(field, input, `is outside the years ${MIN_YEAR}–${MAX_YEAR}`)
}

/**
 * Parses a day relative to `today`. A weekday name is the most recent past one
 * (today excluded); a future day is refused.
 */
export function parseDay(input: string, today: Day, field = 'day', allowFuture = false): Day {
  const text = input.trim().toLowerCase().replaceAll(/\s+/g, ' ')
  let day: Day | undefined
  if (text === 'today') day = today
  else if (text === 'yesterday') day = shiftDay(today, -1)
  else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    checkYear(field, input, text)
    if (!isRealDay(text)) throw inputError(field, input, 'is not a real calendar date')
    day = text
  } else {
    const ago = /^(\d+) (day|week)s? ago$/.exec(text)
    const weekday = WEEKDAYS.findIndex((name) => name === text || name.slice(0, 3) === text)
    if (ago) day = shiftDay(today, -Number(ago[1]) * (ago[2] === 'week' ? 7 : 1))
    else if (weekday >= 0) {
      const back = (toDate(today).getDay() - weekday + 7) % 7 || 7
      day = shiftDay(today, -back)
    }
  }
  if (day === undefined) throw inputError(field, input, DAY_ACCEPTED)
  checkYear(field, input, day)
  if (!allowFuture && day > today) throw inputError(field, input, `is in the future (today is ${today})`)
  return day
}

/** `YYYY-MM`, `last` (the month before today's) or `this`. */
export function parseMonth(input: string, today: Day, field = 'month'): Month {
  const text = input.trim().toLowerCase()
  if (text === 'this') return monthOf(today)
  if (text === 'last') return shiftMonth(monthOf(today), -1)
  const match = /^(\d{4})-(\d{2})$/.exec(text)
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw inputError(field, input, 'is not a month; use YYYY-MM, last or this')
  checkYear(field, input, `${text}-01`)
  return text
}

export interface Period {
  from: Day
  to: Day
  /** Set when the period is exactly one calendar month. */
  month: Month | null
}

export interface PeriodInput {
  month?: string
  quarter?: string
  from?: string
  to?: string
}

/** The period of `--month`, `--quarter` or `--from`/`--to`; undefined when none is given. */
export function parsePeriod(input: PeriodInput, today: Day): Period | undefined {
  const given = [input.month, input.quarter, input.from ?? input.to].filter((v) => v !== undefined).length
  if (given > 1) throw inputError('period', [input.month, input.quarter, input.from, input.to].filter(Boolean).join(' '), 'mixes --month, --quarter and --from/--to; use one of them')
  if (input.month !== undefined) {
    const month = parseMonth(input.month, today)
    return {from: firstDay(month), to: lastDay(month), month}
  }
  if (input.quarter !== undefined) {
    const match = /^(\d{4})-?q([1-4])$/i.exec(input.quarter.trim())
    if (!match) throw inputError('quarter', input.quarter, 'is not a quarter; use YYYY-Qn, e.g. 2026-Q3')
    checkYear('quarter', input.quarter, `${match[1]}-01-01`)
    const start = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}`
    return {from: firstDay(start), to: lastDay(shiftMonth(start, 2)), month: null}
  }
  if (input.from !== undefined || input.to !== undefined) {
    const from = input.from === undefined ? '2000-01-01' : parseDay(input.from, today, 'from', true)
    const to = input.to === undefined ? today : parseDay(input.to, today, 'to', true)
    if (from > to) throw inputError('from', input.from ?? from, `is after --to ${to}`)
    const month = from === firstDay(monthOf(from)) && to === lastDay(monthOf(from)) ? monthOf(from) : null
    return {from, to, month}
  }
  return undefined
}

