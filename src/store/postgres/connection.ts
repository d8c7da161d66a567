/** Connecting to PostgreSQL the libpq way, mapping failures to one line, and migrating the schema. */
import type {Client, ClientConfig, QueryResultRow} from 'pg'

import {ToilError, databaseError, inputError, noDatabaseError, notPermitted} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import {busyTimeoutMs} from '../file.js'
import {parsePgUrl, redactUrl} from '../url.js'
import {MARKER_TABLE, PG_MIGRATIONS} from './schema.js'

/** One connection and the few ways the store uses it. */
export class Db {
  private depth = 0
  /** True inside `change`: a nested change joins the outer one and keeps its name. */
  private changing = false
  /** Queries run one after another: reads started together (the analyzer's) queue here, not in pg's deprecated queue. */
  private last: Promise<unknown> = Promise.resolve()

  constructor(
    readonly client: Client,
    /** The URL as shown: password redacted. */
    readonly label: string,
  ) {}

  async rows<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows
  }

  private query<R extends QueryResultRow>(sql: string, params: unknown[]) {
    const next = this.last.then(() => this.client.query<R>(sql, params))
    this.last = next.catch(() => undefined)
    return next
  }

  async row<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R | undefined> {
    return (await this.rows<R>(sql, params))[0]
  }

  /** True inside `tx`: a reader joins that transaction instead of opening its own. */
  get inTransaction(): boolean {
    return this.depth > 0
  }

  /** Rows changed. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0
  }

  /** Runs `fn` in one transaction (joining the one already open). */
  async tx<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth > 0) return fn()
    await this.client.query('BEGIN')
    this.depth++
    try {
      const result = await fn()
      await this.client.query('COMMIT')
      return result
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      this.depth--
    }
  }

  /**
   * Runs `fn` in one transaction whose audit row (SPEC §9.1) is named `what`, and `object`
   * when given (else the audit names the first row changed). Within a change, another joins it.
   */
  async change<T>(what: string, fn: () => Promise<T>, object = ''): Promise<T> {
    if (this.changing) return fn()
    return this.tx(async () => {
      this.changing = true
      try {
        // The database names the change (toil_change checks the action is one of toil's); no setting a client sends does.
        await this.run(`SELECT toil_change($1, $2)`, [what, object])
        return await fn()
      } finally {
        this.changing = false
      }
    })
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined)
  }
}

/** A parameter folded as an indexed `lower(name)` column is: ASCII only, like SQLite's NOCASE. */
export const fold = (param: string) => `lower(${param}::text COLLATE "C")`

const OID = {int8: 20} as const

/**
 * Counts and sums of integers come back as bigint, which pg gives as strings:
 * read as numbers, refusing any beyond 2^53 rather than rounding it.
 */
function parseInt8(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new ToilError('internal', `a count of ${value} is beyond what toil can add up exactly`)
  return n
}

/** The URL as pg's client config, read as libpq reads it (parsePgUrl); PGHOST, PGUSER, PGPORT, PGDATABASE fill the gaps. */
async function clientConfig(url: string, getTypeParser: (oid: number, format?: string) => unknown): Promise<ClientConfig> {
  const {user, password, host, port, dbname, params} = parsePgUrl(url)
  const timeout = Number(params.connect_timeout ?? process.env.PGCONNECT_TIMEOUT ?? 10)
  const {connect_timeout: _, sslmode, sslcert, sslkey, sslrootcert, sslpassword, ...rest} = params
  return {
    ...rest,
    host,
    port,
    user,
    database: dbname,
    ssl: await sslConfig({sslmode, sslcert, sslkey, sslrootcert, sslpassword}),
    // Asked only when the server wants one: the URL's, else PGPASSWORD, else ~/.pgpass (or PGPASSFILE).
    password: password ?? ((async (found: {host: string; port: number; database: string; user: string}) => process.env.PGPASSWORD ?? (await fromPgpass(found))) as () => Promise<string>),
    connectionTimeoutMillis: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 10_000,
    // A lock held by anyone (an open transaction, a LOCK TABLE in psql) ends the command in "busy", as SQLite's busy timeout does; 0 would mean no limit.
    lock_timeout: Math.max(1, busyTimeoutMs()),
    application_name: params.application_name ?? 'toil',
    types: {getTypeParser} as ClientConfig['types'],
  }
}

/**
 * sslmode and its files as libpq reads them. `allow` and `prefer` make libpq's first attempt only
 * (without TLS, with TLS unverified): the driver does not fall back. No sslmode and no file: no TLS
 * (unless PGSSLMODE says otherwise).
 */
