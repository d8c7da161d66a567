/** The team database's roles from a command: the PostgreSQL connection, or exit 2 on SQLite, whose file's owner is its only user. */
import {inputError} from '../domain/errors.js'
import type {Db} from '../store/postgres/connection.js'
import type {Store} from '../store/store.js'

export async function teamDb(store: Store, command: string): Promise<Db> {
  const {PostgresStore} = await import('../store/postgres/store.js')
  if (store instanceof PostgresStore) return store.db
  throw inputError('db', store.path, `is an SQLite file, whose owner is its only user: ${command} is for a team database (postgres://…, see docs/team.md)`)
}
