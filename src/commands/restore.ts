import {Args} from '@oclif/core'
import {statSync} from 'node:fs'
import {resolve} from 'node:path'

import {resolveDbPath} from '../app/database.js'
import {BaseCommand} from '../base.js'
import {inputError} from '../domain/errors.js'

export interface RestoreResult {
  database: string
  restoredFrom: string
  /** Where the database as it was before is kept: a safety backup, or the damaged file moved aside; null on PostgreSQL, which restores into an empty database only. */
  safetyBackup: string | null
  /** True when the database was damaged: it was moved aside (to safetyBackup) rather than backed up. */
  replacedDamaged: boolean
}

export default class Restore extends BaseCommand<typeof Restore> {
  static override summary = 'Replace the database with a backup.'
  static override description = `Check FILE (a backup, or any toil database) for integrity, keep a backup of the current database, and replace the database's content with FILE's, in one transaction: a command writing meanwhile lands in the backup or in the restored database. Prints both paths: restoring the safety backup undoes the restore. A FILE that is not a sound toil database is refused with exit 3 and nothing changes.

A damaged database (truncated, a damaged page or schema) is not restored in place: it is kept aside, renamed to <name>.damaged-<time>, and FILE takes its place. On a PostgreSQL team database, FILE is a backup or JSONL export, loaded into an empty database only.`
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
    const {restoreDatabase} = await import('../store/open.js')
    const {database, kept, replacedDamaged} = await restoreDatabase(resolveDbPath(this.flags.db), this.args.file)
    this.log(`Restored ${database} from ${this.args.file}`)
    if (replacedDamaged) this.log(`The damaged database is kept as ${kept}.`)
    else if (kept !== null) this.log(`The database as it was before is kept in ${kept} (toil restore it to undo this).`)
    return {database, restoredFrom: file, safetyBackup: kept, replacedDamaged}
  }
}
