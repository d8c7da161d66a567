import type {Store} from './store.js'
import {isPostgresUrl} from './url.js'

/** The one place that chooses a store implementation: a postgres:// URL, else an SQLite file. */
/**
 * `readonly`: the command only reads, so where there is no toil database it says so (exit 3)
 * rather than create one at a mistyped path.
 */
export async function openStore(where: {path: string; named: boolean}, options: {readonly?: boolean; onCreate?: (path: string) => void} = {}): Promise<Store> {
  const {path: db, named} = where
  const mustExist = options.readonly === true
  if (isPostgresUrl(db)) {
    // Loaded only for a URL: `toil log` on SQLite never reads the PostgreSQL driver.
    const {openPostgresStore} = await import('./postgres/store.js')
    return openPostgresStore(db, {mustExist})
  }
  const {openSqliteStore} = await import('./sqlite/open.js')
  // Only the default database's folder is made: a folder someone typed that does not exist is a typo.
  return openSqliteStore(db, {...options, mustExist, createFolder: !named})
}

/** What `toil restore` did; see restoreSqlite. */
export type {RestoreOutcome} from './sqlite/maintenance.js'

/**
 * Replaces the database's content with a backup's. Not a Store method alone: a damaged
 * database cannot be opened as a store, and restoring onto it is what restore is for.
 */
export async function restoreDatabase(db: string, file: string): Promise<import('./sqlite/maintenance.js').RestoreOutcome> {
  if (isPostgresUrl(db)) {
    const store = await openStore({path: db, named: true})
    try {
      return {database: store.path, kept: await store.restore(file), replacedDamaged: false}
    } finally {
      await store.close()
    }
  }
  const {restoreSqlite} = await import('./sqlite/maintenance.js')
  return restoreSqlite(db, file)
}
