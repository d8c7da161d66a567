import {Flags} from '@oclif/core'

import {viewTeam} from '../app/teams.js'
import {BaseCommand} from '../base.js'
import {parsePeriod} from '../domain/day.js'
import {roundHours} from '../domain/duration.js'
import {ToilError} from '../domain/errors.js'
import {nearMatch, parseName, parseTag} from '../domain/inputs.js'
import {type EntryJson, entriesView, entryJson} from '../render/entries.js'
import type {EntryFilter, Store} from '../store/store.js'

export interface EntriesResult {
  /** The days the --month, --quarter or --from/--to filter covers; null without one. */
  period: {from: string; to: string} | null
  /** Newest first, at most --limit of them. */
  entries: EntryJson[]
  /** Totals of every entry the filters select, not only of those listed. */
  totalEntries: number
  totalOccurrences: number
  totalHours: number
  /** True when --limit left entries out. */
  truncated: boolean
}

const DEFAULT_LIMIT = 50

/** The stored spelling of a task name in any team (or in `team`); refuses a name no team has. */
async function requireTaskName(store: Store, name: string, team: string | undefined): Promise<string> {
  const names = (await store.listTasks({team})).map((t) => t.name)
  const found = names.find((n) => n.toLowerCase() === name.toLowerCase())
  if (found !== undefined) return found
  const near = nearMatch(name, names)
  const where = team === undefined ? 'any team' : `team ${team}`
  throw new ToilError('not-found', `task: ${JSON.stringify(name)} is not a task of ${where}${near === undefined ? '; toil task list shows the tasks' : `; did you mean ${JSON.stringify(near)}?`}`)
}

export default class Entries extends BaseCommand<typeof Entries> {
  static override summary = 'List logged entries, newest first.'
  static override description = `List the entries the filters select, newest first, with their ids (for toil entry edit and toil entry rm) and a total line. The total covers every selected entry; the list shows the newest ${DEFAULT_LIMIT} unless --limit says otherwise (--limit 0 lists all).`
  static override examples = [
    {command: '<%= config.bin %> entries', description: `The newest ${DEFAULT_LIMIT} entries of everyone.`},
    {command: '<%= config.bin %> entries --month last --engineer alice', description: "Alice's entries of last month."},
    {command: '<%= config.bin %> entries --quarter 2026-Q1 --team platform --tag oncall --limit 0', description: 'Every on-call entry of a team in a quarter.'},
    {command: '<%= config.bin %> entries --from 2026-03-01 --task "rotate TLS certs" --json', description: 'One task since a day, as JSON.'},
  ]
  static override flags = {
    month: Flags.string({char: 'm', description: 'Only this month: YYYY-MM, last or this.', helpValue: 'MONTH'}),
    quarter: Flags.string({char: 'q', description: 'Only this quarter: YYYY-Qn.', helpValue: 'QUARTER'}),
    from: Flags.string({description: 'From this day on (inclusive): YYYY-MM-DD, yesterday, monday, "3 days ago".', helpValue: 'DAY'}),
    to: Flags.string({description: 'Up to this day (inclusive).', helpValue: 'DAY'}),
    task: Flags.string({description: 'Only this task (matched case-insensitively).', helpValue: 'TASK'}),
    engineer: Flags.string({char: 'e', description: 'Only entries of this engineer.', helpValue: 'NAME'}),
    team: Flags.string({char: 't', description: "Only this team (default: $TOIL_TEAM, else the config file's team, else all teams).", helpValue: 'TEAM'}),
    'all-teams': Flags.boolean({description: 'Every team, whatever the default team.', exclusive: ['team']}),
    tag: Flags.string({description: 'Only entries with this tag.', helpValue: 'TAG'}),
    limit: Flags.integer({char: 'n', description: 'List at most N entries (0: all).', default: DEFAULT_LIMIT, min: 0, helpValue: 'N'}),
  }

  public async run(): Promise<EntriesResult> {
    const {flags} = this
    const period = parsePeriod(flags, this.today())
    const engineer = flags.engineer === undefined ? undefined : parseName(flags.engineer, 'engineer')
    const tag = flags.tag === undefined ? undefined : parseTag(flags.tag)
    const store = await this.storeIfLogged()
    if (!store) {
      this.log('Nothing logged yet: toil log records the first entry (toil demo shows a whole history).')
      return {period: period ? {from: period.from, to: period.to} : null, entries: [], totalEntries: 0, totalOccurrences: 0, totalHours: 0, truncated: false}
    }
    const team = (await viewTeam(store, flags)) ?? undefined
    const task = flags.task === undefined ? undefined : await requireTaskName(store, parseName(flags.task, 'task'), team)

    const filter: EntryFilter = {from: period?.from, to: period?.to, team, task, engineer, tag}
    const totals = await store.entryTotals(filter)
    const entries = await store.listEntries(flags.limit === 0 ? filter : {...filter, limit: flags.limit})
    const truncated = entries.length < totals.entries

    // The table is for people: with --json it is neither built nor printed.
    if (!this.jsonEnabled()) this.log(entriesView(entries, totals, {period, team, task, engineer, tag}))
    return {
      period: period ? {from: period.from, to: period.to} : null,
      entries: entries.map(entryJson),
      totalEntries: totals.entries,
      totalOccurrences: totals.occurrences,
      totalHours: roundHours(totals.hours),
      truncated,
    }
  }
}
