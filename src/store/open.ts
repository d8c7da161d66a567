import {resolveDbPath} from './file.js'
import {openSqliteStore} from './sqlite.js'
import type {Store} from './store.js'

/** The one place that chooses a store implementation. */
export async function openStore(dbFlag?: string, options: {readonly?: boolean} = {}): Promise<Store> {
  return openSqliteStore(resolveDbPath(dbFlag), options)
}

/** What `toil restore` did; see restoreSqlite. */
export type {RestoreOutcome} from './sqlite.js'

/**
 * Replaces the database's content with a backup's. Not a Store method alone: a damaged
 * database cannot be opened as a store, and restoring onto it is what restore is for.
 */
export async function restoreDatabase(dbFlag: string | undefined, file: string): Promise<import('./sqlite.js').RestoreOutcome> {
  const {restoreSqlite} = await import('./sqlite.js')
  return restoreSqlite(resolveDbPath(dbFlag), file)
}
