import {monthlyOccurrences} from '../frequency.js'
import type {Task} from '../types.js'
import {EPSILON} from './stats.js'
import type {Candidate, TaskAnalysis} from './types.js'

export interface Rate {
  hoursPerMonth: number
  rateSource: 'logged' | 'declared'
}

/**
 * Hours a month: logged hours over the window ÷ months in the window; with nothing
 * logged in the window, declared frequency × monthly factor × typical duration.
 */
export function taskRate(task: Pick<Task, 'frequency' | 'durationMinutes'>, windowHours: number, windowMonths: number): Rate {
  if (windowHours > 0 || !task.frequency || task.durationMinutes === null) {
    return {hoursPerMonth: windowHours / windowMonths, rateSource: 'logged'}
  }
  return {hoursPerMonth: (monthlyOccurrences(task.frequency) * task.durationMinutes) / 60, rateSource: 'declared'}
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
  return {
    savedHoursPerMonth: saved,
    netHoursPerMonth: net,
    paybackMonths: cost === null || neverPays ? null : cost / net,
    horizonNetHours: cost === null ? null : net * p.horizon - cost,
    breakEvenHours: neverPays ? 0 : net * p.horizon,
    neverPays,
  }
}

type Unranked = Omit<Candidate, 'rank'>

/** Estimated first (0), then unestimated (1), never-paying last (2). */
function group(c: Unranked): number {
  if (c.neverPays) return 2
  return c.costHours === null ? 1 : 0
}

/**
 * Estimated tasks by payback ascending (ties: horizon net descending), then
 * unestimated tasks by break-even budget descending, never-paying tasks last.
 */
export function compareCandidates(a: Unranked, b: Unranked): number {
  const byGroup = group(a) - group(b)
  if (byGroup !== 0) return byGroup
  let order = 0
  if (group(a) === 0) order = a.paybackMonths! - b.paybackMonths! || b.horizonNetHours! - a.horizonNetHours!
  else if (group(a) === 1) order = b.breakEvenHours - a.breakEvenHours
  else order = b.netHoursPerMonth - a.netHoursPerMonth
  return order || a.task.localeCompare(b.task) || a.team.localeCompare(b.team)
}

export function rankCandidates(list: readonly Unranked[]): Candidate[] {
  return [...list].sort(compareCandidates).map((c, i) => ({rank: i + 1, ...c}))
}

/** Tasks whose verdict is toil or possible-toil and whose status is active, ranked. */
export function findCandidates(
  analyses: readonly TaskAnalysis[],
  tasks: ReadonlyMap<number, Task>,
  options: {window: number; horizon: number; overrun: number},
): Candidate[] {
  const list: Unranked[] = []
  for (const a of analyses) {
    const task = tasks.get(a.taskId)
    if (!task || task.status !== 'active' || (a.verdict !== 'toil' && a.verdict !== 'possible-toil')) continue
    const rate = taskRate(task, a.window.hours, options.window)
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
  return rankCandidates(list)
}
