import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base.js'
import {todayLocal} from '../domain/calendar.js'
import {parseDay} from '../domain/day.js'
import {parseDuration, roundHours} from '../domain/duration.js'
import {ToilError} from '../domain/errors.js'
import {checkCount, nearMatch, parseName, parseNote, parseTags} from '../domain/inputs.js'
import {entryHours} from '../domain/types.js'
import {describeEntry} from '../render/text.js'
import {defaultTask} from '../store/sqlite.js'
import {resolveTeam} from '../store/team.js'

export interface LogResult {
  entry: {id: string; task: string; engineer: string; team: string; day: string; minutes: number; count: number; hours: number; tags: string[]; note: string}
  taskCreated: boolean
}

export default class Log extends BaseCommand<typeof Log> {
  static override summary = 'Record a piece of manual work.'
  static override description = `Log the hands-on time of one occurrence, with --times for repeats. Toil time is hands-on time, not elapsed time: a script that runs 40 minutes while you watch for 5 is 5 minutes of toil.

TASK matches an existing task of the team by name, case-insensitively. An unknown name creates the task; a name one typo away from an existing task is refused with "did you mean …?" unless --new.`
  static override examples = [
    {command: '<%= config.bin %> log "restart payments worker" 15m --times 3 --tag oncall', description: 'Three restarts during an on-call shift.'},
    {command: '<%= config.bin %> log "rotate TLS certs" 1h30m --day yesterday --note "expired on edge-2"', description: 'Work done yesterday.'},
    {command: '<%= config.bin %> log "weekly access review" 45m --team platform --day monday', description: 'For another team, on the most recent Monday.'},
  ]
  static override args = {
    task: Args.string({description: 'Task name (matched case-insensitively).', required: true}),
    duration: Args.string({description: 'Hands-on time per occurrence: 90m, 1h30m, 1.5h, 1:30, PT1H30M, 1d (8 h).', required: true}),
  }
  static override flags = {
    times: Flags.integer({char: 'n', description: 'How many times it happened.', default: 1, helpValue: 'N'}),
    day: Flags.string({char: 'd', description: 'Day it happened: today, yesterday, YYYY-MM-DD, monday, "3 days ago".', default: 'today', helpValue: 'DAY'}),
    engineer: Flags.string({char: 'e', description: 'Who did it (default: $TOIL_USER, else your user name).', helpValue: 'NAME'}),
    team: Flags.string({char: 't', description: 'Team (default: $TOIL_TEAM, else your last team, else "default").', helpValue: 'TEAM'}),
    tag: Flags.string({description: 'Tag, repeatable: oncall, interrupt, ticket…', multiple: true, helpValue: 'TAG'}),
    note: Flags.string({description: 'Free-text note.', default: '', helpValue: 'TEXT'}),
    new: Flags.boolean({description: 'Create the task even if its name is close to an existing one.', default: false}),
  }

  public async run(): Promise<LogResult> {
    const {args, flags} = this
    const name = parseName(args.task, 'task')
    const minutes = parseDuration(args.duration)
    const count = checkCount(flags.times)
    const day = parseDay(flags.day, todayLocal())
    const tags = parseTags(flags.tag ?? [])
    const note = parseNote(flags.note)
    const engineer = flags.engineer === undefined ? this.defaultEngineer() : parseName(flags.engineer, 'engineer')

    const store = await this.store()
    const team = await resolveTeam(store, flags.team, engineer)
    const existing = await store.findTask(team, name)
    if (!existing && !flags.new) {
      const near = nearMatch(name, await store.taskNames(team))
      if (near) throw new ToilError('invalid-input', `task: ${JSON.stringify(name)} is not a task of team ${team}; did you mean ${JSON.stringify(near)}? (use --new to create it)`)
    }
    const entry = await store.addEntry(
      {task: existing?.name ?? name, team, engineer, day, minutes, count, tags, note},
      existing ? undefined : defaultTask(team, name),
    )
    this.log(`Logged ${describeEntry(entry)}${existing ? '' : `\nNew task ${JSON.stringify(entry.task)} in team ${team}: answer its toil criteria with toil task edit`}`)
    const {createdAt: _createdAt, ...fields} = entry
    return {entry: {...fields, hours: roundHours(entryHours(entry))}, taskCreated: !existing}
  }
}
