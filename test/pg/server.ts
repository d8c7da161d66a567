/** The test server started by global-setup.ts, and fresh databases on it. */
import pg from 'pg'
import {inject} from 'vitest'

export interface PgServer {
  socketDir: string
  port: number
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgServer
  }
}

/** A URL for `database` over the server's Unix socket, as the superuser. */
export function socketUrl(database: string, server: PgServer = inject('pg')): string {
  return `postgres://postgres@localhost/${database}?host=${encodeURIComponent(server.socketDir)}&port=${server.port}`
}

/** Runs SQL as the superuser, in `database` (default: postgres). */
export async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
  const server = inject('pg')
  const client = new pg.Client({host: server.socketDir, port: server.port, user: 'postgres', database})
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  } finally {
    await client.end()
  }
}

let counter = 0

/** A new, empty database on the test server; returns its socket URL. */
export async function freshDatabase(prefix = 'toil'): Promise<{name: string; url: string}> {
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`
  await admin(`CREATE DATABASE ${name}`)
  return {name, url: socketUrl(name)}
}
