import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {todayLocal} from '../../domain/calendar.js'
import {roundHours} from '../../domain/duration.js'
import {parseName} from '../../domain/inputs.js'
import {nearName} from '../../domain/names.js'
import {ToilError, inputError} from '../../domain/errors.js'
import {DEFAULT_THRESHOLD} from '../../domain/analysis/analyze.js'
import {percent} from '../../render/text.js'
import {roundShare} from '../../domain/analysis/json.js'
import {capacityHoursOfMonth, missingTeam, parseCapacity, parseToilBudget, onCallShare} from '../../domain/task-input.js'
import {describeCapacity} from '../../render/task.js'
import {DEFAULT_TEAM} from '../../app/teams.js'

export interface TeamSetResult {
  team: string
  /** The period set; null when only the toil budget was. */
  capacity: {fromMonth: string; members: number; hoursPerWeek: number; rotation: number | null; shifts: number | null} | null
  /** Capacity hours of the from-month; null when no period was set. */
  capacityHours: number | null
  /** Shifts ÷ rotation: the share of weeks each engineer is on call; null without a rotation. */
  onCallLoad: number | null
  /** The team's toil budget when this command set it (null when it cleared it); absent when not given. */
  toilBudget?: number | null
  teamCreated: boolean
}

export default class TeamSet extends BaseCommand<typeof TeamSet> {
  static override summary = 'Set a team\'s capacity from a month on, and its on-call rotation.'
  static override description = `Record that from a month on (default: this month) the team has --members engineers working --hours-per-week each. A month's capacity is members × hours per week × days in the month ÷ 7; toil shares are measured against it. Months before the first period set use an assumed capacity (40 h/week for each engineer who logged).

With --rotation N --shifts S (S of N people on call at once), reports show the on-call load S ÷ N, the share of each engineer's weeks spent on call, and warn above 25% (the SRE book's ceiling). Each period stands alone: a period set without a rotation has none.

--toil-budget sets the team's own target under the threshold (e.g. 30%); reports and the forecast show the share against it and when the trend reaches it. It can be given alone, and --toil-budget none clears it.`
  static override examples = [
    {command: '<%= config.bin %> team set platform --members 6 --hours-per-week 40', description: 'Six engineers from this month on.'},
    {command: '<%= config.bin %> team set platform --members 7 --hours-per-week 40 --from 2026-01 --rotation 6 --shifts 2', description: 'From January, with a primary/secondary rotation of six.'},
    {command: '<%= config.bin %> team set platform --toil-budget 30%', description: 'The team aims to keep toil under 30% of its time.'},
  ]
  static override args = {
    name: Args.string({description: 'Team name (created when new).', required: true}),
  }
  static override flags = {
    members: Flags.string({char: 'm', description: 'Engineers in the team (with --hours-per-week).', helpValue: 'N'}),
    'hours-per-week': Flags.string({char: 'w', description: 'Working hours of each engineer per week, e.g. 40 or 37.5 (with --members).', helpValue: 'H'}),
    'toil-budget': Flags.string({description: 'The team\'s own toil target, a share of capacity under the threshold, e.g. 30%; none clears it.', helpValue: 'PERCENT'}),
    from: Flags.string({description: 'First month of this capacity: YYYY-MM, this or last (default: this month).', helpValue: 'YYYY-MM'}),
    rotation: Flags.string({description: 'People in the on-call rotation (with --shifts).', helpValue: 'N'}),
    shifts: Flags.string({description: 'How many of the rotation are on call at once, e.g. 2 for primary and secondary (with --rotation).', helpValue: 'S'}),
    new: Flags.boolean({description: 'Create the team even if its name is close to an existing one, or apart from the entries of team default.', default: false}),
  }

  public async run(): Promise<TeamSetResult> {
    const {args, flags} = this
    const name = parseName(args.name, 'team')
    const budgetFlag = flags['toil-budget']
    const budget = budgetFlag === undefined ? undefined : parseToilBudget(budgetFlag)
    const capacityGiven = [flags.members, flags['hours-per-week'], flags.from, flags.rotation, flags.shifts].some((f) => f !== undefined)
    if (!capacityGiven && budget === undefined) throw inputError('team set', name, 'needs --members and --hours-per-week (a capacity from a month on), or --toil-budget')
    const period = capacityGiven ? parseCapacityFlags(name, flags) : null
    const store = await this.store()
    const teams = await store.listTeams()
    const existing = teams.find((t) => t.toLowerCase() === name.toLowerCase())
    if (existing === undefined && !flags.new && nearName(name, teams) !== undefined) {
      throw missingTeam(name, teams)
    }
    // Following the README in order, the first entries land in the default team: a second team
    // beside it would split the history without a word, so the way to bring them along is offered.
    if (existing === undefined && !flags.new && teams.length === 1 && teams[0] === DEFAULT_TEAM) {
      const logged = (await store.entryTotals({team: DEFAULT_TEAM})).entries
      if (logged > 0) {
        throw new ToilError('invalid-input', `team: your ${logged === 1 ? 'entry' : `${logged} entries`} so far ${logged === 1 ? 'is' : 'are'} in team ${DEFAULT_TEAM}; toil team rename ${DEFAULT_TEAM} ${name} makes ${logged === 1 ? 'it' : 'them'} ${name}'s (then run this again), or --new starts ${name} apart`)
      }
    }
    const team = existing ?? name
    const stored = period && {...period, team}
    // Capacity and budget together are one change: one audit row on a team database.
    await store.change('team set', async () => {
      if (stored) await store.setCapacity(stored)
      if (budget !== undefined) await store.setToilBudget(team, budget)
    })
    if (stored) this.log(describeCapacity(stored, stored.fromMonth))
    if (budget !== undefined) {
      this.log(budget === null ? `Team ${team}: toil budget cleared.` : `Team ${team}: toil budget ${percent(budget, 0)} of capacity (threshold ${percent(DEFAULT_THRESHOLD, 0)} by default).`)
    }
    if (existing === undefined) this.log(`New team ${team}.`)
    return {
      team,
      capacity: stored && {fromMonth: stored.fromMonth, members: stored.members, hoursPerWeek: stored.hoursPerWeek, rotation: stored.rotation, shifts: stored.shifts},
      capacityHours: stored && roundHours(capacityHoursOfMonth(stored.members, stored.hoursPerWeek, stored.fromMonth)),
      onCallLoad: stored === null || stored.rotation === null || stored.shifts === null ? null : roundShare(onCallShare(stored.rotation, stored.shifts)),
      ...(budget === undefined ? {} : {toilBudget: budget}),
      teamCreated: existing === undefined,
    }
  }
}

function parseCapacityFlags(name: string, flags: {members?: string; 'hours-per-week'?: string; from?: string; rotation?: string; shifts?: string}) {
  if (flags.members === undefined || flags['hours-per-week'] === undefined) {
    const missing = flags.members === undefined ? 'members' : 'hours-per-week'
    throw inputError(missing, '', `is missing: a capacity needs --members and --hours-per-week (e.g. --members 6 --hours-per-week 40)`)
  }
  return parseCapacity(name, {members: flags.members, hoursPerWeek: flags['hours-per-week'], from: flags.from, rotation: flags.rotation, shifts: flags.shifts}, todayLocal())
}

