import {analyze} from '../domain/analysis/analyze.js'
import {type AnalysisFlagValues, parseAnalysisOptions} from '../domain/analysis/options.js'
import type {Analysis} from '../domain/analysis/types.js'
import type {Day} from '../domain/calendar.js'
import {gatherAnalysisInput} from '../store/analysis-input.js'
import type {Store} from '../store/store.js'
import {type ScopeFlags, viewTeam} from './teams.js'

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
