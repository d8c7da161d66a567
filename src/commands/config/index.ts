import {CONFIG_ENV, CONFIG_KEYS, configPath} from '../../config.js'
import {type Effective, effective} from '../../app/settings.js'
import {BaseCommand} from '../../base.js'
import {renderTable} from '../../render/table.js'

export interface ConfigListResult {
  file: string
  settings: Effective[]
}

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'Show the settings toil uses, and where each comes from.'
  static override description = `The defaults of --db, --team and --engineer: each from its environment variable (${CONFIG_KEYS.map((k) => `${k}: $${CONFIG_ENV[k]}`).join(', ')}), else the config file, else toil's own default. A flag beats all three. toil config set writes the file.`
  static override aliases = ['config:list']
  static override examples = [
    {command: '<%= config.bin %> config', description: 'Every setting, its value and its source.'},
    {command: '<%= config.bin %> config set db postgres://toil@db.internal/toil', description: 'Point every command at the team database.'},
  ]

  public async run(): Promise<ConfigListResult> {
    const settings = CONFIG_KEYS.map(effective)
    const source = (s: Effective) => (s.source === 'env' ? `$${CONFIG_ENV[s.key]}` : s.source === 'config' ? 'config file' : 'default')
    const rows = settings.map((s) => [s.key, s.value ?? '(the team you logged for last, else default)', source(s)])
    this.log(`${renderTable(['Setting', 'Value', 'From'], rows)}\nConfig file: ${configPath()}`)
    return {file: configPath(), settings}
  }
}
