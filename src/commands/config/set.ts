import {Args} from '@oclif/core'

import {parseConfigKey} from '../../config.js'
import {setSetting} from '../../app/settings.js'
import {BaseCommand} from '../../base.js'
import {redactUrl} from '../../store/url.js'
import {termText} from '../../render/text.js'

export default class ConfigSet extends BaseCommand<typeof ConfigSet> {
  static override summary = 'Set a default in the config file.'
  static override description = 'Writes db (a database file or a team database URL), team or engineer to $XDG_CONFIG_HOME/toil/config.json (~/.config/toil/config.json), readable by you only. The environment variable of the same setting, and a flag, still win.'
  static override examples = [
    {command: '<%= config.bin %> config set team payments', description: 'Log for payments without --team.'},
    {command: '<%= config.bin %> config set db postgres://toil@db.internal/toil', description: 'Use the team database.'},
    {command: '<%= config.bin %> config set engineer alice', description: 'Your name on entries.'},
  ]
  static override args = {
    key: Args.string({description: 'db, team or engineer.', required: true}),
    value: Args.string({description: 'The value.', required: true}),
  }

  public async run(): Promise<{key: string; value: string; file: string}> {
    const key = parseConfigKey(this.args.key)
    const file = setSetting(key, this.args.value)
    const value = key === 'db' ? redactUrl(this.args.value.trim()) : this.args.value.trim()
    this.log(termText(`${key} = ${value} (in ${file})`))
    return {key, value, file}
  }
}
