import {Args} from '@oclif/core'

import {parseConfigKey} from '../../config.js'
import {unsetSetting} from '../../app/settings.js'
import {BaseCommand} from '../../base.js'

export default class ConfigUnset extends BaseCommand<typeof ConfigUnset> {
  static override summary = 'Remove a default from the config file.'
  static override examples = [{command: '<%= config.bin %> config unset team', description: 'Back to the team you logged for last.'}]
  static override args = {key: Args.string({description: 'db, team or engineer.', required: true})}

  public async run(): Promise<{key: string; removed: boolean; file: string}> {
    const key = parseConfigKey(this.args.key)
    const {path, removed} = unsetSetting(key)
    this.log(removed ? `${key} removed from ${path}` : `${key} was not set in ${path}`)
    return {key, removed, file: path}
  }
}
