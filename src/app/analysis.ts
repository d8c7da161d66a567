import {analyze} from '../domain/analysis/analyze.js'
import {type AnalysisFlagValues, parseAnalysisOptions} from '../domain/analysis/options.js'
import type {Analysis} from '../domain/analysis/types.js'
import type {Day} from '../domain/calendar.js'
import {gatherAnalysisInput, resolveAnalysisTeam} from '../store/analysis-input.js'
import type {Store} from '../store/store.js'

/** The analysis behind classify, candidates, forecast and report: flags checked before any read. */
export async function analyzeFromFlags(store: Store, flags: AnalysisFlagValues & {team?: string}, asOf: Day, partialThrough: Day | null = null): Promise<Analysis> {
  const parsed = parseAnalysisOptions(flags, asOf, null, partialThrough)
  const options = {...parsed, team: await resolveAnalysisTeam(store, flags.team)}
  return analyze(await gatherAnalysisInput(store, options), options)
}
