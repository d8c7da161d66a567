/**
 * Calendar arithmetic on `YYYY-MM-DD` and `YYYY-MM` strings.
 *
 * A day is a calendar date, not an instant, so the arithmetic runs on UTC
 * dates, where every day has 24 hours: the results do not depend on the
 * machine's time zone or its DST changes (and a day a zone skipped, such as
 * 2011-12-30 in Samoa, is still a day). Only `todayLocal` reads the local zone.
 */

/** A local calendar date, `YYYY-MM-DD`. */
export type Day = string
/** A calendar month, `YYYY-MM`. */
export type Month = string

export const MIN_YEAR = 2000
export const MAX_YEAR = 2100

const DAY_MS = 86_400_000

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function parts(day: Day): [number, number, number] {
  return day.split('-').map(Number) as [number, number, number]
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
function dayNumber(day: Day): number {
  const [y, m, d] = parts(day)
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  return new Date(0).setUTCFullYear(y, m - 1, d) / DAY_MS
}

function fromDayNumber(n: number): Day {
  const date = new Date(n * DAY_MS)
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** Local midnight of a day (parseISO semantics, never UTC). */
export function toDate(day: Day): Date {
  const [y, m, d] = parts(day)
  return new Date(y, m - 1, d)
}

/** The local calendar date of an instant. */
export function fromDate(date: Date): Day {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Today's date where the user is: the one place the local time zone counts. */
export function todayLocal(now: Date = new Date()): Day {
  return fromDate(now)
}

export function shiftDay(day: Day, days: number): Day {
  return fromDayNumber(dayNumber(day) + days)
}

/** 0 for Sunday to 6 for Saturday, as `Date.getDay`. */
export function weekdayOf(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(day) + 4) % 7) + 7) % 7
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7)
}

export function shiftMonth(month: Month, months: number): Month {
  const [y, m] = parts(month)
  const index = y * 12 + (m - 1) + months
  return `${pad(Math.floor(index / 12), 4)}-${pad((((index % 12) + 12) % 12) + 1)}`
}

export function firstDay(month: Month): Day {
  return `${month}-01`
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days of a month (Gregorian leap years); arithmetic, since imports call it per entry. */
export function daysInMonth(month: Month): number {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  return m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!
}

export function lastDay(month: Month): Day {
  return `${month}-${pad(daysInMonth(month))}`
}

/** Months from `from` to `to` inclusive, oldest first. */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = []
  for (let m = from; m <= to; m = shiftMonth(m, 1)) out.push(m)
  return out
}

/** Whole months from a to b (b − a). */
export function monthsBetween(a: Month, b: Month): number {
  const [ay, am] = a.split('-').map(Number) as [number, number]
  const [by, bm] = b.split('-').map(Number) as [number, number]
  return (by - ay) * 12 + (bm - am)
}

/** Days from a to b inclusive. */
export function daysBetweenInclusive(a: Day, b: Day): number {
  return dayNumber(b) - dayNumber(a) + 1
}

/** True when the text is a real calendar date (no 2026-02-30). */
export function isRealDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [m, d] = [Number(match[2]), Number(match[3])]
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(`${match[1]}-${match[2]}`)
}
