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
  static override description = `Remove the newest entry you logged with toil log (you: on a team database your login role, else $TOIL_USER, else your user name), by when it was logged, not the day it is for, and print it. It follows who ran toil log, whatever --engineer said; an imported entry that does not say who logged it (from PagerDuty or Jira, say) is never anyone's last. Run it again to go further back. With nothing to undo it says so and exits with 2, so a script notices.`
  static override examples = [
    {command: '<%= config.bin %> undo', description: 'Take back your last toil log.'},
    {command: '<%= config.bin %> undo --engineer bob', description: 'Take back the last entry you logged for bob (with toil log --engineer bob).'},
  ]
  static override flags = {
    engineer: Flags.string({char: 'e', description: 'Only an entry you logged for this engineer.', helpValue: 'NAME'}),
  }

  public async run(): Promise<UndoResult> {
    const engineer = this.flags.engineer === undefined ? undefined : parseName(this.flags.engineer, 'engineer')
    const store = await this.store()
    const user = await this.me(store)
    // Found and removed in one transaction: two undos at once take back two entries, not one twice.
    const entry = await store.undoLast(user, engineer)
    const whose = engineer === undefined ? '' : ` for ${engineer}`
    if (!entry) throw new ToilError('not-found', `undo: ${user} has logged no entries${whose} in ${store.path}; nothing to undo`)
    this.log(`Removed the last entry ${user} logged${whose} (at ${entry.createdAt}):`)
    this.log(`  ${describeEntry(entry)}`)
    return {removed: entryJson(entry)}
  }
}
