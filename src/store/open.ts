import {resolveDbPath} from './file.js'
import type {Store} from './store.js'
import {isPostgresUrl} from './url.js'

/** The one place that chooses a store implementation: a postgres:// URL, else an SQLite file. */
export async function openStore(dbFlag?: string, options: {readonly?: boolean} = {}): Promise<Store> {
  const db = resolveDbPath(dbFlag)
  if (isPostgresUrl(db)) {
    // Loaded only for a URL: `toil log` on SQLite never reads the PostgreSQL driver.
    const {openPostgresStore} = await import('./postgres/store.js')
    return openPostgresStore(db)
  }
  const {openSqliteStore} = await import('./sqlite.js')
  return openSqliteStore(db, options)
}
