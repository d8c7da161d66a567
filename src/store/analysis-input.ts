import type {AnalysisInput, AnalysisOptions} from '../domain/analysis/types.js'
import {inputRange} from '../domain/analysis/analyze.js'
import {teamsAssumingCapacity} from '../domain/analysis/capacity.js'
import {monthOf} from '../domain/calendar.js'
import type {Store} from './store.js'

/**
 * Gathers what the analyzer needs for one team (or all teams), through the store's
 * SQL aggregates only: tasks, per-task monthly sums, engineers per month, capacity.
 */
export async function gatherAnalysisInput(store: Store, options: Pick<AnalysisOptions, 'asOf' | 'team' | 'window'>): Promise<AnalysisInput> {
  const team = options.team ?? undefined
  const teams = team === undefined ? await store.listTeams() : [team]
  const tasks = await store.listTasks({team})
  const range = {...inputRange(tasks, options), team}
  const [taskMonths, capacity, taskHistory, budgets] = await Promise.all([
    store.taskMonths(range),
    store.capacityHistory(team),
    store.taskHistory({to: options.asOf, team}),
    store.toilBudgets(),
  ])
  // Engineers' hours are read entry by entry, so only for the teams whose capacity is assumed.
  const uncounted = teamsAssumingCapacity(teams, capacity, monthOf(range.from))
  const engineerHours = uncounted.length === 0 ? [] : await store.engineerTeamHours({from: range.from, to: range.to, teams: uncounted})
  return {teams, tasks, taskMonths, taskHistory, engineerHours, capacity, budgets}
}
