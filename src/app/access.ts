/** The team database's roles from a command: the PostgreSQL connection, or exit 2 on SQLite, whose file's owner is its only user. */
import {inputError} from '../domain/errors.js'
import type {Db} from '../store/postgres/connection.js'
import {resolveDbPath} from './database.js'
import type {Store} from '../store/store.js'
import {isPostgresUrl} from '../store/url.js'

export async function teamDb(dbFlag: string | undefined, open: () => Promise<Store>, command: string): Promise<Db> {
  // Decided from the --db value: an SQLite file is neither opened nor created for this.
  const where = resolveDbPath(dbFlag)
  if (!isPostgresUrl(where)) throw inputError('db', where, `is an SQLite file, whose owner is its only user: ${command} is for a team database (postgres://…, see docs/team.md)`)
  return ((await open()) as import('../store/postgres/store.js').PostgresStore).db
}
