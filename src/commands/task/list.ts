import {Flags} from '@oclif/core'

import {viewTeam} from '../../app/teams.js'
import {BaseCommand} from '../../base.js'
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
    team: Flags.string({char: 't', description: "Only this team (default: $TOIL_TEAM, else the config file's team, else all teams).", helpValue: 'TEAM'}),
    'all-teams': Flags.boolean({description: 'Every team, whatever the default team.', exclusive: ['team']}),
    category: Flags.option({options: CATEGORIES, char: 'c', description: 'Only this category.'})(),
    status: Flags.option({options: STATUSES, description: 'Only this status.'})(),
  }

  public async run(): Promise<TaskListResult> {
    const {flags} = this
    const store = await this.store({readonly: true})
    const team = (await viewTeam(store, flags)) ?? undefined
    const all = await store.listTasks({team})
    const tasks = all.filter((t) => (flags.category === undefined || t.category === flags.category) && (flags.status === undefined || t.status === flags.status))
    if (tasks.length > 0) this.log(taskTable(tasks))
    else this.log(all.length === 0 ? 'No tasks yet: toil task add or toil log creates one.' : 'No task matches --category and --status.')
    return {tasks: tasks.map(taskJson)}
  }
}
