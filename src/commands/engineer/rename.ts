import {Args} from '@oclif/core'

import {BaseCommand} from '../../base.js'
import {ToilError} from '../../domain/errors.js'
import {parseName} from '../../domain/inputs.js'
import {requireEngineer} from './merge.js'

export interface EngineerRenameResult {
  from: string
  to: string
  entriesRenamed: number
}

export default class EngineerRename extends BaseCommand<typeof EngineerRename> {
  static override summary = 'Rename an engineer in every entry logged for them.'
  static override description = `Give every entry of engineer OLD the name NEW, in one transaction. A NEW that already has entries is refused: toil engineer merge joins two engineers' entries (after a backup). Who ran toil log (which toil undo follows) is not changed.`
  static override examples = [
    {command: '<%= config.bin %> engineer rename alcie alice', description: 'Fix a misspelt engineer.'},
    {command: '<%= config.bin %> engineer rename jdoe jane.doe --json', description: 'As JSON.'},
  ]
  static override args = {
    old: Args.string({description: 'The engineer\'s name in the entries now (exact).', required: true}),
    new: Args.string({description: 'Their new name.', required: true}),
  }

  public async run(): Promise<EngineerRenameResult> {
    const from = parseName(this.args.old, 'engineer')
    const to = parseName(this.args.new, 'new name')
    if (from === to) throw new ToilError('invalid-input', `new name: ${JSON.stringify(to)} is the engineer's name already`)
    const store = await this.store()
    const engineers = await store.engineerNames()
    requireEngineer(from, engineers)
    if (engineers.includes(to)) {
      throw new ToilError('conflict', `new name: ${JSON.stringify(to)} already has entries; to join the two, use toil engineer merge ${JSON.stringify(from)} ${JSON.stringify(to)}`)
    }
    const entriesRenamed = await store.renameEngineer(from, to)
    this.log(`Renamed engineer ${from} to ${to} in ${entriesRenamed} ${entriesRenamed === 1 ? 'entry' : 'entries'}.`)
    return {from, to, entriesRenamed}
  }
}
