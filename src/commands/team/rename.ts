import {Args} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {ToilError} from '../../domain/errors.js'
import {parseName} from '../../domain/inputs.js'
import {missingTeam} from '../../domain/task-input.js'

export interface TeamRenameResult {
  from: string
  to: string
}

export default class TeamRename extends BaseCommand<typeof TeamRename> {
  static override summary = 'Rename a team, keeping its tasks, entries, capacity and budget.'
  static override description = `Give a team another name: its tasks, entries, capacity periods and toil budget stay with it. A name another team already has is refused; to move one team's work into another, move its tasks with toil task merge, then remove it with toil team rm. Changing only the case of the name is allowed.`
  static override examples = [
    {command: '<%= config.bin %> team rename ser sre', description: 'Fix a team created by a typo.'},
    {command: '<%= config.bin %> team rename platform infra --json', description: 'As JSON.'},
  ]
  static override args = {
    old: Args.string({description: 'The team\'s name now (case-insensitive).', required: true}),
    new: Args.string({description: 'Its new name.', required: true}),
  }

  public async run(): Promise<TeamRenameResult> {
    const from = parseName(this.args.old, 'team')
    const to = parseName(this.args.new, 'new name')
    const store = await this.store()
    const teams = await store.listTeams()
    const existing = teams.find((t) => t.toLowerCase() === from.toLowerCase())
    if (existing === undefined) throw missingTeam(from, teams)
    const clash = teams.find((t) => t.toLowerCase() === to.toLowerCase())
    if (clash !== undefined && clash !== existing) {
      throw new ToilError('conflict', `new name: ${JSON.stringify(to)} is already a team (${JSON.stringify(clash)}); move tasks into it with toil task merge, then toil team rm ${JSON.stringify(existing)}`)
    }
    if (existing === to) throw new ToilError('invalid-input', `new name: ${JSON.stringify(to)} is the team's name already`)
    await store.renameTeam(existing, to)
    this.log(`Renamed team ${existing} to ${to}.`)
    return {from: existing, to}
  }
}
