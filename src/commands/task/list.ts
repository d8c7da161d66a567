import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {parseName} from '../../domain/inputs.js'
import {requireTeam} from '../../domain/task-input.js'
import {CATEGORIES, STATUSES} from '../../domain/types.js'
import {type TaskJson, taskJson, taskTable} from '../../render/task.js'

export interface TaskListResult {
  tasks: TaskJson[]
}

export default class TaskList extends BaseCommand<typeof TaskList> {
  static override summary = 'List tasks with their category, status and toil criteria.'
  static override description = `List the tasks of every team, or of one with --team. The criteria column has one letter a criterion, in the order manual, repetitive, automatable, tactical, no enduring value, scales: Y yes, N no, ? unknown (answers only; toil classify shows what is inferred).`
  static override examples = [
    {command: '<%= config.bin %> task list', description: 'Every task of every team.'},
    {command: '<%= config.bin %> task list --team platform --status active', description: 'Active tasks of one team.'},
    {command: '<%= config.bin %> task list --category oncall --json', description: 'On-call tasks, as JSON.'},
  ]
  static override flags = {
    team: Flags.string({char: 't', description: 'Only this team (default: all teams).', helpValue: 'TEAM'}),
    category: Flags.option({options: CATEGORIES, char: 'c', description: 'Only this category.'})(),
    status: Flags.option({options: STATUSES, description: 'Only this status.'})(),
  }

  public async run(): Promise<TaskListResult> {
    const {flags} = this
    const store = await this.store({readonly: true})
    const team = flags.team === undefined ? undefined : requireTeam(parseName(flags.team, 'team'), await store.listTeams())
    const all = await store.listTasks({team})
    const tasks = all.filter((t) => (flags.category === undefined || t.category === flags.category) && (flags.status === undefined || t.status === flags.status))
    if (tasks.length > 0) this.log(taskTable(tasks))
    else this.log(all.length === 0 ? 'No tasks yet: toil task add or toil log creates one.' : 'No task matches --category and --status.')
    return {tasks: tasks.map(taskJson)}
  }
}
