import {Args} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {ToilError} from '../../domain/errors.js'
import {parseName} from '../../domain/inputs.js'
import {nearName} from '../../domain/names.js'

export interface EngineerMergeResult {
  from: string
  into: string
  entriesMoved: number
  backup: string
}

/** An engineer with entries, else a not-found error with the nearest name. */
export function requireEngineer(name: string, engineers: readonly string[]): void {
  if (engineers.includes(name)) return
  const near = nearName(name, engineers)
  const hint = near === undefined ? '; toil entries lists who logged' : `; did you mean ${JSON.stringify(near)}?`
  throw new ToilError('not-found', `engineer: ${JSON.stringify(name)} has no entries${hint}`)
}

export default class EngineerMerge extends BaseCommand<typeof EngineerMerge> {
  static override summary = 'Move every entry of one engineer to another.'
  static override description = `Give every entry of engineer FROM the engineer INTO, after taking a backup of the database (its path is printed; toil keeps the last five), in one transaction: for a misspelt name that already has entries of its own under the right one. Who ran toil log (which toil undo follows) is not changed. To rename an engineer to a name with no entries, toil engineer rename is enough.`
  static override examples = [
    {command: '<%= config.bin %> engineer merge alcie alice', description: 'Join a misspelt engineer\'s entries to the right one.'},
    {command: '<%= config.bin %> engineer merge jdoe jane.doe --json', description: 'As JSON.'},
  ]
  static override args = {
    from: Args.string({description: 'The engineer whose entries move (exact name).', required: true}),
    into: Args.string({description: 'The engineer who gets them (exact name).', required: true}),
  }

  public async run(): Promise<EngineerMergeResult> {
    const from = parseName(this.args.from, 'engineer')
    const into = parseName(this.args.into, 'into')
    if (from === into) throw new ToilError('invalid-input', `into: ${JSON.stringify(into)} is the same engineer; give two different names`)
    const store = await this.store()
    const engineers = await store.engineerNames()
    requireEngineer(from, engineers)
    requireEngineer(into, engineers)
    const {entriesMoved, backup} = await store.mergeEngineers(from, into)
    this.log(`Moved ${entriesMoved} ${entriesMoved === 1 ? 'entry' : 'entries'} of ${from} to ${into}.\nBackup: ${backup}`)
    return {from, into, entriesMoved, backup}
  }
}
