import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {ToilError} from '../../domain/errors.js'
import {requireTask} from './show.js'

export interface TaskRmResult {
  task: string
  team: string
  entriesRemoved: number
  backup: string
}

export default class TaskRm extends BaseCommand<typeof TaskRm> {
  static override summary = 'Remove a task and its logged entries.'
  static override description = `Remove a task and every entry logged for it, after taking a backup of the database (its path is printed; toil keeps the last five). A task with entries is only removed with --yes. To keep the entries under another task, use toil task merge instead.`
  static override examples = [
    {command: '<%= config.bin %> task rm "test task"', description: 'A task with no entries.'},
    {command: '<%= config.bin %> task rm "old cron babysitting" --team platform --yes', description: 'A task and its entries.'},
  ]
  static override args = {
    name: Args.string({description: 'Task name (case-insensitive).', required: true}),
  }
  static override flags = {
    team: Flags.string({char: 't', description: 'Team (default: $TOIL_TEAM, else your last team, else "default").', helpValue: 'TEAM'}),
    yes: Flags.boolean({char: 'y', description: 'Remove the task even though it has entries.', default: false}),
  }

  public async run(): Promise<TaskRmResult> {
    const store = await this.store()
    const task = await requireTask(store, this.flags.team, await this.me(store), this.args.name)
    // Counted, backed up and removed in one transaction.
    const result = await store.removeTask(task.id, {withEntries: this.flags.yes})
    if (!result.removed) {
      const {entries} = result
      throw new ToilError('invalid-input', `task: ${JSON.stringify(task.name)} has ${entries} ${entries === 1 ? 'entry' : 'entries'} that would be deleted with it; pass --yes to remove them, or use toil task merge to keep them`)
    }
    const {entriesRemoved: removed, backup} = result
    this.log(`Removed task ${JSON.stringify(task.name)} of team ${task.team} and ${removed} ${removed === 1 ? 'entry' : 'entries'}.\nBackup: ${backup}`)
    return {task: task.name, team: task.team, entriesRemoved: removed, backup}
  }
}
