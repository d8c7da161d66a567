import {basisFlag, forecastFlags, horizonFlag, overrunFlag, scopeFlags} from '../analysis-flags.js'
import {analyzeEachTeam, analyzeFromFlags} from '../app/analysis.js'
import {BaseCommand} from '../base.js'
import {type ForecastJson, type TeamStatusJson, forecastJson, teamStatusJson} from '../domain/analysis/json.js'
import {renderForecast} from '../render/analysis.js'

export default class Forecast extends BaseCommand<typeof Forecast> {
  static override summary = 'Project the toil share of capacity against the 50% bankruptcy threshold.'
  static override description = `Show each complete month of the window (toil hours, the possible-toil range, capacity, share, operational share) and project the share --horizon months ahead, kept within 0–100%: a least-squares trend through the complete months since the team began logging, or with --growth the growth model share₀ × ((1 + growth) ÷ (1 + headcount growth))^months, share₀ being the mean of the last 3 months.

The status is bankrupt (the mean share of the last 3 logged months is at or above --threshold; a single month over is named, not called bankrupt), crossing (with the month), stable, or insufficient-data (fewer than 3 logged months with capacity). Months before a team logged show as not logging yet and count for nothing. --automate N refits the trend as if the top N candidates that pay back within the horizon had been automated. --basis operational judges toil plus on-call and interrupt work instead. Capacity not set with toil team set is assumed (40 h/week for each engineer who logged, split across teams by their hours) and marked so.`
  static override examples = [
    {command: '<%= config.bin %> forecast --team platform', description: 'When does the team cross 50%?'},
    {command: '<%= config.bin %> forecast --all-teams', description: 'All teams together, with each team\'s own status.'},
    {command: '<%= config.bin %> forecast --team platform --automate 3', description: 'And if the top three candidates were automated now?'},
    {command: '<%= config.bin %> forecast --growth 4% --headcount-growth 1% --horizon 24', description: 'Toil growing with the service, 4% a month, against 1% more people a month.'},
    {command: '<%= config.bin %> forecast --threshold 40% --as-of 2026-11-20', description: 'A stricter ceiling, as of a past day.'},
    {command: '<%= config.bin %> forecast --team platform --basis operational', description: 'All operational work against the 50% cap, not toil alone.'},
  ]
  static override flags = {...scopeFlags, ...horizonFlag, ...forecastFlags, ...basisFlag, ...overrunFlag}

  public async run(): Promise<ForecastJson & {byTeam: TeamStatusJson[]}> {
    const {flags} = this
    const asOf = this.today(flags['as-of'])
    const store = await this.store({readonly: true})
    const analysis = await analyzeFromFlags(store, flags, asOf)
    const each = await analyzeEachTeam(store, analysis)
    this.log(renderForecast(analysis, each))
    return {...forecastJson(analysis), byTeam: each.map(teamStatusJson)}
  }
}
