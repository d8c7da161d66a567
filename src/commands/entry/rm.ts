import {Args} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {entryNotFound, parseEntryId} from '../../domain/records.js'
import {type EntryJson, entryJson} from '../../render/entries.js'
import {describeEntry} from '../../render/text.js'

export interface EntryRmResult {
  removed: EntryJson
}

export default class EntryRm extends BaseCommand<typeof EntryRm> {
  static override summary = 'Remove one logged entry.'
  static override description = `Remove an entry and print what was removed. ID is the short id toil entries shows (its last 8 characters) or any 4 or more of its first characters, or the full id; its end, or the start of the full id, works too. To take back the entry you logged last, toil undo is shorter.`
  static override examples = [
    {command: '<%= config.bin %> entry rm 3f9a1c2e', description: 'Remove the entry whose short id is 3f9a1c2e.'},
    {command: '<%= config.bin %> entry rm 3f9a --json', description: 'The same, printing the removed entry as JSON.'},
  ]
  static override args = {
    id: Args.string({description: 'Short id as toil entries shows it, or any prefix of 4 or more of its characters; or the full id.', required: true}),
  }

  public async run(): Promise<EntryRmResult> {
    const id = parseEntryId(this.args.id)
    const store = await this.store()
    const entry = await store.findEntry(id)
    if (!entry) throw entryNotFound(this.args.id)
    await store.removeEntry(entry.id)
    this.log(`Removed ${describeEntry(entry)}`)
    return {removed: entryJson(entry)}
  }
}
