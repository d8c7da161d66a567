import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {todayLocal} from '../../domain/calendar.js'
import {roundHours} from '../../domain/duration.js'
import {nearMatch, parseName} from '../../domain/inputs.js'
import {capacityHoursOfMonth, missingTeam, parseCapacity, rotationFloor} from '../../domain/task-input.js'
import {describeCapacity} from '../../render/task.js'

export interface TeamSetResult {
  team: string
  capacity: {fromMonth: string; members: number; hoursPerWeek: number; rotation: number | null; shifts: number | null}
  /** Capacity hours of the from-month. */
  capacityHours: number
  /** Shifts ÷ rotation, null without a rotation. */
  onCallFloor: number | null
  teamCreated: boolean
}

export default class TeamSet extends BaseCommand<typeof TeamSet> {
  static override summary = 'Set a team\'s capacity from a month on, and its on-call rotation.'
  static override description = `Record that from a month on (default: this month) the team has --members engineers working --hours-per-week each. A month's capacity is members × hours per week × days in the month ÷ 7; toil shares are measured against it. Months before the first period set use an assumed capacity (40 h/week for each engineer who logged).

With --rotation N --shifts S (S of N people on call at once), reports show the on-call floor S ÷ N: the operational load no automation of tasks can remove. Each period stands alone: a period set without a rotation has none.`
  static override examples = [
    {command: '<%= config.bin %> team set platform --members 6 --hours-per-week 40', description: 'Six engineers from this month on.'},
    {command: '<%= config.bin %> team set platform --members 7 --hours-per-week 40 --from 2026-01 --rotation 6 --shifts 2', description: 'From January, with a primary/secondary rotation of six.'},
  ]
  static override args = {
    name: Args.string({description: 'Team name (created when new).', required: true}),
  }
  static override flags = {
    members: Flags.string({char: 'm', description: 'Engineers in the team.', required: true, helpValue: 'N'}),
    'hours-per-week': Flags.string({char: 'w', description: 'Working hours of each engineer per week, e.g. 40 or 37.5.', required: true, helpValue: 'H'}),
    from: Flags.string({description: 'First month of this capacity: YYYY-MM, this or last (default: this month).', helpValue: 'YYYY-MM'}),
    rotation: Flags.string({description: 'People in the on-call rotation (with --shifts).', helpValue: 'N'}),
    shifts: Flags.string({description: 'How many of the rotation are on call at once, e.g. 2 for primary and secondary (with --rotation).', helpValue: 'S'}),
    new: Flags.boolean({description: 'Create the team even if its name is close to an existing one.', default: false}),
  }

  public async run(): Promise<TeamSetResult> {
    const {args, flags} = this
    const name = parseName(args.name, 'team')
    const period = parseCapacity(name, {members: flags.members, hoursPerWeek: flags['hours-per-week'], from: flags.from, rotation: flags.rotation, shifts: flags.shifts}, todayLocal())
    const store = await this.store()
    const teams = await store.listTeams()
    const existing = teams.find((t) => t.toLowerCase() === name.toLowerCase())
    if (existing === undefined && !flags.new && nearMatch(name, teams) !== undefined) {
      throw missingTeam(name, teams)
    }
    const stored = {...period, team: existing ?? name}
    await store.setCapacity(stored)
    this.log(describeCapacity(stored, stored.fromMonth))
    if (existing === undefined) this.log(`New team ${stored.team}.`)
    const {team, ...capacity} = stored
    return {
      team,
      capacity,
      capacityHours: roundHours(capacityHoursOfMonth(stored.members, stored.hoursPerWeek, stored.fromMonth)),
      onCallFloor: stored.rotation === null || stored.shifts === null ? null : rotationFloor(stored.rotation, stored.shifts),
      teamCreated: existing === undefined,
    }
  }
}