async function sslConfig(given: {sslmode?: string; sslcert?: string; sslkey?: string; sslrootcert?: string; sslpassword?: string}): Promise<ClientConfig['ssl']> {
  const {sslmode, sslcert, sslkey, sslrootcert, sslpassword} = given
  if (sslmode === 'disable' || sslmode === 'allow') return false
  if (sslmode === undefined && sslcert === undefined && sslkey === undefined && sslrootcert === undefined) return undefined
  const {readFileSync} = await import('node:fs')
  const ssl: Exclude<ClientConfig['ssl'], boolean | undefined> = {}
  if (sslcert !== undefined) ssl.cert = readFileSync(sslcert, 'utf8')
  if (sslkey !== undefined) ssl.key = readFileSync(sslkey, 'utf8')
  if (sslrootcert !== undefined) ssl.ca = readFileSync(sslrootcert, 'utf8')
  if (sslpassword !== undefined) ssl.passphrase = sslpassword
  if (sslmode === 'prefer' || (sslmode === 'require' && sslrootcert === undefined)) ssl.rejectUnauthorized = false
  // require with a root certificate checks the chain, as verify-ca does; verify-ca never the host name.
  else if (sslmode === 'require' || sslmode === 'verify-ca') {
    if (sslrootcert === undefined) throw inputError('db', 'sslmode=verify-ca', 'needs sslrootcert=FILE: the certificate authority the server\'s certificate must be signed by')
    ssl.checkServerIdentity = () => undefined
  }
  return ssl
}

async function fromPgpass(params: {host: string; port: number; database: string; user: string}): Promise<string | undefined> {
  const {default: pgpass} = await import('pgpass')
  // libpq looks a Unix socket up as "localhost".
  const host = params.host?.startsWith('/') ? 'localhost' : params.host
  return new Promise((done) => pgpass({...params, host}, (pass) => done(pass)))
}

/** Where a client connects, for messages: "HOST:PORT", or the socket file. */
function place(client: Client): string {
  const {host, port} = client as unknown as {host: string; port: number}
  return host.startsWith('/') ? `${host}/.s.PGSQL.${port}` : `${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** A failure to connect or log in, as one line naming the server (exit 3). */
function connectError(error: Error & {code?: string}, client: Client, label: string, secrets: readonly (string | undefined)[]): ToilError {
  const user = (client as unknown as {user: string}).user
  // No CONNECT on a toil database: only toil's group roles have it (docs/team.md).
  if (error.code === '42501') return notPermitted(`user ${JSON.stringify(user)} has no toil role in ${label}; its owner grants one with toil access grant (see docs/team.md)`)
  const at = `PostgreSQL at ${place(client)} (${label})`
  let why: string
  if (error.code === '28P01' || error.code === '28000') why = `refused user ${JSON.stringify(user)}: ${error.message}; check PGPASSWORD or ~/.pgpass`
  else if (/password must be a string|no password/i.test(error.message)) why = `wants a password for user ${JSON.stringify(user)}: set PGPASSWORD or add it to ~/.pgpass`
  else if (error.code === '3D000') why = `has no such database: ${error.message}; create it first (see docs/team.md)`
  else why = `cannot be reached: ${error.message || error.code || 'connection failed'}`
  let message = `${at} ${why}`
  // Belt and braces: whatever a driver says, no password (the login's, the key's) is repeated.
  for (const secret of secrets) if (secret) message = message.replaceAll(secret, '***')
  return databaseError(message, 'bad-database')
}

/** Opens one connection, or says in one line why it cannot (exit 3; a malformed URL exits 2). */
export async function connect(url: string): Promise<Db> {
  const pg = (await import('pg')).default
  const getTypeParser = (oid: number, format?: string) => (oid === OID.int8 ? parseInt8 : pg.types.getTypeParser(oid, format as 'text'))
  const config = await clientConfig(url, getTypeParser)
  const client = new pg.Client(config)
  const label = redactUrl(url)
  // A connection that drops later fails the query in flight; it must not also crash the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => undefined)
    const password = typeof config.password === 'string' ? config.password : process.env.PGPASSWORD
    const passphrase = typeof config.ssl === 'object' ? (config.ssl.passphrase as string | undefined) : undefined
    throw connectError(error as Error & {code?: string}, client, label, [password, passphrase])
  }
  return new Db(client, label)
}

const notToil = (label: string, what: string) => databaseError(`${label} is not a toil database (${what}); choose an empty database or another --db`)

/**
 * Checks the database is toil's (or empty) and its schema not newer than this
 * toil's, then brings an older or empty one up to date in one transaction.
 * A database refused here is left exactly as it was.
 */
export async function migrate(db: Db, migrations: readonly string[] = PG_MIGRATIONS, options: {mustExist?: boolean} = {}): Promise<number> {
  const known = migrations.length
  let version = await schemaVersion(db)
  if (version === undefined) {
    // Anything in any schema of the database's own (not the system's) makes it another application's:
    // a table, view, sequence or function, or a schema of its own, not only what sits in toil's schema.
    const other = await db.row<{name: string}>(`SELECT what AS name FROM (
        SELECT 1 AS o, 'table ' || CASE WHEN n.nspname = current_schema() THEN '' ELSE quote_ident(n.nspname) || '.' END || to_json(c.relname::text)::text AS what
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        UNION ALL
        SELECT 2, 'function ' || quote_ident(n.nspname) || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
        UNION ALL
        SELECT 3, 'schema ' || quote_ident(n.nspname) FROM pg_namespace n
          WHERE n.nspname NOT IN ('information_schema', 'public') AND n.nspname <> current_schema() AND n.nspname NOT LIKE 'pg\\_%') x
      ORDER BY o, what LIMIT 1`)
    // Another process may have created toil's schema between the two reads: look again before calling it foreign.
    if (other) version = await schemaVersion(db)
    if (other && version === undefined) throw notToil(db.label, `it holds ${other.name} and no ${MARKER_TABLE} table`)
    // A read-only command never creates a schema: a mistyped URL would look empty and healthy.
    if (!other && options.mustExist) throw noDatabaseError(db.label)
  }
  if (version !== undefined && version > known) {
    throw databaseError(`${db.label} was written by a newer toil (schema ${version}; this one knows ${known}); upgrade toil`, 'newer-database')
  }
  if (version === known) return version
  try {
    await upgrade(db, migrations)
  } catch (error) {
    if ((error as {code?: string}).code !== '42501') throw error
    throw databaseError(`${db.label}: user ${JSON.stringify((db.client as unknown as {user: string}).user)} may not create toil's tables (${(error as Error).message}); the database's owner runs toil once first (see docs/team.md)`)
  }
  return known
}

/** Runs the migrations the database lacks, in one transaction, one process at a time. */
async function upgrade(db: Db, migrations: readonly string[]): Promise<void> {
  const known = migrations.length
  await db.tx(async () => {
    // One process migrates; the others wait here, then find the work done.
    await db.run(`SELECT pg_advisory_xact_lock(hashtext('toil schema migration'))`)
    await db.run(`CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const version = (await schemaVersion(db)) ?? 0
    if (version > known) throw databaseError(`${db.label} was written by a newer toil (schema ${version}; this one knows ${known}); upgrade toil`, 'newer-database')
    for (let v = version; v < known; v++) {
      await db.run(migrations[v]!)
      await db.run(`INSERT INTO ${MARKER_TABLE} (version) VALUES ($1)`, [v + 1])
    }
    if (version < known) await fillNameKeys(db)
  })
}

