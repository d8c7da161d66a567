import {horizonFlag, overrunFlag, scopeFlags, sortFlag} from '../analysis-flags.js'
import {analyzeFromFlags} from '../app/analysis.js'
import {BaseCommand} from '../base.js'
import {type CandidatesJson, candidatesJson} from '../domain/analysis/json.js'
import {renderCandidates} from '../render/analysis.js'

export default class Candidates extends BaseCommand<typeof Candidates> {
  static override summary = 'Rank automation candidates by payback.'
  static override description = `List the tasks classified toil or possible-toil, active as of the day, with what automating them buys back. Rate: hours logged in the months the task could have happened in (from its first entry, and only months the team was logging) ÷ those months; with nothing logged there, declared frequency × duration. Saved = rate × reduction; net = saved − maintenance; payback = cost × overrun ÷ net; break-even = net × horizon, the most work that pays back within the horizon.

With --sort payback (the default): estimated tasks paying back within the horizon by payback, then unestimated tasks by break-even, then estimated tasks paying back only later, then tasks whose maintenance eats their savings ("never pays"). --sort net ranks by hours back over the horizon, --sort hours by rate. Estimates are set with toil task edit --cost --reduction --maintenance.`
  static override examples = [
    {command: '<%= config.bin %> candidates --team platform', description: 'Where automation pays back first.'},
    {command: '<%= config.bin %> candidates --overrun 1.3 --horizon 24', description: 'With the usual 30% overrun on estimates, over two years.'},
    {command: '<%= config.bin %> candidates --sort net', description: 'Most hours back over the horizon first.'},
  ]
  static override flags = {...scopeFlags, ...horizonFlag, ...overrunFlag, ...sortFlag}

  public async run(): Promise<CandidatesJson> {
    const {flags} = this
    const asOf = this.today(flags['as-of'])
    const analysis = await analyzeFromFlags(await this.store({readonly: true}), flags, asOf)
    this.log(renderCandidates(analysis))
    return candidatesJson(analysis)
  }
}
