import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {ToilError} from '../../domain/errors.js'
import {parseName} from '../../domain/inputs.js'
import {missingTeam} from '../../domain/task-input.js'

export interface TeamRmResult {
  team: string
  tasksRemoved: number
  entriesRemoved: number
  backup: string
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export default class TeamRm extends BaseCommand<typeof TeamRm> {
  static override summary = 'Remove a team, with its tasks and entries when forced.'
  static override description = `Remove a team and its capacity and toil budget, after taking a backup of the database (its path is printed; toil keeps the last five). A team that still has tasks or entries is only removed with --force, which removes them too. To keep its work under another name, use toil team rename instead.`
  static override examples = [
    {command: '<%= config.bin %> team rm ser', description: 'A team created by a typo, with nothing in it.'},
    {command: '<%= config.bin %> team rm sandbox --force', description: 'A team and all its tasks and entries.'},
  ]
  static override args = {
    name: Args.string({description: 'Team name (case-insensitive).', required: true}),
  }
  static override flags = {
    force: Flags.boolean({char: 'f', aliases: ['yes'], description: 'Remove the team even though it has tasks or entries, and them with it.', default: false}),
  }

  public async run(): Promise<TeamRmResult> {
    const name = parseName(this.args.name, 'team')
    const store = await this.store()
    const teams = await store.listTeams()
    const team = teams.find((t) => t.toLowerCase() === name.toLowerCase())
    if (team === undefined) throw missingTeam(name, teams)
    // Counted, backed up and removed in one transaction.
    const result = await store.removeTeam(team, {withEntries: this.flags.force})
    if (!result.removed) {
      const what = `${plural(result.tasks, 'task', 'tasks')} and ${plural(result.entries, 'entry', 'entries')}`
      throw new ToilError('invalid-input', `team: ${JSON.stringify(team)} has ${what} that would be deleted with it; pass --force to remove them, or use toil team rename to keep them`)
    }
    const {tasksRemoved, entriesRemoved, backup} = result
    this.log(`Removed team ${team}, ${plural(tasksRemoved, 'task', 'tasks')} and ${plural(entriesRemoved, 'entry', 'entries')}.\nBackup: ${backup}`)
    return {team, tasksRemoved, entriesRemoved, backup}
  }
}
