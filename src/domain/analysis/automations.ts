import {type Month, firstDay, monthOf, monthRange, shiftMonth} from '../calendar.js'
import type {Task} from '../types.js'
import {taskRate} from './candidates.js'
import {ratio} from './stats.js'
import type {AutomationReview, TaskMonthHours} from './types.js'

/** The window months before an automation went live: the month it did is mixed, so it is left out. */
export function monthsBeforeAutomation(since: string, window: number): Month[] {
  const sinceMonth = monthOf(since)
  return monthRange(shiftMonth(sinceMonth, -window), shiftMonth(sinceMonth, -1))
}

/** Complete months after it went live, up to the last complete month (its own month counts when it went live on the 1st). */
export function monthsAfterAutomation(since: string, lastComplete: Month): Month[] {
  const sinceMonth = monthOf(since)
  const start = since === firstDay(sinceMonth) ? sinceMonth : shiftMonth(sinceMonth, 1)
  return start <= lastComplete ? monthRange(start, lastComplete) : []
}

/**
 * SPEC §4.6: forecast net savings a month (its rate before the automation × reduction −
 * maintenance) against realized savings (rate before − rate logged after). The rate
 * before is what the candidates view showed on the day it went live (§4.2): the hours of
 * the window's length of months ending with the month before it went live, from the task's
 * first logged month on, ÷ those months; with nothing logged in them, its declared rate.
 * It stays fixed whatever window is analysed later. `lastComplete` is the last complete
 * month; `firstMonth` the month of the task's first entry (never before its team's).
 */
export function reviewAutomation(task: Task, rows: readonly TaskMonthHours[], lastComplete: Month, window: number, firstMonth: Month | null): AutomationReview | null {
  if (task.status !== 'automated' || task.automatedSince === null) return null
  const since = task.automatedSince
  const hoursIn = (months: readonly Month[]) => rows.filter((r) => r.taskId === task.id && months.includes(r.month)).reduce((s, r) => s + r.hours, 0)
  const monthsBefore = monthsBeforeAutomation(since, window).filter((m) => m <= lastComplete && firstMonth !== null && m >= firstMonth)
  const monthsAfter = monthsAfterAutomation(since, lastComplete)
  const before = taskRate(task, hoursIn(monthsBefore), monthsBefore.length)
  const rateBefore = before.hoursPerMonth
  const rateAfter = monthsAfter.length > 0 ? hoursIn(monthsAfter) / monthsAfter.length : null
  const forecastSaved = rateBefore * task.estimate.reduction
  const realizedSaved = rateAfter === null ? null : rateBefore - rateAfter
  const maintenance = task.estimate.maintenanceHoursPerMonth
  return {
    taskId: task.id,
    task: task.name,
    team: task.team,
    since,
    rateBefore,
    rateSource: before.rateSource,
    monthsBefore,
    rateAfter,
    monthsAfter,
    forecastSavedHoursPerMonth: forecastSaved,
    forecastNetHoursPerMonth: forecastSaved - maintenance,
    realizedSavedHoursPerMonth: realizedSaved,
    realizedNetHoursPerMonth: realizedSaved === null ? null : realizedSaved - maintenance,
    realizedRatio: realizedSaved === null ? null : ratio(realizedSaved, forecastSaved),
    costHours: task.estimate.costHours,
  }
}
