import {type Day, type Month, MAX_YEAR, MIN_YEAR, daysInMonth, firstDay, isRealDay, lastDay, monthOf, shiftDay, shiftMonth, weekdayOf} from './calendar.js'
import {inputError} from './errors.js'

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const DAY_ACCEPTED = 'is not a day; use today, yesterday, YYYY-MM-DD, a weekday name (monday, the last one before today) or "3 days ago"'
const MONTH_ACCEPTED = 'is not a month; use YYYY-MM (e.g. 2026-05), last or this'
const QUARTER_ACCEPTED = 'is not a quarter; use YYYY-Qn (e.g. 2026-Q3), last or this'
/** More days back than this cannot land inside the supported years. */
const MAX_DAYS_AGO = (MAX_YEAR - MIN_YEAR + 1) * 366

function normalise(input: string): string {
  return input.trim().toLowerCase().replaceAll(/\s+/g, ' ')
}

function yearOf(text: string): number {
  return Number(text.slice(0, 4))
}

function inYears(text: string): boolean {
  return /^\d{4}/.test(text) && yearOf(text) >= MIN_YEAR && yearOf(text) <= MAX_YEAR
}

function outOfYears(field: string, input: string, unit: string) {
  return inputError(field, input, `is outside the years ${MIN_YEAR}–${MAX_YEAR}; use a ${unit} from ${MIN_YEAR} to ${MAX_YEAR}`)
}

/** Why `YYYY-MM-DD` text that is not a real date is refused. */
function unrealDay(field: string, input: string, text: string) {
  const month = text.slice(0, 7)
  const m = Number(text.slice(5, 7))
  const why = m < 1 || m > 12 ? 'months run 01–12' : `${month} has ${daysInMonth(month)} days`
  return inputError(field, input, `is not a real calendar date (${why}); use YYYY-MM-DD`)
}

/** The most recent `weekday` (0 = Sunday) strictly before `today`. */
function lastWeekday(today: Day, weekday: number): Day {
  return shiftDay(today, -((weekdayOf(today) - weekday + 7) % 7 || 7))
}

/** A weekday as typed: `monday`, `mon` or `last monday`; -1 when it is none. */
function weekdayIndex(text: string): number {
  const name = text.startsWith('last ') ? text.slice(5) : text
  return WEEKDAYS.findIndex((day) => day === name || day.slice(0, 3) === name)
}

/**
 * Parses a day relative to `today`. A weekday name is the most recent past one
 * (today excluded); a future day is refused unless `allowFuture`.
 */
export function parseDay(input: string, today: Day, field = 'day', allowFuture = false): Day {
  const text = normalise(input)
  let day: Day | undefined
  if (text === 'today') day = today
  else if (text === 'yesterday') day = shiftDay(today, -1)
  else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!inYears(text)) throw outOfYears(field, input, 'day')
    if (!isRealDay(text)) throw unrealDay(field, input, text)
    day = text
  } else {
    const ago = /^(\d+) (day|week)s? ago$/.exec(text)
    const weekday = weekdayIndex(text)
    if (ago) {
      const days = Number(ago[1]) * (ago[2] === 'week' ? 7 : 1)
      // Huge counts would overflow the date arithmetic; none of them is a supported year anyway.
      if (days > MAX_DAYS_AGO) throw outOfYears(field, input, 'day')
      day = shiftDay(today, -days)
    } else if (weekday >= 0) day = lastWeekday(today, weekday)
  }
  if (day === undefined) throw inputError(field, input, DAY_ACCEPTED)
  if (!inYears(day)) throw outOfYears(field, input, 'day')
  if (!allowFuture && day > today) throw inputError(field, input, `is in the future (today is ${today}); use today or an earlier day`)
  return day
}

/** `YYYY-MM`, `last` (the month before today's) or `this`. */
export function parseMonth(input: string, today: Day, field = 'month'): Month {
  const text = normalise(input)
  let month: Month
  if (text === 'this') month = monthOf(today)
  else if (text === 'last') month = shiftMonth(monthOf(today), -1)
  else {
    const match = /^(\d{4})-(\d{2})$/.exec(text)
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw inputError(field, input, MONTH_ACCEPTED)
    month = text
  }
  if (!inYears(month)) throw outOfYears(field, input, 'month')
  return month
}

/** The first month of a quarter: `2026-Q3`, `2026q3`, `this` or `last`. */
export function parseQuarter(input: string, today: Day, field = 'quarter'): Month {
  const text = normalise(input)
  const current = shiftMonth(monthOf(today), -((Number(today.slice(5, 7)) - 1) % 3))
  let start: Month
  if (text === 'this') start = current
  else if (text === 'last') start = shiftMonth(current, -3)
  else {
    const match = /^(\d{4})-?q([1-4])$/.exec(text)
    if (!match) throw inputError(field, input, QUARTER_ACCEPTED)
    start = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}`
  }
  if (!inYears(start)) throw outOfYears(field, input, 'quarter')
  return start
}

/** `2026-Q3` for the quarter starting in `2026-07`. */
export function formatQuarter(start: Month): string {
  return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`
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

/**
 * The period of `--month`, `--quarter` or `--from`/`--to` (both days included);
 * undefined when none is given. `--to` may lie in the future, `--from` may not:
 * a period that has not started yet holds nothing.
 */
export function parsePeriod(input: PeriodInput, today: Day): Period | undefined {
  const kinds = [input.month !== undefined, input.quarter !== undefined, input.from !== undefined || input.to !== undefined]
  if (kinds.filter(Boolean).length > 1) {
    const given = (['month', 'quarter', 'from', 'to'] as const).filter((k) => input[k] !== undefined).map((k) => `--${k} ${input[k]}`)
    throw inputError('period', given.join(' '), 'mixes --month, --quarter and --from/--to; use only one of them')
  }
  if (input.month !== undefined) {
    const month = parseMonth(input.month, today)
    return {from: firstDay(month), to: lastDay(month), month}
  }
  if (input.quarter !== undefined) {
    const start = parseQuarter(input.quarter, today)
    return {from: firstDay(start), to: lastDay(shiftMonth(start, 2)), month: null}
  }
  if (input.from !== undefined || input.to !== undefined) {
    const from = input.from === undefined ? `${MIN_YEAR}-01-01` : parseDay(input.from, today, 'from')
    const to = input.to === undefined ? today : parseDay(input.to, today, 'to', true)
    // Without --to the period ends today, and --from is never after today.
    if (from > to) throw inputError('from', input.from!, `is after --to ${to}; use a --from day on or before --to (both are included)`)
    const month = from === firstDay(monthOf(from)) && to === lastDay(monthOf(from)) ? monthOf(from) : null
    return {from, to, month}
  }
  return undefined
}