/**
 * Gives each task without a name key its nameKey, in one statement, unless another task of its
 * team has that key already: such a pair is left for toil doctor to report and toil task merge to join.
 */
async function fillNameKeys(db: Db): Promise<void> {
  const column = await db.row(`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks' AND column_name = 'name_key'`)
  if (!column) return
  const taken = new Set((await db.rows<{team_id: string; name_key: string}>(`SELECT team_id::text, name_key FROM tasks WHERE name_key IS NOT NULL`)).map((r) => `${r.team_id}\u0000${r.name_key}`))
  const ids: string[] = []
  const keys: string[] = []
  for (const row of await db.rows<{id: string; team_id: string; name: string}>(`SELECT id::text, team_id::text, name FROM tasks WHERE name_key IS NULL ORDER BY id`)) {
    const key = nameKey(row.name)
    if (taken.has(`${row.team_id}\u0000${key}`)) continue
    taken.add(`${row.team_id}\u0000${key}`)
    ids.push(row.id)
    keys.push(key)
  }
  if (ids.length === 0) return
  // Derived from each name, inside the upgrade's transaction: no one's change, so no audit row
  // (DDL is transactional: the triggers are on again when the upgrade commits, or never off).
  await db.run(`ALTER TABLE tasks DISABLE TRIGGER USER`)
  await db.run(`UPDATE tasks t SET name_key = k.key FROM unnest($1::bigint[], $2::text[]) AS k(id, key) WHERE t.id = k.id`, [ids, keys])
  await db.run(`ALTER TABLE tasks ENABLE TRIGGER USER`)
}

/** The schema version toil recorded, or undefined where toil never did. */
export async function schemaVersion(db: Db): Promise<number | undefined> {
  try {
    const row = await db.row<{version: number | null}>(`SELECT max(version) AS version FROM ${MARKER_TABLE}`)
    return row?.version ?? 0
  } catch (error) {
    if ((error as {code?: string}).code === '42P01') return undefined
    if ((error as {code?: string}).code === '42501') {
      throw notPermitted(`user ${JSON.stringify((db.client as unknown as {user: string}).user)} has no toil role in ${db.label}; its owner grants one with toil access grant (see docs/team.md)`)
    }
    throw error
  }
}
