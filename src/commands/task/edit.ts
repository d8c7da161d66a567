import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {todayLocal} from '../../domain/calendar.js'
import {ToilError} from '../../domain/errors.js'
import {parseName} from '../../domain/inputs.js'
import {UNSET_FIELDS, parseTaskPatch} from '../../domain/task-input.js'
import {type TaskChange, type TaskJson, formatChanges, taskChanges, taskJson} from '../../render/task.js'
import {taskFlags} from './add.js'
import {requireTask} from './show.js'

export interface TaskEditResult {
  task: TaskJson
  changes: TaskChange[]
}

export default class TaskEdit extends BaseCommand<typeof TaskEdit> {
  static override summary = 'Change a task: its name, category, criteria, frequency, estimate or status.'
  static override description = `Change only what the flags give and print each change as before → after. --unset returns a criterion to unknown (an answer withdrawn) or clears the frequency, duration or cost estimate.

Renaming onto another task's name is refused: toil task merge moves one task's entries into the other.`
  static override examples = [
    {command: '<%= config.bin %> task edit "restart payments worker" --manual --automatable --no-enduring-value', description: 'Answer three criteria.'},
    {command: '<%= config.bin %> task edit "restart payments worker" --unset automatable --unset cost', description: 'Withdraw an answer and the cost estimate.'},
    {command: '<%= config.bin %> task edit "rotate TLS certs" --status automated --since 2026-03-02', description: 'The automation went live on 2 March.'},
    {command: '<%= config.bin %> task edit "rotate certs" --name "rotate TLS certs"', description: 'Rename.'},
  ]
  static override args = {
    name: Args.string({description: 'Task name (case-insensitive).', required: true}),
  }
  static override flags = {
    ...taskFlags,
    name: Flags.string({char: 'N', description: 'New name (unique in the team, case-insensitive).', helpValue: 'NEW'}),
    unset: Flags.option({options: UNSET_FIELDS, multiple: true, description: 'Return a criterion to unknown, or clear every, duration or cost; repeatable.'})(),
  }

  public async run(): Promise<TaskEditResult> {
    const {args, flags} = this
    const newName = flags.name === undefined ? undefined : parseName(flags.name, 'name')
    const store = await this.store()
    const task = await requireTask(store, flags.team, await this.me(store), args.name)
    const patch = parseTaskPatch(task, {...flags, name: newName}, todayLocal())
    if (newName !== undefined) {
      const other = await store.findTask(task.team, newName)
      if (other && other.id !== task.id) {
        throw new ToilError('conflict', `name: ${JSON.stringify(newName)} is already a task of team ${task.team}; to combine them run toil task merge ${JSON.stringify(task.name)} ${JSON.stringify(other.name)}`)
      }
    }
    const updated = await store.updateTask(task.id, patch)
    const changes = taskChanges(task, updated)
    this.log(changes.length === 0 ? `No change to ${JSON.stringify(task.name)}: it already had those values.` : `Changed ${JSON.stringify(updated.name)} (team ${updated.team}):\n${formatChanges(changes)}`)
    return {task: taskJson(updated), changes}
  }
}
