import {Args} from '@oclif/core'

import {parseConfigKey} from '../../config.js'
import {type Effective, effective} from '../../app/settings.js'
import {BaseCommand} from '../../base.js'

export default class ConfigGet extends BaseCommand<typeof ConfigGet> {
  static override summary = 'Print the value toil uses for one setting.'
  static override description = 'The value of db, team or engineer as commands use it when no flag is given (from its environment variable, the config file, or the default); nothing for team when none is set (commands then take the team you logged for last). A URL\'s password is never printed.'
  static override examples = [{command: '<%= config.bin %> config get team', description: 'Your default team.'}]
  static override args = {key: Args.string({description: 'db, team or engineer.', required: true})}

  public async run(): Promise<Effective> {
    const found = effective(parseConfigKey(this.args.key))
    if (found.value !== null) this.log(found.value)
    return found
  }
}
