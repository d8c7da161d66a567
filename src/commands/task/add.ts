import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {todayLocal} from '../../domain/calendar.js'
import {parseName} from '../../domain/inputs.js'
import {nearName} from '../../domain/names.js'
import {missingTeam, parseTaskFields} from '../../domain/task-input.js'
import {CATEGORIES, CRITERIA, STATUSES} from '../../domain/types.js'
import {CRITERION_LABELS, type TaskJson, criteriaCode, taskJson} from '../../render/task.js'
import {resolveTeam} from '../../app/teams.js'

const answer = (flag: string, yes: string, no: string) => Flags.boolean({allowNo: true, helpGroup: 'CRITERIA', description: `${yes}; --no-${flag}: ${no}.`})

/** The flags `task add` and `task edit` share. */
export const taskFlags = {
  team: Flags.string({char: 't', description: 'Team (default: $TOIL_TEAM, else your last team, else "default").', helpValue: 'TEAM'}),
  category: Flags.option({options: CATEGORIES, char: 'c', description: 'Kind of work; overhead (meetings, planning) is never toil.'})(),
  manual: answer('manual', 'Done by hand', 'it is not'),
  repetitive: answer('repetitive', 'Done over and over', 'it is not'),
  automatable: answer('automatable', 'A machine could do it', 'it needs human judgment'),
  tactical: answer('tactical', 'Interrupt-driven and reactive', 'it is planned'),
  'enduring-value': Flags.boolean({allowNo: true, helpGroup: 'CRITERIA', description: 'The work leaves lasting value; --no-enduring-value: it leaves nothing lasting (a toil criterion).'}),
  scales: answer('scales', 'Grows linearly with the service', 'it does not'),
  every: Flags.string({description: 'Declared frequency: daily, weekly, 3/week, 10/month, "every 2 weeks".', helpValue: 'FREQ'}),
  duration: Flags.string({description: 'Typical hands-on time per occurrence: 15m, 1h30m.', helpValue: 'DURATION'}),
  cost: Flags.string({helpGroup: 'AUTOMATION', description: 'Estimated work to automate it: 16h, 3d (8 h days).', helpValue: 'HOURS'}),
  reduction: Flags.string({helpGroup: 'AUTOMATION', description: 'Share of the work automation removes (default 100%).', helpValue: 'PERCENT'}),
  maintenance: Flags.string({helpGroup: 'AUTOMATION', description: 'Upkeep of the automation per month (default 0h).', helpValue: 'HOURS'}),
  status: Flags.option({options: STATUSES, description: 'Where its automation stands (default active).'})(),
  since: Flags.string({description: 'With --status automated: the day the automation went live (default today).', helpValue: 'DAY'}),
}

export interface TaskAddResult {
  task: TaskJson
}

export default class TaskAdd extends BaseCommand<typeof TaskAdd> {
  static override summary = 'Add a task: a kind of manual work, with its toil criteria.'
  static override description = `Add a named kind of manual work to a team, answering as many of the six toil criteria as you know. A criterion not given stays unknown; the analyzer infers repetitive, tactical and scales from what is logged.

Toil time is hands-on time, not elapsed time: give --duration as the minutes someone spends on it, not how long a script runs.`
  static override examples = [
    {command: '<%= config.bin %> task add "rotate TLS certs" --category release --manual --repetitive --automatable --no-enduring-value --every monthly --duration 1h', description: 'A monthly chore that is toil by every measure.'},
    {command: '<%= config.bin %> task add "capacity review" --team platform --category overhead --every quarterly', description: 'Overhead for another team.'},
    {command: '<%= config.bin %> task add "restart payments worker" --category oncall --cost 16h --reduction 80% --maintenance 1h', description: 'With an automation estimate.'},
  ]
  static override args = {
    name: Args.string({description: 'Task name, unique in its team (case-insensitive).', required: true}),
  }
  static override flags = taskFlags

  public async run(): Promise<TaskAddResult> {
    const {args, flags} = this
    const name = parseName(args.name, 'task')
    const fields = parseTaskFields(flags, todayLocal())
    const store = await this.store()
    const team = await resolveTeam(store, flags.team, await this.me(store))
    const teams = await store.listTeams()
    // A new team one typo away from an existing one is a mistake far more often than a new team.
    if (!teams.some((t) => t.toLowerCase() === team.toLowerCase()) && nearName(team, teams) !== undefined) throw missingTeam(team, teams)
    const task = await store.addTask({team, name, ...fields})
    const unanswered = CRITERIA.filter((c) => task.criteria[c] === 'unknown').map((c) => CRITERION_LABELS[c])
    this.log(`Added task ${JSON.stringify(task.name)} to team ${task.team}: ${task.category}, ${task.status}, criteria ${criteriaCode(task.criteria)}`)
    if (unanswered.length > 0) this.log(`Unanswered: ${unanswered.join(', ')} (answer with toil task edit)`)
    return {task: taskJson(task)}
  }
}
