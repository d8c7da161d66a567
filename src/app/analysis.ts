import {setting} from '../config.js'
import {analyze} from '../domain/analysis/analyze.js'
import {type AnalysisFlagValues, parseAnalysisOptions} from '../domain/analysis/options.js'
import type {Analysis} from '../domain/analysis/types.js'
import type {Day} from '../domain/calendar.js'
import {ToilError} from '../domain/errors.js'
import {nearMatch, parseName} from '../domain/inputs.js'
import {requireTeam} from '../domain/task-input.js'
import {gatherAnalysisInput} from '../store/analysis-input.js'
import type {Store} from '../store/store.js'

/** The flags that choose the teams a view shows. */
export interface ScopeFlags {
  team?: string
  'all-teams'?: boolean
}

/**
 * The team a view shows: `--team`, else the default team ($TOIL_TEAM, the config file's team),
 * else all teams (null); `--all-teams` shows all whatever the default. A default team this
 * database does not hold is refused naming where it came from.
 */
export async function viewTeam(store: Store, flags: ScopeFlags): Promise<string | null> {
  if (flags['all-teams']) return null
  const chosen = setting('team', flags.team)
  if (chosen === undefined) return null
  const teams = await store.listTeams()
  if (chosen.source === 'flag') return requireTeam(parseName(chosen.value, 'team'), teams)
  const name = parseName(chosen.value, 'team')
  const found = teams.find((t) => t.toLowerCase() === name.toLowerCase())
  if (found !== undefined) return found
  const from = chosen.source === 'env' ? '$TOIL_TEAM' : "the config file's team"
  const near = nearMatch(name, teams)
  throw new ToilError('not-found', `team: ${JSON.stringify(name)} (${from}) is not a team of this database${near === undefined ? '' : `; did you mean ${JSON.stringify(near)}?`}; --team names another, --all-teams shows every team`)
}

/** The analysis behind classify, candidates, forecast and report: flags checked before any read. */
export async function analyzeFromFlags(store: Store, flags: AnalysisFlagValues & ScopeFlags, asOf: Day, partialThrough: Day | null = null): Promise<Analysis> {
  const parsed = parseAnalysisOptions(flags, asOf, null, partialThrough)
  const options = {...parsed, team: await viewTeam(store, flags)}
  return analyze(await gatherAnalysisInput(store, options), options)
}

/**
 * Each team's own analysis beside an all-teams one (none for one team): the status of a team in
 * trouble is shown on its own line, never averaged away by the others.
 */
export async function analyzeEachTeam(store: Store, all: Analysis): Promise<Analysis[]> {
  if (all.team !== null || all.teams.length < 2) return []
  const each: Analysis[] = []
  for (const team of all.teams) {
    const options = {...all.options, team}
    each.push(analyze(await gatherAnalysisInput(store, options), options))
  }
  return each
}
