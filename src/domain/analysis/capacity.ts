import {type Month, daysInMonth} from '../calendar.js'
import type {CapacityPeriod} from '../types.js'
import type {EngineerTeamMonthHours, OnCallLoad} from './types.js'

/** Hours a week assumed per engineer who logged, where a team set no capacity (SPEC §2). */
export const ASSUMED_HOURS_PER_WEEK = 40
/** The SRE book's ceiling for the share of time on call. */
export const ON_CALL_LIMIT = 0.25

export interface MonthCapacity {
  hours: number
  assumed: boolean
}

/** Hours a week of work over a month: × days ÷ 7. */
export function weeklyToMonthly(hoursPerWeek: number, month: Month): number {
  return (hoursPerWeek * daysInMonth(month)) / 7
}

/** The latest period of `team` starting at or before `month`. */
export function periodAt(periods: readonly CapacityPeriod[], team: string, month: Month): CapacityPeriod | undefined {
  let found: CapacityPeriod | undefined
  for (const p of periods) {
    if (sameName(p.team, team) && p.fromMonth <= month && (!found || p.fromMonth > found.fromMonth)) found = p
  }
  return found
}

/**
 * One team's capacity in a month: members × hours_per_week × days ÷ 7 from the
 * period in force; else assumed: the engineers who logged (each counted as the
 * fraction of their hours that went to this team) × 40 × days ÷ 7.
 */
export function teamCapacity(periods: readonly CapacityPeriod[], team: string, month: Month, engineers: number): MonthCapacity {
  const period = periodAt(periods, team, month)
  if (period) return {hours: weeklyToMonthly(period.members * period.hoursPerWeek, month), assumed: false}
  return {hours: weeklyToMonthly(engineers * ASSUMED_HOURS_PER_WEEK, month), assumed: engineers > 0}
}

/**
 * The teams whose capacity is assumed in some month from `from` on: those with no period
 * in force yet at `from` (a period holds from its month on). Only their engineers need counting.
 */
export function teamsAssumingCapacity(teams: readonly string[], periods: readonly CapacityPeriod[], from: Month): string[] {
  return teams.filter((team) => periodAt(periods, team, from) === undefined)
}

/**
 * Engineers a team counts in a month for its assumed capacity: each engineer who
 * logged counts once in all, split across teams in proportion to their hours there.
 */
export function assumedEngineers(rows: readonly EngineerTeamMonthHours[], team: string, month: Month): number {
  const totals = new Map<string, number>()
  const here = new Map<string, number>()
  for (const r of rows) {
    if (r.month !== month) continue
    totals.set(r.engineer, (totals.get(r.engineer) ?? 0) + r.hours)
    if (sameName(r.team, team)) here.set(r.engineer, (here.get(r.engineer) ?? 0) + r.hours)
  }
  let engineers = 0
  for (const [engineer, hours] of here) engineers += hours / totals.get(engineer)!
  return engineers
}

/** The capacity of the teams in scope, summed; assumed when any part of it was. */
export function scopeCapacity(
  teams: readonly string[],
  periods: readonly CapacityPeriod[],
  engineerHours: readonly EngineerTeamMonthHours[],
  month: Month,
): MonthCapacity {
  let hours = 0
  let assumed = false
  for (const team of teams) {
    const c = teamCapacity(periods, team, month, periodAt(periods, team, month) ? 0 : assumedEngineers(engineerHours, team, month))
    hours += c.hours
    assumed ||= c.assumed
  }
  return {hours, assumed}
}

/** The rotation of the period in force in a month (each period stands alone, as `toil team set` says). */
function rotationAt(periods: readonly CapacityPeriod[], team: string, month: Month): {rotation: number; shifts: number} | undefined {
  const p = periodAt(periods, team, month)
  return p && p.rotation !== null && p.shifts !== null ? {rotation: p.rotation, shifts: p.shifts} : undefined
}

/**
 * On-call load = shifts ÷ rotation: the share of weeks each engineer is on call
 * (calendar time, not logged hands-on time), warned above 25%. Several teams:
 * weighted by capacity, teams without a rotation counting 0.
 */
export function onCallLoad(
  teams: readonly string[],
  periods: readonly CapacityPeriod[],
  engineerHours: readonly EngineerTeamMonthHours[],
  month: Month,
): OnCallLoad | null {
  const declared = teams.map((team) => ({team, rotation: rotationAt(periods, team, month)}))
  if (!declared.some((d) => d.rotation)) return null
  const load = (share: number, rotation: number | null, shifts: number | null): OnCallLoad => ({share, overLimit: share > ON_CALL_LIMIT + 1e-9, rotation, shifts})
  if (teams.length === 1) {
    const r = declared[0]!.rotation!
    return load(r.shifts / r.rotation, r.rotation, r.shifts)
  }
  let weighted = 0
  let total = 0
  for (const d of declared) {
    const hours = scopeCapacity([d.team], periods, engineerHours, month).hours
    total += hours
    if (d.rotation) weighted += (hours * d.rotation.shifts) / d.rotation.rotation
  }
  return total > 0 ? load(weighted / total, null, null) : null
}

/** A team's own hours a week in a month (its period in force), else the assumed 40. */
export function hoursPerWeekOf(periods: readonly CapacityPeriod[], team: string, month: Month): number {
  return periodAt(periods, team, month)?.hoursPerWeek ?? ASSUMED_HOURS_PER_WEEK
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
