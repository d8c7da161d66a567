import {addDays} from 'date-fns/addDays'
import {addMonths} from 'date-fns/addMonths'
import {format} from 'date-fns/format'
import {getDaysInMonth} from 'date-fns/getDaysInMonth'

/** A local calendar date, `YYYY-MM-DD`. */
export type Day = string
/** A calendar month, `YYYY-MM`. */
export type Month = string

export const MIN_YEAR = 2000
export const MAX_YEAR = 2100

/** Local midnight of a day (parseISO semantics, never UTC). */
export function toDate(day: Day): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d)
}

export function fromDate(date: Date): Day {
  return format(date, 'yyyy-MM-dd')
}

export function todayLocal(now: Date = new Date()): Day {
  return fromDate(now)
}

export function shiftDay(day: Day, days: number): Day {
  return fromDate(addDays(toDate(day), days))
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7)
}

export function shiftMonth(month: Month, months: number): Month {
  return format(addMonths(toDate(`${month}-01`), months), 'yyyy-MM')
}

export function firstDay(month: Month): Day {
  return `${month}-01`
}

export function daysInMonth(month: Month): number {
  return getDaysInMonth(toDate(`${month}-01`))
}

export function lastDay(month: Month): Day {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`
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
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000) + 1
}

/** True when the text is a real calendar date (no 2026-02-30). */
export function isRealDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(y, m - 1, d)
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d
}
