import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {ToilError} from '../../domain/errors.js'
import {requireTask} from './show.js'

export interface TaskMergeResult {
  from: string
  into: string
  team: string
  entriesMoved: number
  backup: string
}

export default class TaskMerge extends BaseCommand<typeof TaskMerge> {
  static override summary = 'Move one task\'s entries into another and remove the first.'
  static override description = `Move every entry of FROM into INTO and remove FROM, after taking a backup of the database (its path is printed). INTO keeps its own category, criteria and estimate. Both tasks must be of the same team: use it for duplicates such as a typo logged with --new.`
  static override examples = [
    {command: '<%= config.bin %> task merge "restart payment worker" "restart payments worker"', description: 'Fold a misspelt duplicate into the real task.'},
    {command: '<%= config.bin %> task merge "cert renewal" "rotate TLS certs" --team platform', description: 'In another team.'},
  ]
  static override args = {
    from: Args.string({description: 'Task whose entries move; it is removed.', required: true}),
    into: Args.string({description: 'Task that receives the entries.', required: true}),
  }
  static override flags = {
    team: Flags.string({char: 't', description: 'Team of both tasks (default: $TOIL_TEAM, else your last team, else "default").', helpValue: 'TEAM'}),
  }

  public async run(): Promise<TaskMergeResult> {
    const store = await this.store()
    const engineer = await this.me(store)
    const from = await requireTask(store, this.flags.team, engineer, this.args.from, 'from')
    const into = await requireTask(store, this.flags.team, engineer, this.args.into, 'into')
    if (from.id === into.id) throw new ToilError('invalid-input', `into: ${JSON.stringify(this.args.into)} is the same task as ${JSON.stringify(this.args.from)}; merge two different tasks`)
    const {entriesMoved: moved, backup} = await store.mergeTasks(from.id, into.id)
    this.log(`Moved ${moved} ${moved === 1 ? 'entry' : 'entries'} from ${JSON.stringify(from.name)} into ${JSON.stringify(into.name)} (team ${into.team}) and removed ${JSON.stringify(from.name)}.\nBackup: ${backup}`)
    return {from: from.name, into: into.name, team: into.team, entriesMoved: moved, backup}
  }
}
