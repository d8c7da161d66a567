import {Args, Flags} from '@oclif/core'

import {type LogResult, logEntry, validateLog} from '../app/log-entry.js'
import {missingArguments} from '../app/errors.js'
import {askLog, canAsk} from '../app/log-prompt.js'
import {BaseCommand} from '../base.js'
import {CATEGORIES} from '../domain/types.js'
import {resolveTeam} from '../app/teams.js'

export default class Log extends BaseCommand<typeof Log> {
  static override summary = 'Record a piece of manual work.'
  static override description = `Log the hands-on time of one occurrence, with --times for repeats. Toil time is hands-on time, not elapsed time: a script that runs 40 minutes while you watch for 5 is 5 minutes of toil.

TASK matches an existing task of the team by name, case-insensitively. An unknown name creates the task; a name one typo away from an existing task is refused with "did you mean …?" unless --new.`
  static override examples = [
    {command: '<%= config.bin %> log "restart payments worker" 15m --times 3 --tag oncall', description: 'Three restarts during an on-call shift.'},
    {command: '<%= config.bin %> log "rotate TLS certs" 1h30m --day yesterday --note "expired on edge-2"', description: 'Work done yesterday.'},
    {command: '<%= config.bin %> log "weekly access review" 45m --team platform --day monday', description: 'For another team, on the most recent Monday.'},
    {command: '<%= config.bin %> log "page: disk full on db-3" 20m --category oncall --tag oncall', description: 'A new task, filed under on-call work.'},
  ]
  static override args = {
    // Asked for on a terminal when missing (src/app/log-prompt.ts); required elsewhere.
    task: Args.string({description: 'Task name (matched case-insensitively).'}),
    duration: Args.string({description: 'Hands-on time per occurrence: 90m, 1h30m, 1.5h, 1:30, PT1H30M, 1d (8 h).'}),
  }
  /** Mirrored by the fast path in src/fast/log.ts; a test keeps the two in step. */
  static override flags = {
    times: Flags.integer({char: 'n', description: 'How many times it happened: 1 to 1000.', default: 1, helpValue: 'N'}),
    day: Flags.string({char: 'd', description: 'Day it happened: today, yesterday, YYYY-MM-DD, monday, "3 days ago".', default: 'today', helpValue: 'DAY'}),
    engineer: Flags.string({char: 'e', description: 'Who did it (default: you: on a team database your login role, else $TOIL_USER, else your user name).', helpValue: 'NAME'}),
    team: Flags.string({char: 't', description: 'Team (default: $TOIL_TEAM, else your last team, else "default").', helpValue: 'TEAM'}),
    tag: Flags.string({description: 'Tag, repeatable: oncall, interrupt, ticket…', multiple: true, multipleNonGreedy: true, helpValue: 'TAG'}),
    note: Flags.string({description: 'Free-text note.', default: '', helpValue: 'TEXT'}),
    category: Flags.string({char: 'c', description: `Category of the task this creates: ${CATEGORIES.join(', ')} (an existing task must already be in it).`, helpValue: 'CATEGORY'}),
    new: Flags.boolean({description: 'Create the task even if its name is close to an existing one.', default: false}),
  }

  public async run(): Promise<LogResult> {
    const {flags} = this
    const args = await this.missingArguments()
    const input = {
      task: args.task,
      duration: args.duration,
      times: flags.times,
      day: flags.day,
      engineer: flags.engineer,
      team: flags.team,
      tags: args.tags,
      note: flags.note,
      category: flags.category,
      createNew: flags.new,
    }
    const valid = validateLog(input)
    const {result, message} = await logEntry(await this.store(), input, valid)
    this.log(message)
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`)
    return result
  }

  /** TASK and DURATION as given, else asked for on a terminal, else the usual missing-argument error. */
  private async missingArguments(): Promise<{task: string; duration: string; tags: string[]}> {
    const {task, duration} = this.args
    const tags = this.flags.tag ?? []
    if (task !== undefined && duration !== undefined) return {task, duration, tags}
    if (!canAsk(this.jsonEnabled())) {
      const missing = Object.entries(Log.args).filter(([name]) => this.args[name as keyof typeof this.args] === undefined)
      throw missingArguments(missing.map(([name, arg]) => ({name, description: arg.description})))
    }
    const store = await this.store()
    const team = await resolveTeam(store, this.flags.team, await this.me(store))
    return askLog({task, duration, tags}, await store.taskNames(team))
  }
}
