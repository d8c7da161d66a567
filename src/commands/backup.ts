import {BaseCommand} from '../base.js'

export interface BackupResult {
  database: string
  backup: string
}

export default class Backup extends BaseCommand<typeof Backup> {
  static override summary = 'Write a consistent copy of the database to its backups folder.'
  static override description = `Copy the database, consistently even while others write to it, into the backups folder beside it, and print the copy's path. Backups rotate: the newest 5 complete backups of this database are kept (import, restore, task rm and task merge take one too). A backup is written under a temporary name and renamed when complete; temporary files an interrupted backup left are removed. toil restore FILE puts one back. On a PostgreSQL team database the backup is its JSONL export, written to $XDG_DATA_HOME/toil/backups.`
  static override examples = [
    {command: '<%= config.bin %> backup', description: 'Back up the default database.'},
    {command: '<%= config.bin %> backup --db team.db --json', description: 'Back up another database; print the paths as JSON.'},
    {command: '<%= config.bin %> backup --db postgres://toil@db.internal/toil', description: 'Export a team database to a backup file.'},
  ]

  public async run(): Promise<BackupResult> {
    const store = await this.store({mustExist: true})
    const backup = await store.backup('manual')
    this.log(`Backed up ${store.path} to ${backup}`)
    return {database: store.path, backup}
  }
}
