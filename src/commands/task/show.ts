import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {roundHours} from '../../domain/duration.js'
import {parseName} from '../../domain/inputs.js'
import {missingTask} from '../../domain/task-input.js'
import type {Task} from '../../domain/types.js'
import {type TaskJson, taskDetails, taskJson} from '../../render/task.js'
import type {Store, TaskTotals} from '../../store/store.js'
import {resolveTeam} from '../../app/teams.js'

/** The task NAME of the resolved team; refuses an unknown one, naming where it is or what is close. */
export async function requireTask(store: Store, teamFlag: string | undefined, engineer: string, input: string, field = 'task'): Promise<Task> {
  const name = parseName(input, field)
  const team = await resolveTeam(store, teamFlag, engineer)
  const task = await store.findTask(team, name)
  if (task) return task
  const teamsWithName = (await store.listTasks()).filter((t) => t.name.toLowerCase() === name.toLowerCase()).map((t) => t.team)
  throw missingTask(name, team, await store.taskNames(team), await store.listTeams(), teamsWithName)
}

export interface TaskShowResult {
  task: TaskJson
  totals: TaskTotals
}

export default class TaskShow extends BaseCommand<typeof TaskShow> {
  static override summary = 'Show every field of a task and what has been logged for it.'
  static override description = 'Show a task: category, status, declared frequency and duration, automation estimate, the six toil criteria as answered, and its logged entries, occurrences, hours and first and last day.'
  static override examples = [
    {command: '<%= config.bin %> task show "restart payments worker"', description: 'A task of your team.'},
    {command: '<%= config.bin %> task show "capacity review" --team platform --json', description: 'Another team\'s task, as JSON.'},
  ]
  static override args = {
    name: Args.string({description: 'Task name (case-insensitive).', required: true}),
  }
  static override flags = {
    team: Flags.string({char: 't', description: 'Team (default: $TOIL_TEAM, else your last team, else "default").', helpValue: 'TEAM'}),
  }

  public async run(): Promise<TaskShowResult> {
    const store = await this.store({readonly: true})
    const task = await requireTask(store, this.flags.team, await this.me(store), this.args.name)
    const raw = await store.taskTotals(task.id)
    const totals = {...raw, hours: roundHours(raw.hours)}
    this.log(taskDetails(task, totals))
    return {task: taskJson(task), totals}
  }
}
