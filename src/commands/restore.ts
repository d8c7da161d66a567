import {Args} from '@oclif/core'
import {statSync} from 'node:fs'
import {resolve} from 'node:path'

import {BaseCommand} from '../base.js'
import {inputError} from '../domain/errors.js'

export interface RestoreResult {
  database: string
  restoredFrom: string
  /** The database as it was before the restore; null on PostgreSQL, which restores into an empty database only. */
  safetyBackup: string | null
}

export default class Restore extends BaseCommand<typeof Restore> {
  static override summary = 'Replace the database with a backup.'
  static override description = `Check FILE (a backup, or any toil database) for integrity, keep a backup of the current database, and replace the database with FILE. Prints both paths: restoring the safety backup undoes the restore. A FILE that is not a sound toil database is refused with exit 3 and nothing changes. On a PostgreSQL team database, FILE is a backup or JSONL export, loaded into an empty database only.`
  static override examples = [
    {command: '<%= config.bin %> restore ~/.local/share/toil/backups/toil.db.20260301T090000000Z.4242.manual.bak', description: 'Go back to a backup toil backup wrote.'},
    {command: '<%= config.bin %> restore old-laptop.db --db team.db', description: 'Replace another database with a copy.'},
  ]
  static override args = {
    file: Args.string({description: 'Backup or toil database to restore.', required: true}),
  }

  public async run(): Promise<RestoreResult> {
    const file = resolve(this.args.file)
    let isFile: boolean
    try {
      isFile = statSync(file).isFile()
    } catch {
      throw inputError('file', this.args.file, 'does not exist')
    }
    if (!isFile) throw inputError('file', this.args.file, 'is not a file')
    const store = await this.store()
    const safetyBackup = await store.restore(this.args.file)
    this.log(`Restored ${store.path} from ${this.args.file}`)
    if (safetyBackup !== null) this.log(`The database as it was before is kept in ${safetyBackup} (toil restore it to undo this).`)
    return {database: store.path, restoredFrom: file, safetyBackup}
  }
}
