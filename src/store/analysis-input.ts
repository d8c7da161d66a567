import type {AnalysisInput, AnalysisOptions} from '../domain/analysis/types.js'
import {inputRange} from '../domain/analysis/analyze.js'
import {teamsAssumingCapacity} from '../domain/analysis/capacity.js'
import {monthOf} from '../domain/calendar.js'
import {parseName} from '../domain/inputs.js'
import {requireTeam} from '../domain/task-input.js'
import type {Store} from './store.js'

/**
 * The canonical name of `--team` (matched case-insensitively), or null for all teams.
 * An unknown team is refused, naming the teams there are.
 */
export async function resolveAnalysisTeam(store: Store, flag: string | undefined): Promise<string | null> {
  if (flag === undefined) return null
  return requireTeam(parseName(flag, 'team'), await store.listTeams())
}

/**
 * Gathers what the analyzer needs for one team (or all teams), through the store's
 * SQL aggregates only: tasks, per-task monthly sums, engineers per month, capacity.
 */
export async function gatherAnalysisInput(store: Store, options: Pick<AnalysisOptions, 'asOf' | 'team' | 'window'>): Promise<AnalysisInput> {
  const team = options.team ?? undefined
  const teams = team === undefined ? await store.listTeams() : [team]
  const tasks = await store.listTasks({team})
  const range = {...inputRange(tasks, options), team}
  const [taskMonths, capacity] = await Promise.all([store.taskMonths(range), store.capacityHistory(team)])
  // Counting engineers means reading every entry of the range, so only for the teams that need it.
  const uncounted = teamsAssumingCapacity(teams, capacity, monthOf(range.from))
  const engineers = uncounted.length === 0 ? [] : await store.engineersPerMonth({from: range.from, to: range.to, teams: uncounted})
  return {teams, tasks, taskMonths, engineers, capacity}
}
