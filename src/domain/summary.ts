/**
 * `toil summary`: one engineer's logged work in a week or a month, judged by the analyzer's
 * classification (no formula of its own) against their share of a working week. Pure.
 */
import {ASSUMED_HOURS_PER_WEEK, periodAt, weeklyToMonthly} from './analysis/capacity.js'
import type {Verdict} from './analysis/types.js'
import {type Day, type Month, daysBetweenInclusive, firstDay, lastDay, monthOf, shiftDay, weekdayOf} from './calendar.js'
import {parseMonth} from './day.js'
import {inputError} from './errors.js'
import type {CapacityPeriod, Criterion} from './types.js'

export type SummaryKind = 'week' | 'month'

export interface SummaryPeriod {
  kind: SummaryKind
  from: Day
  to: Day
  /** `2026-W49` (ISO week) or `2026-12`. */
  label: string
}

/** The ISO week (Monday to Sunday) or calendar month holding `day`. */
export function summaryPeriod(day: Day, kind: SummaryKind): SummaryPeriod {
  if (kind === 'month') {
    const month = monthOf(day)
    return {kind, from: firstDay(month), to: lastDay(month), label: month}
  }
  const monday = shiftDay(day, -((weekdayOf(day) + 6) % 7))
  // The ISO week belongs to the year of its Thursday, and is numbered from that year's first Thursday's week.
  const thursday = shiftDay(monday, 3)
  const year = thursday.slice(0, 4)
  const week = Math.floor((daysBetweenInclusive(`${year}-01-01`, thursday) - 1) / 7) + 1
  return {kind, from: monday, to: shiftDay(monday, 6), label: `${year}-W${String(week).padStart(2, '0')}`}
}

const WEEK_ACCEPTED = 'use this, last or an ISO week such as 2026-W49'
const NOT_A_WEEK = `is not a week; ${WEEK_ACCEPTED}`

/**
 * The week or month a summary covers, as typed after it: `this` (the default), `last`, an ISO
 * week `YYYY-Www` or a month `YYYY-MM`. Never one that starts after `today`.
 */
export function parseSummaryPeriod(input: string | undefined, kind: SummaryKind, today: Day): SummaryPeriod {
  const text = (input ?? 'this').trim().toLowerCase()
  if (kind === 'month') return summaryPeriod(firstDay(parseMonth(text, today, 'month')), 'month')
  const current = summaryPeriod(today, 'week')
  if (text === 'this') return current
  if (text === 'last') return summaryPeriod(shiftDay(current.from, -7), 'week')
  const match = /^(\d{4})-w(\d{2})$/.exec(text)
  if (!match) throw inputError('week', input ?? '', NOT_A_WEEK)
  // Week 1 holds 4 January; its Monday counts the rest.
  const jan4 = `${match[1]}-01-04` as Day
  const monday = shiftDay(jan4, -((weekdayOf(jan4) + 6) % 7) + (Number(match[2]) - 1) * 7)
  const period = summaryPeriod(monday, 'week')
  if (Number(match[2]) < 1 || period.label !== `${match[1]}-W${match[2]}`) throw inputError('week', input ?? '', `is not a week of ${match[1]}; ${WEEK_ACCEPTED}`)
  if (period.from > today) throw inputError('week', input ?? '', `is in the future (today is ${today}); ${WEEK_ACCEPTED}`)
  return period
}

/** A task the engineer logged in the period, with the analyzer's judgment of it. */
export interface SummaryTaskInput {
  task: string
  team: string
  hours: number
  occurrences: number
  verdict: Verdict
  /** Criteria still unknown after answers and inference. */
  unanswered: Criterion[]
  /** Whether answers could still change its verdict (the analyzer's "needs answers"). */
  needsAnswers: boolean
}

export interface WeekBasis {
  hoursPerWeek: number
  /** The team whose hours per week it is; null when assumed. */
  team: string | null
  assumed: boolean
}

/**
 * The engineer's working week: the hours per week of the team they logged the most hours
 * for in the period among those with a capacity set for its first month; with none, the
 * analyzer's assumed 40 h.
 */
export function weekBasis(tasks: readonly Pick<SummaryTaskInput, 'team' | 'hours'>[], capacity: readonly CapacityPeriod[], month: Month): WeekBasis {
  const byTeam = new Map<string, {team: string; hours: number}>()
  for (const t of tasks) {
    const key = t.team.toLowerCase()
    const seen = byTeam.get(key) ?? {team: t.team, hours: 0}
    seen.hours += t.hours
    byTeam.set(key, seen)
  }
  const ranked = [...byTeam.values()].sort((a, b) => b.hours - a.hours || a.team.localeCompare(b.team))
  for (const {team} of ranked) {
    const period = periodAt(capacity, team, month)
    if (period) return {hoursPerWeek: period.hoursPerWeek, team, assumed: false}
  }
  return {hoursPerWeek: ASSUMED_HOURS_PER_WEEK, team: null, assumed: true}
}

export interface Summary {
  engineer: string
  period: SummaryPeriod
  asOf: Day
  loggedHours: number
  toilHours: number
  possibleToilHours: number
  /** Not toil and overhead together. */
  notToilHours: number
  week: WeekBasis
  /** The working hours of the period: hours per week, or × days ÷ 7 for a month. */
  periodHours: number
  /** Toil hours ÷ the period's working hours. */
  toilShare: number
  /** With possible toil counted as toil: where answers could take it. */
  toilShareUpper: number
  tasks: SummaryTaskInput[]
  needsAnswers: SummaryTaskInput[]
}

export function summarize(engineer: string, period: SummaryPeriod, asOf: Day, tasks: readonly SummaryTaskInput[], capacity: readonly CapacityPeriod[]): Summary {
  const sum = (pick: (t: SummaryTaskInput) => boolean) => tasks.filter(pick).reduce((s, t) => s + t.hours, 0)
  const toilHours = sum((t) => t.verdict === 'toil')
  const possibleToilHours = sum((t) => t.verdict === 'possible-toil')
  const week = weekBasis(tasks, capacity, monthOf(period.from))
  const periodHours = period.kind === 'week' ? week.hoursPerWeek : weeklyToMonthly(week.hoursPerWeek, monthOf(period.from))
  const sorted = [...tasks].sort((a, b) => b.hours - a.hours || a.task.localeCompare(b.task) || a.team.localeCompare(b.team))
  return {
    engineer,
    period,
    asOf,
    loggedHours: sum(() => true),
    toilHours,
    possibleToilHours,
    notToilHours: sum((t) => t.verdict === 'not-toil' || t.verdict === 'overhead'),
    week,
    periodHours,
    toilShare: periodHours > 0 ? toilHours / periodHours : 0,
    toilShareUpper: periodHours > 0 ? (toilHours + possibleToilHours) / periodHours : 0,
    tasks: sorted,
    needsAnswers: sorted.filter((t) => t.needsAnswers),
  }
}
