import {Args, Flags} from '@oclif/core'

import {guardEngineer} from '../../app/names.js'
import {BaseCommand} from '../../base.js'
import {parseDay} from '../../domain/day.js'
import {parseDuration} from '../../domain/duration.js'
import {ToilError} from '../../domain/errors.js'
import {checkCount, parseName, parseNote, parseTags} from '../../domain/inputs.js'
import {entryNotFound, parseEntryId} from '../../domain/records.js'
import {missingTask} from '../../domain/task-input.js'
import {type EntryJson, entryJson} from '../../render/entries.js'
import {describeEntry} from '../../render/text.js'
import type {EntryPatch} from '../../store/store.js'

export interface EntryEditResult {
  before: EntryJson
  after: EntryJson
}

export default class EntryEdit extends BaseCommand<typeof EntryEdit> {
  static override summary = 'Correct one logged entry.'
  static override description = `Change the task, duration, count, day, tags, note or engineer of an entry, and print it before and after. ID is the short id toil entries shows (b7deb68c), or any 4 or more of its first characters (b7de) that name one entry; the whole id works too. --task moves the entry to another task of the same team. --tag replaces the tags (repeat it for several; --tag "" removes them all).`
  static override examples = [
    {command: '<%= config.bin %> entry edit 3f9a1c2e --duration 45m', description: 'It took 45 minutes, not what was logged.'},
    {command: '<%= config.bin %> entry edit 3f9a --times 4 --day yesterday', description: 'Four occurrences, yesterday.'},
    {command: '<%= config.bin %> entry edit 3f9a --task "rotate TLS certs" --tag oncall --tag ticket', description: 'Another task, with new tags.'},
  ]
  static override args = {
    id: Args.string({description: 'Entry id as toil entries shows it, or its first 4 or more characters.', required: true}),
  }
  static override flags = {
    task: Flags.string({description: 'Move the entry to this task of its team.', helpValue: 'TASK'}),
    duration: Flags.string({description: 'Hands-on time per occurrence: 90m, 1h30m, 1.5h, 1:30, PT1H30M, 1d (8 h).', helpValue: 'DURATION'}),
    times: Flags.integer({char: 'n', description: 'How many times it happened.', helpValue: 'N'}),
    day: Flags.string({char: 'd', description: 'Day it happened: today, yesterday, YYYY-MM-DD, monday, "3 days ago".', helpValue: 'DAY'}),
    tag: Flags.string({description: 'Tags, replacing the current ones; repeatable; "" removes them all.', multiple: true, helpValue: 'TAG'}),
    note: Flags.string({description: 'New note, replacing the current one ("" clears it).', helpValue: 'TEXT'}),
    engineer: Flags.string({char: 'e', description: 'Who did it.', helpValue: 'NAME'}),
    new: Flags.boolean({description: 'Accept an --engineer whose name is close to an existing one.', default: false}),
  }

  public async run(): Promise<EntryEditResult> {
    const {args, flags} = this
    const id = parseEntryId(args.id)
    // Every value is checked before the store is opened: bad input writes nothing.
    const patch: EntryPatch = {}
    if (flags.task !== undefined) patch.task = parseName(flags.task, 'task')
    if (flags.duration !== undefined) patch.minutes = parseDuration(flags.duration)
    if (flags.times !== undefined) patch.count = checkCount(flags.times)
    if (flags.day !== undefined) patch.day = parseDay(flags.day, this.today())
    if (flags.tag !== undefined) patch.tags = parseTags(flags.tag)
    if (flags.note !== undefined) patch.note = parseNote(flags.note)
    if (flags.engineer !== undefined) patch.engineer = parseName(flags.engineer, 'engineer')
    if (Object.keys(patch).length === 0) {
      throw new ToilError('invalid-input', 'edit: nothing to change; give --task, --duration, --times, --day, --tag, --note or --engineer')
    }

    const store = await this.store()
    const before = await store.findEntry(id)
    if (!before) throw entryNotFound(args.id)
    if (patch.engineer !== undefined) await guardEngineer(store, patch.engineer, flags.new)
    if (patch.task !== undefined) {
      const task = await store.findTask(before.team, patch.task)
      // An entry stays in its team: the hint names tasks of that team only.
      if (!task) throw missingTask(patch.task, before.team, await store.taskNames(before.team), await store.listTeams())
      patch.task = task.name
    }
    // Values the entry already has change nothing: no write, no audit row, and it says so.
    const same = (Object.keys(patch) as (keyof EntryPatch)[]).every((key) => JSON.stringify(patch[key]) === JSON.stringify(before[key]))
    if (same) {
      this.log(`Nothing changed: entry ${describeEntry(before)} already has those values`)
      return {before: entryJson(before), after: entryJson(before)}
    }
    const after = await store.updateEntry(before.id, patch)
    this.log(`Before: ${describeEntry(before)}`)
    this.log(`After:  ${describeEntry(after)}`)
    return {before: entryJson(before), after: entryJson(after)}
  }
}
