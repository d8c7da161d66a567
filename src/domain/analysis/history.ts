import type {Month} from '../calendar.js'
import type {Category} from '../types.js'
import type {MonthCapacity} from './capacity.js'
import {isOperationalCategory} from './classify.js'
import {ratio} from './stats.js'
import type {MonthFigures, TaskMonthHours, Verdict} from './types.js'

export interface ClassifiedTask {
  taskId: number
  verdict: Verdict
  category: Category
}

/**
 * The operational part of a task's hours: none of an overhead task's; all of a toil
 * task's; for any other task, all hours when its category is oncall/interrupt, else
 * those tagged so.
 */
export function operationalPart(task: Pick<ClassifiedTask, 'verdict' | 'category'>, hours: number, taggedHours: number): number {
  if (task.verdict === 'overhead' || task.category === 'overhead') return 0
  if (task.verdict === 'toil' || isOperationalCategory(task.category)) return hours
  return taggedHours
}

export interface MonthState {
  /** Some team in scope had begun logging by this month. */
  covered: boolean
  /** The month is still in progress. */
  partial: boolean
}

/**
 * One month of history: toil hours (verdict toil), possible-toil hours beside them,
 * operational hours, and their shares of capacity (null when capacity is 0, or when
 * no team in scope was logging yet).
 */
export function monthFigures(month: Month, tasks: readonly ClassifiedTask[], rows: readonly TaskMonthHours[], capacity: MonthCapacity, state: MonthState = {covered: true, partial: false}): MonthFigures {
  const byId = new Map(tasks.map((t) => [t.taskId, t]))
  let toilHours = 0
  let possibleToilHours = 0
  let operationalHours = 0
  let totalHours = 0
  for (const row of rows) {
    if (row.month !== month) continue
    const task = byId.get(row.taskId)
    if (!task) continue
    totalHours += row.hours
    if (task.verdict === 'toil') toilHours += row.hours
    if (task.verdict === 'possible-toil') possibleToilHours += row.hours
    operationalHours += operationalPart(task, row.hours, row.operationalHours)
  }
  const cap = state.covered ? capacity.hours : 0
  const share = ratio(toilHours, cap)
  return {
    month,
    covered: state.covered,
    partial: state.partial,
    toilHours,
    possibleToilHours,
    operationalHours,
    totalHours,
    capacityHours: cap,
    capacityAssumed: state.covered && capacity.assumed,
    share,
    shareUpper: ratio(toilHours + possibleToilHours, cap),
    operationalShare: ratio(operationalHours, cap),
    counts: share !== null && !state.partial,
  }
}
