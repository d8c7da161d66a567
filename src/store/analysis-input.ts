import type {AnalysisInput, AnalysisOptions} from '../domain/analysis/types.js'
import {inputRange} from '../domain/analysis/analyze.js'
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
  const [taskMonths, engineers, capacity] = await Promise.all([store.taskMonths(range), store.engineersPerMonth(range), store.capacityHistory(team)])
  return {teams, tasks, taskMonths, engineers, capacity}
}
