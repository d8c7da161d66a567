import {resolveDbPath} from './file.js'
import {openSqliteStore} from './sqlite.js'
import type {Store} from './store.js'

/** The one place that chooses a store implementation. */
export async function openStore(dbFlag?: string, options: {readonly?: boolean} = {}): Promise<Store> {
  return openSqliteStore(resolveDbPath(dbFlag), options)
}
