import {type Month, daysInMonth} from '../calendar.js'
import type {CapacityPeriod} from '../types.js'
import type {OnCallFloor, TeamMonthEngineerCount} from './types.js'

/** Hours a week assumed per engineer who logged, where a team set no capacity (SPEC §2). */
export const ASSUMED_HOURS_PER_WEEK = 40

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
 * period in force; else assumed: engineers who logged × 40 × days ÷ 7.
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

/** The capacity of the teams in scope, summed; assumed when any part of it was. */
export function scopeCapacity(
  teams: readonly string[],
  periods: readonly CapacityPeriod[],
  engineers: readonly TeamMonthEngineerCount[],
  month: Month,
): MonthCapacity {
  let hours = 0
  let assumed = false
  for (const team of teams) {
    const count = engineers.find((e) => e.month === month && sameName(e.team, team))?.engineers ?? 0
    const c = teamCapacity(periods, team, month, count)
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
 * On-call floor = shifts ÷ rotation: the operational load a rotation takes whatever is
 * automated. Several teams: weighted by capacity, teams without a rotation counting 0.
 */
export function onCallFloor(
  teams: readonly string[],
  periods: readonly CapacityPeriod[],
  engineers: readonly TeamMonthEngineerCount[],
  month: Month,
): OnCallFloor | null {
  const declared = teams.map((team) => ({team, rotation: rotationAt(periods, team, month)}))
  if (!declared.some((d) => d.rotation)) return null
  if (teams.length === 1) {
    const r = declared[0]!.rotation!
    return {share: r.shifts / r.rotation, rotation: r.rotation, shifts: r.shifts}
  }
  let weighted = 0
  let total = 0
  for (const d of declared) {
    const hours = scopeCapacity([d.team], periods, engineers, month).hours
    total += hours
    if (d.rotation) weighted += (hours * d.rotation.shifts) / d.rotation.rotation
  }
  return total > 0 ? {share: weighted / total, rotation: null, shifts: null} : null
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
