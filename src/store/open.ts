import {resolveDbPath} from './file.js'
import type {Store} from './store.js'
import {isPostgresUrl} from './url.js'

/** The one place that chooses a store implementation: a postgres:// URL, else an SQLite file. */
/** `readonly` opens without writing; it and `mustExist` refuse a path or URL that holds no toil database. */
export async function openStore(dbFlag?: string, options: {readonly?: boolean; mustExist?: boolean} = {}): Promise<Store> {
  const db = resolveDbPath(dbFlag)
  if (isPostgresUrl(db)) {
    // Loaded only for a URL: `toil log` on SQLite never reads the PostgreSQL driver.
    const {openPostgresStore} = await import('./postgres/store.js')
    return openPostgresStore(db, {mustExist: options.readonly || options.mustExist})
  }
  const {openSqliteStore} = await import('./sqlite/open.js')
  return openSqliteStore(db, options)
}

/** What `toil restore` did; see restoreSqlite. */
export type {RestoreOutcome} from './sqlite/maintenance.js'

/**
 * Replaces the database's content with a backup's. Not a Store method alone: a damaged
 * database cannot be opened as a store, and restoring onto it is what restore is for.
 */
export async function restoreDatabase(dbFlag: string | undefined, file: string): Promise<import('./sqlite/maintenance.js').RestoreOutcome> {
  const db = resolveDbPath(dbFlag)
  if (isPostgresUrl(db)) {
    const store = await openStore(db)
    try {
      return {database: store.path, kept: await store.restore(file), replacedDamaged: false}
    } finally {
      await store.close()
    }
  }
  const {restoreSqlite} = await import('./sqlite/maintenance.js')
  return restoreSqlite(db, file)
}
