import {Flags} from '@oclif/core'

import {BaseCommand} from '../base.js'
import {ToilError} from '../domain/errors.js'
import {parseName} from '../domain/inputs.js'
import {type EntryJson, entryJson} from '../render/entries.js'
import {describeEntry} from '../render/text.js'

export interface UndoResult {
  removed: EntryJson
}

export default class Undo extends BaseCommand<typeof Undo> {
  static override summary = 'Remove the entry you logged last.'
  static override description = `Remove the newest entry an engineer logged (by when it was logged, not the day it is for) and print it. Run it again to go further back. With nothing to undo it says so and exits with 2, so a script notices.`
  static override examples = [
    {command: '<%= config.bin %> undo', description: 'Take back your last toil log.'},
    {command: '<%= config.bin %> undo --engineer bob', description: "Take back bob's last entry."},
  ]
  static override flags = {
    engineer: Flags.string({char: 'e', description: 'Whose entry (default: $TOIL_USER, else your user name).', helpValue: 'NAME'}),
  }

  public async run(): Promise<UndoResult> {
    const engineer = this.flags.engineer === undefined ? this.defaultEngineer() : parseName(this.flags.engineer, 'engineer')
    const store = await this.store()
    const entry = await store.latestEntryBy(engineer)
    if (!entry) throw new ToilError('not-found', `undo: ${engineer} has logged no entries in ${store.path}; nothing to undo`)
    await store.removeEntry(entry.id)
    this.log(`Removed the last entry ${engineer} logged (at ${entry.createdAt}):`)
    this.log(`  ${describeEntry(entry)}`)
    return {removed: entryJson(entry)}
  }
}
