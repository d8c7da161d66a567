import {Args} from '@oclif/core'

import {scopeFlags} from '../analysis-flags.js'
import {analyzeFromFlags} from '../app/analysis.js'
import {BaseCommand} from '../base.js'
import {type ClassifyJson, classifyJson} from '../domain/analysis/json.js'
import {ToilError} from '../domain/errors.js'
import {nearMatch, parseName} from '../domain/inputs.js'
import {renderClassify} from '../render/analysis.js'

export default class Classify extends BaseCommand<typeof Classify> {
  static override summary = 'Classify tasks as toil against the six criteria of the SRE book.'
  static override description = `Judge each task (or TASK) against the toil criteria: manual, repetitive, automatable, tactical, no enduring value, scales with growth. Answers given with toil task edit win; where unanswered, repetitive is inferred from the task's whole history up to the as-of day (3 or more times, or declared at least quarterly), tactical and scales from the window's months.

The verdict is the first rule that applies: overhead (category overhead); not-toil (manual, automatable or no-enduring-value answered no); toil (4 or more yes); possible-toil (yes plus unknown still 4 or more: answers could make it toil, so it is listed under needs answers, by hours, with the command that answers it); else not-toil.`
  static override examples = [
    {command: '<%= config.bin %> classify', description: 'Every task of every team.'},
    {command: '<%= config.bin %> classify "restart payments worker" --team platform', description: 'One task, with the reason for each criterion.'},
    {command: '<%= config.bin %> classify --team platform --as-of 2026-11-20 --window 3', description: 'As of a past day, inferring from three months.'},
  ]
  static override args = {
    task: Args.string({description: 'Only this task (case-insensitive); shows each criterion\'s reason.'}),
  }
  static override flags = {...scopeFlags}

  public async run(): Promise<ClassifyJson> {
    const {args, flags} = this
    const asOf = this.today(flags['as-of'])
    const name = args.task === undefined ? undefined : parseName(args.task, 'task')
    const analysis = await analyzeFromFlags(await this.store({readonly: true}), flags, asOf)
    const team = analysis.team
    let tasks = analysis.tasks
    if (name !== undefined) {
      tasks = tasks.filter((t) => t.task.toLowerCase() === name.toLowerCase())
      if (tasks.length === 0) {
        const near = nearMatch(name, analysis.tasks.map((t) => t.task))
        const hint = near === undefined ? '; toil task list shows the tasks' : `; did you mean ${JSON.stringify(near)}?`
        throw new ToilError('not-found', `task: ${JSON.stringify(name)} is not a task of ${team === null ? 'any team' : `team ${team}`}${hint}`)
      }
    }
    this.log(renderClassify(analysis, tasks, name !== undefined))
    return classifyJson(analysis, tasks)
  }
}
