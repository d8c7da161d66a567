import {monthlyOccurrences} from '../frequency.js'
import type {Task} from '../types.js'
import {EPSILON} from './stats.js'
import type {Candidate, CandidateSort, TaskAnalysis} from './types.js'

export interface Rate {
  hoursPerMonth: number
  rateSource: 'logged' | 'declared'
}

/**
 * Hours a month (SPEC §4.2): the hours logged in the months the task could have
 * happened in (the team's covered complete months of the window, from the task's first
 * entry's month on) ÷ the number of those months; with nothing logged in them, declared
 * frequency × monthly factor × typical duration; with neither, 0.
 */
export function taskRate(task: Pick<Task, 'frequency' | 'durationMinutes'>, loggedHours: number, months: number): Rate {
  if (loggedHours > 0 && months > 0) return {hoursPerMonth: loggedHours / months, rateSource: 'logged'}
  if (task.frequency && task.durationMinutes !== null) {
    return {hoursPerMonth: (monthlyOccurrences(task.frequency) * task.durationMinutes) / 60, rateSource: 'declared'}
  }
  return {hoursPerMonth: 0, rateSource: 'logged'}
}

export interface PaybackInput {
  hoursPerMonth: number
  reduction: number
  maintenanceHoursPerMonth: number
  costHours: number | null
  horizon: number
  overrun: number
}

export interface PaybackFigures {
  savedHoursPerMonth: number
  netHoursPerMonth: number
  paybackMonths: number | null
  horizonNetHours: number | null
  breakEvenHours: number
  neverPays: boolean
  paysWithinHorizon: boolean
}

/**
 * saved = rate × reduction; net = saved − maintenance; payback = cost × overrun ÷ net
 * (none when net ≤ 0 or no cost); horizon net = net × horizon − cost × overrun;
 * break-even budget = net × horizon (0 when net ≤ 0).
 */
export function paybackFigures(p: PaybackInput): PaybackFigures {
  const saved = p.hoursPerMonth * p.reduction
  const net = saved - p.maintenanceHoursPerMonth
  const neverPays = net <= EPSILON
  const cost = p.costHours === null ? null : p.costHours * p.overrun
  const payback = cost === null || neverPays ? null : cost / net
  return {
    savedHoursPerMonth: saved,
    netHoursPerMonth: net,
    paybackMonths: payback,
    horizonNetHours: cost === null ? null : net * p.horizon - cost,
    breakEvenHours: neverPays ? 0 : net * p.horizon,
    neverPays,
    paysWithinHorizon: payback !== null && payback <= p.horizon * (1 + EPSILON),
  }
}

type Unranked = Omit<Candidate, 'rank'>

/**
 * Payback order (SPEC §4.4): estimated tasks paying back within the horizon (0), then
 * unestimated ones (1), then estimated ones paying back only after it (2), never-paying last (3).
 */
export function paybackGroup(c: Unranked): number {
  if (c.neverPays) return 3
  if (c.costHours === null) return 1
  return c.paysWithinHorizon ? 0 : 2
}

/** a − b, or 0 when they are equal within 1e-9 relative: float noise never decides an order. */
export function tolerantDiff(a: number, b: number): number {
  return Math.abs(a - b) <= EPSILON * Math.max(Math.abs(a), Math.abs(b)) ? 0 : a - b
}

function byName(a: Unranked, b: Unranked): number {
  return a.task.localeCompare(b.task) || a.team.localeCompare(b.team)
}

/** Within each payback group: payback ascending (ties: horizon net descending), break-even descending, net descending. */
export function compareByPayback(a: Unranked, b: Unranked): number {
  const group = paybackGroup(a)
  const byGroup = group - paybackGroup(b)
  if (byGroup !== 0) return byGroup
  let order: number
  if (group === 0 || group === 2) order = tolerantDiff(a.paybackMonths!, b.paybackMonths!) || tolerantDiff(b.horizonNetHours!, a.horizonNetHours!)
  else if (group === 1) order = tolerantDiff(b.breakEvenHours, a.breakEvenHours)
  else order = tolerantDiff(b.netHoursPerMonth, a.netHoursPerMonth)
  return order || byName(a, b)
}

/** "Most time back": horizon net (break-even for unestimated tasks) descending; never-paying last. */
export function compareByNet(a: Unranked, b: Unranked): number {
  const key = (c: Unranked) => c.horizonNetHours ?? c.breakEvenHours
  return Number(a.neverPays) - Number(b.neverPays) || tolerantDiff(key(b), key(a)) || tolerantDiff(b.netHoursPerMonth, a.netHoursPerMonth) || byName(a, b)
}

/** By rate, hours a month descending. */
export function compareByHours(a: Unranked, b: Unranked): number {
  return tolerantDiff(b.hoursPerMonth, a.hoursPerMonth) || compareByPayback(a, b)
}

const COMPARATORS: Record<CandidateSort, (a: Unranked, b: Unranked) => number> = {payback: compareByPayback, net: compareByNet, hours: compareByHours}

export function rankCandidates(list: readonly Unranked[], sort: CandidateSort = 'payback'): Candidate[] {
  return [...list].sort(COMPARATORS[sort]).map((c, i) => ({rank: i + 1, ...c}))
}

/** What a candidate's rate is computed from: see taskRate. */
export interface RateBasis {
  loggedHours: number
  months: number
}

/** Tasks whose verdict is toil or possible-toil and whose status (as of the day) is active, ranked. */
export function findCandidates(
  analyses: readonly TaskAnalysis[],
  tasks: ReadonlyMap<number, Task>,
  rateBasis: ReadonlyMap<number, RateBasis>,
  options: {horizon: number; overrun: number; sort: CandidateSort},
): Candidate[] {
  const list: Unranked[] = []
  for (const a of analyses) {
    const task = tasks.get(a.taskId)
    if (!task || a.status !== 'active' || (a.verdict !== 'toil' && a.verdict !== 'possible-toil')) continue
    const basis = rateBasis.get(a.taskId) ?? {loggedHours: 0, months: 0}
    const rate = taskRate(task, basis.loggedHours, basis.months)
    const figures = paybackFigures({
      hoursPerMonth: rate.hoursPerMonth,
      reduction: task.estimate.reduction,
      maintenanceHoursPerMonth: task.estimate.maintenanceHoursPerMonth,
      costHours: task.estimate.costHours,
      horizon: options.horizon,
      overrun: options.overrun,
    })
    list.push({
      taskId: a.taskId,
      task: a.task,
      team: a.team,
      verdict: a.verdict,
      ...rate,
      reduction: task.estimate.reduction,
      maintenanceHoursPerMonth: task.estimate.maintenanceHoursPerMonth,
      costHours: task.estimate.costHours,
      ...figures,
      unanswered: a.unanswered,
    })
  }
  return rankCandidates(list, options.sort)
}
