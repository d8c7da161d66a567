import {horizonFlag, overrunFlag, scopeFlags} from '../analysis-flags.js'
import {analyzeFromFlags} from '../app/analysis.js'
import {BaseCommand} from '../base.js'
import {type CandidatesJson, candidatesJson} from '../domain/analysis/json.js'
import {renderCandidates} from '../render/analysis.js'

export default class Candidates extends BaseCommand<typeof Candidates> {
  static override summary = 'Rank automation candidates by payback.'
  static override description = `List the active tasks classified toil or possible-toil with what automating them buys back. Rate: hours logged over the window ÷ its months (or, with nothing logged, declared frequency × duration). Saved = rate × reduction; net = saved − maintenance; payback = cost × overrun ÷ net; break-even = net × horizon, the most work that pays back within the horizon.

Tasks with a cost estimate rank by payback, then tasks without one by break-even; tasks whose maintenance eats their savings come last, marked "never pays". Estimates are set with toil task edit --cost --reduction --maintenance.`
  static override examples = [
    {command: '<%= config.bin %> candidates --team platform', description: 'Where automation pays back first.'},
    {command: '<%= config.bin %> candidates --overrun 1.3 --horizon 24', description: 'With the usual 30% overrun on estimates, over two years.'},
  ]
  static override flags = {...scopeFlags, ...horizonFlag, ...overrunFlag}

  public async run(): Promise<CandidatesJson> {
    const {flags} = this
    const asOf = this.today(flags['as-of'])
    const analysis = await analyzeFromFlags(await this.store(), flags, asOf)
    this.log(renderCandidates(analysis))
    return candidatesJson(analysis)
  }
}
