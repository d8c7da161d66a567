import {forecastFlags, horizonFlag, overrunFlag, scopeFlags} from '../analysis-flags.js'
import {analyzeFromFlags} from '../app/analysis.js'
import {BaseCommand} from '../base.js'
import {type ForecastJson, forecastJson} from '../domain/analysis/json.js'
import {renderForecast} from '../render/analysis.js'

export default class Forecast extends BaseCommand<typeof Forecast> {
  static override summary = 'Project the toil share of capacity against the 50% bankruptcy threshold.'
  static override description = `Show each complete month of the window (toil hours, the possible-toil range, capacity, share, operational share) and project the share --horizon months ahead: a least-squares trend through the window's months, or with --growth the growth model share × ((1 + growth) ÷ (1 + headcount growth))^months.

The status is bankrupt (the last complete month is at or above --threshold), crossing (with the month), stable, or insufficient-data (fewer than 3 months with capacity and logged work). --automate N shows the projection with the top N automation candidates done now. Capacity not set with toil team set is assumed (40 h/week for each engineer who logged) and marked so.`
  static override examples = [
    {command: '<%= config.bin %> forecast --team platform', description: 'When does the team cross 50%?'},
    {command: '<%= config.bin %> forecast --team platform --automate 3', description: 'And if the top three candidates were automated now?'},
    {command: '<%= config.bin %> forecast --growth 4% --headcount-growth 1% --horizon 24', description: 'Toil growing with the service, 4% a month, against 1% more people a month.'},
    {command: '<%= config.bin %> forecast --threshold 40% --as-of 2026-11-20', description: 'A stricter ceiling, as of a past day.'},
  ]
  static override flags = {...scopeFlags, ...horizonFlag, ...forecastFlags, ...overrunFlag}

  public async run(): Promise<ForecastJson> {
    const {flags} = this
    const asOf = this.today(flags['as-of'])
    const analysis = await analyzeFromFlags(await this.store(), flags, asOf)
    this.log(renderForecast(analysis))
    return forecastJson(analysis)
  }
}
