/** Backup, restore and doctor on PostgreSQL: a backup is the JSONL export, written to a file. */
import {once} from 'node:events'
import {createReadStream, createWriteStream, mkdirSync, readdirSync, renameSync, rmSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, join} from 'node:path'
import {createInterface} from 'node:readline'
import {finished} from 'node:stream/promises'

import {ToilError, databaseError} from '../../domain/errors.js'
import {RecordReader, toJsonl} from '../../domain/records.js'
import type {DoctorReport, ImportRecord} from '../store.js'
import {type Db, schemaVersion} from './connection.js'
import {MARKER_TABLE, MEMBER_FUNCTIONS, PG_MIGRATIONS} from './schema.js'
import {exportAll, importRecords} from './transfer.js'

const KEEP_BACKUPS = 5
const TABLES = ['teams', 'capacity', 'tasks', 'entries'] as const

/** Backups of a PostgreSQL database go where SQLite's default database keeps its own. */
function backupDir(): string {
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(data, 'toil', 'backups')
}

/** A file name for this database: server, port and database name, never a user or password. */
function backupPrefix(db: Db): string {
  const {host, port, database} = db.client as unknown as {host: string; port: number; database: string}
  return `pg-${host}-${port}-${database}`.replaceAll(/[^\w.-]+/g, '_')
}

/** Writes a backup and keeps the newest KEEP_BACKUPS of this database. */
export async function backup(db: Db, reason: string): Promise<string> {
  const file = await writeBackup(db, reason)
  rotate(db, file)
  return file
}

/**
 * Writes a backup without rotating older ones: a change taking it rotates only once it has
 * committed, and removes it when it fails, so a refused command leaves the backups as they were.
 */
export async function writeBackup(db: Db, reason: string): Promise<string> {
  const dir = backupDir()
  // Backups hold the whole history: folders toil creates are their owner's only (an existing one is left as it is).
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const prefix = `${backupPrefix(db)}.`
  const stamp = new Date().toISOString().replaceAll(/[-:.]/g, '')
  const file = join(dir, `${prefix}${stamp}.${process.pid}.${reason}.jsonl`)
  const partial = `${file}.partial`
  // A team's whole history: readable by its owner only. Written beside its name and renamed: never half a backup.
  const out = createWriteStream(partial, {mode: 0o600})
  try {
    let chunk = ''
    for await (const record of exportAll(db)) {
      chunk += toJsonl(record)
      if (chunk.length < 1 << 16) continue
      const flowing = out.write(chunk)
      chunk = ''
      if (!flowing) await once(out, 'drain')
    }
    out.end(chunk)
    await finished(out)
    renameSync(partial, file)
  } catch (error) {
    out.destroy()
    rmSync(partial, {force: true})
    throw error
  }
  return file
}

/** Keeps the newest KEEP_BACKUPS complete backups of this database, `keep` always among them. */
export function rotate(db: Db, keep: string): void {
  const dir = backupDir()
  const prefix = `${backupPrefix(db)}.`
  const files = readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl') && join(dir, f) !== keep).sort()
  for (const old of files.slice(0, Math.max(0, files.length + 1 - KEEP_BACKUPS))) rmSync(join(dir, old), {force: true})
}

/** Whether a process of this machine still runs (a backup it is writing is not a leftover). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes the partial backups of this database that killed processes left; returns their names. */
export async function removeStrayPartials(db: Db): Promise<string[]> {
  const dir = backupDir()
  const prefix = `${backupPrefix(db)}.`
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const stray = names.filter((f) => {
    const pid = /^\d{8}T\d{9}Z\.(\d+)\./.exec(f.slice(prefix.length))?.[1]
    return f.startsWith(prefix) && f.endsWith('.jsonl.partial') && pid !== undefined && !alive(Number(pid))
  })
  for (const f of stray) rmSync(join(dir, f), {force: true})
  return stray
}

async function* backupRecords(file: string): AsyncGenerator<ImportRecord[]> {
  const reader = new RecordReader(new Date().toISOString())
  const lines = createInterface({input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY})
  let batch: ImportRecord[] = []
  let line = 0
  for await (const text of lines) {
    const record = reader.jsonl(text, ++line)
    if (record) batch.push(record)
    if (batch.length >= 1000) {
      yield batch
      batch = []
    }
  }
  yield batch
}

/** Loads a backup (a JSONL export) into an empty database, all or nothing. Nothing needs a safety copy: returns null. */
export async function restore(db: Db, file: string): Promise<null> {
  const held = (await db.row<{n: number}>(`SELECT (SELECT count(*) FROM teams) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM entries) AS n`))!.n
  if (held > 0) {
    throw new ToilError('conflict', `db: ${db.label} is not empty; restore loads a backup into an empty database only (create one, or toil import merges the file)`)
  }
  try {
    await db.change('restore', () => importRecords(db, backupRecords(file)), basename(file))
  } catch (error) {
    if (error instanceof ToilError && error.code === 'invalid-input') throw databaseError(`${file} is not a toil backup (${error.message}); not restored`)
    throw error
  }
  return null
}

interface Definition {
  kind: string
  table: string
  name: string
  definition: string
  valid: boolean
}

/** The constraints and indexes on toil's tables in one schema (an SQL expression of its oid). */
async function definitions(db: Db, schema: string): Promise<Definition[]> {
  const constraints = await db.rows<Definition>(`SELECT 'constraint' AS kind, c.conrelid::regclass::text AS table, c.conname AS name,
      pg_get_constraintdef(c.oid) AS definition, c.convalidated AS valid
    FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
    WHERE r.relnamespace = ${schema} AND r.relname = ANY ($1)`, [TABLES])
  const indexes = await db.rows<Definition>(`SELECT 'index' AS kind, i.tablename AS table, i.indexname AS name,
      regexp_replace(i.indexdef, ' ON \\S+ USING', ' ON ' || i.tablename || ' USING') AS definition, true AS valid
    FROM pg_indexes i WHERE i.schemaname = (SELECT nspname FROM pg_namespace WHERE oid = ${schema}) AND i.tablename = ANY ($1)`, [TABLES])
  return [...constraints, ...indexes].map((d) => ({...d, table: d.table.replace(/^.*\./, '')}))
}

/**
 * Compares the constraints and indexes found with those this version's migrations
 * create (built in a rolled-back transaction among temporary tables), and counts rows
 * that point nowhere. Changes nothing.
 */
export async function doctor(db: Db): Promise<DoctorReport> {
  const found = await definitions(db, `(SELECT oid FROM pg_namespace WHERE nspname = current_schema())`)
  let expected: Definition[] = []
  await db.client.query('BEGIN')
  try {
    await db.client.query('SET LOCAL search_path = pg_temp')
    // Only the first migration shapes the four tables compared; the later ones add access and audit.
    for (const sql of PG_MIGRATIONS.slice(0, 1)) await db.client.query(sql)
    expected = await definitions(db, 'pg_my_temp_schema()')
  } finally {
    await db.client.query('ROLLBACK')
  }
  const key = (d: Definition) => `${d.kind} ${d.name} on ${d.table}`
  const have = new Map(found.map((d) => [key(d), d]))
  const integrity: string[] = []
  for (const want of expected) {
    const got = have.get(key(want))
    if (!got) integrity.push(`${key(want)} is missing`)
    else if (got.definition !== want.definition) integrity.push(`${key(want)} is ${got.definition}, not ${want.definition}`)
    else if (!got.valid) integrity.push(`${key(want)} is not validated`)
  }
  const count = async (sql: string) => (await db.row<{n: number}>(sql))!.n
  const foreignKeys = await count(`SELECT
    (SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)) +
    (SELECT count(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM teams tm WHERE tm.id = t.team_id)) +
    (SELECT count(*) FROM capacity c WHERE NOT EXISTS (SELECT 1 FROM teams tm WHERE tm.id = c.team_id)) AS n`)
  const tampered = await tampering(db)
  return {
    // Named only when found, so a sound database reports the same on both stores.
    ...(tampered && tampered.length > 0 ? {tampering: tampered} : {}),
    integrity: integrity.length === 0 ? ['ok'] : integrity,
    foreignKeys,
    schemaVersion: (await schemaVersion(db)) ?? 0,
    entries: await count(`SELECT count(*) AS n FROM entries`),
    tasks: await count(`SELECT count(*) AS n FROM tasks`),
    teams: await count(`SELECT count(*) AS n FROM teams`),
  }
}

/** What a catalog holds of toil's kinds of objects in one schema, each by key, normalised so two schemas compare. */
async function catalog(db: Db, schema: string): Promise<Map<string, string>> {
  const strip = (text: string | null) => (text ?? '').replaceAll(`"${schema}".`, '').replaceAll(`${schema}.`, '').replaceAll(schema, '@')
  const found = new Map<string, string>()
  const add = (rows: {k: string; v: string | null}[]) => {
    for (const r of rows) found.set(r.k, strip(r.v))
  }
  const ns = `(SELECT oid FROM pg_namespace WHERE nspname = $1)`
  add(await db.rows(`SELECT 'relation ' || c.relname AS k, c.relkind::text || ' rls ' || c.relrowsecurity || ' forced ' || c.relforcerowsecurity AS v
    FROM pg_class c WHERE c.relnamespace = ${ns} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`, [schema]))
  add(await db.rows(`SELECT 'policy ' || p.polname || ' on ' || c.relname AS k,
      p.polcmd::text || ' ' || p.polpermissive || ' ' || p.polroles::text || ' using ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' check ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') AS v
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = ${ns}`, [schema]))
  add(await db.rows(`SELECT 'trigger ' || t.tgname || ' on ' || c.relname AS k, t.tgenabled::text || ' ' || pg_get_triggerdef(t.oid) AS v
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = ${ns} AND NOT t.tgisinternal`, [schema]))
  add(await db.rows(`SELECT 'function ' || p.oid::regprocedure::text AS k, l.lanname || ' definer ' || p.prosecdef || ' ' || p.provolatile::text
      || ' owned by the owner of the tables ' || (p.proowner = (SELECT c.relowner FROM pg_class c WHERE c.relnamespace = ${ns} AND c.relname = 'entries'))
      || ' ' || coalesce(p.proconfig::text, '') || ' ' || p.prosrc AS v
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = ${ns}`, [schema]))
  // Operators, types and the like toil never makes: any is someone else's.
  add(await db.rows(`SELECT 'operator ' || o.oid::regoperator::text AS k, '' AS v FROM pg_operator o WHERE o.oprnamespace = ${ns}`, [schema]))
  return found
}

const TABLE_PRIVILEGES: Record<string, string> = {teams: 'arwd', capacity: 'arwd', tasks: 'arwd', entries: 'arwd', access: 'r', audit: 'r', toil_schema: 'r'}

/**
 * What toil did not make (SPEC §9.1): compares the schema's tables, row-level security, policies,
 * triggers and functions with those this version's migrations create (in a scratch schema, rolled
 * back), and checks every grant: on tables, sequences, functions, the schema and the database only
 * the owner and toil's group roles, with the privileges toil gives them; the group roles hold
 * nothing else. The owner's check: a member cannot read all of it (returns undefined).
 */
async function tampering(db: Db): Promise<string[] | undefined> {
  const {schema, owns} = (await db.row<{schema: string; owns: boolean}>(`SELECT current_schema() AS schema,
    pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'entries'::regclass), 'USAGE') AS owns`))!
  if (!owns) return undefined
  const found = await catalog(db, schema)
  let expected = new Map<string, string>()
  const scratch = `toil_doctor_${process.pid}`
  await db.client.query('BEGIN')
  try {
    await db.client.query(`CREATE SCHEMA ${scratch}`)
    await db.client.query(`SET LOCAL search_path = ${scratch}`)
    await db.client.query(`CREATE TABLE ${MARKER_TABLE} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    for (const sql of PG_MIGRATIONS) await db.client.query(sql)
    expected = await catalog(db, scratch)
  } finally {
    await db.client.query('ROLLBACK')
  }
  const findings: string[] = []
  for (const [key, want] of expected) {
    const got = found.get(key)
    if (got === undefined) findings.push(`${key} is missing`)
    else if (got !== want) findings.push(`${key} is not as toil made it${key.startsWith('trigger') && got[0] === 'D' ? ' (disabled)' : ''}`)
  }
  for (const key of found.keys()) if (!expected.has(key)) findings.push(`${key} is not toil's`)

  // Grants: the owner, and toil's group roles with what toil access grant gives them.
  const groups = (await db.rows<{name: string}>(`SELECT toil_group('engineer') AS name UNION ALL SELECT toil_group('lead')`)).map((r) => r.name)
  const grants = await db.rows<{what: string; name: string; grantee: string; privilege: string; owner: boolean}>(`
    SELECT CASE c.relkind WHEN 'S' THEN 'sequence ' ELSE 'table ' END || c.relname AS what, c.relname AS name,
      coalesce(r.rolname, 'PUBLIC') AS grantee, a.privilege_type AS privilege, a.grantee = c.relowner AS owner
    FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND c.relacl IS NOT NULL
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure::text, p.oid::regprocedure::text, coalesce(r.rolname, 'PUBLIC'), a.privilege_type, a.grantee = p.proowner
    FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a LEFT JOIN pg_roles r ON r.oid = a.grantee
    WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
    UNION ALL
    SELECT 'schema ' || n.nspname, n.nspname, coalesce(r.rolname, 'PUBLIC'), a.privilege_type, a.grantee = n.nspowner
    FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE n.nspname = $1
    UNION ALL
    SELECT 'database ' || d.datname, d.datname, coalesce(r.rolname, 'PUBLIC'), a.privilege_type, a.grantee = d.datdba
    FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE d.datname = current_database()`, [schema])
  const letters: Record<string, string> = {SELECT: 'r', INSERT: 'a', UPDATE: 'w', DELETE: 'd'}
  const member = new Set<string>(MEMBER_FUNCTIONS)
  for (const g of grants) {
    if (g.owner) continue
    const group = groups.includes(g.grantee)
    const allowed = g.what.startsWith('table ') ? group && (TABLE_PRIVILEGES[g.name] ?? '').includes(letters[g.privilege] ?? '?')
      : g.what.startsWith('function ') ? group && g.privilege === 'EXECUTE' && member.has(g.name.replace(/^.*?\.(?=toil_)/, '').replaceAll(' ', ''))
      // USAGE alone lets nobody in: without CONNECT there is no session to use it in.
      : g.what.startsWith('schema ') ? g.privilege === 'USAGE'
      : g.what.startsWith('database ') ? group && (g.privilege === 'CONNECT' || g.privilege === 'TEMPORARY')
      : false
    if (!allowed) findings.push(`${g.what}: ${g.privilege} granted to ${g.grantee} is not toil's`)
  }
  // The group roles log nobody in, hold no other role's rights, and are held only by the logins access names.
  const roles = await db.rows<{name: string; problem: string}>(`
    SELECT g.rolname AS name, 'may log in or holds an attribute toil does not give' AS problem FROM pg_roles g
      WHERE g.rolname = ANY ($1) AND (g.rolcanlogin OR g.rolsuper OR g.rolcreaterole OR g.rolcreatedb OR g.rolbypassrls OR g.rolreplication)
    UNION ALL
    SELECT g.rolname, 'is a member of ' || r.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.member JOIN pg_roles r ON r.oid = m.roleid WHERE g.rolname = ANY ($1)
    UNION ALL
    SELECT g.rolname, 'is held by ' || l.rolname || ', who has no such grant in access' FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles l ON l.oid = m.member
      WHERE g.rolname = ANY ($1) AND NOT EXISTS (SELECT 1 FROM access a WHERE a.login = l.rolname AND toil_group(a.role) = g.rolname)
        -- The owner holds them WITH ADMIN OPTION where a DBA made them (docs/team.md), to grant them without CREATEROLE.
        AND NOT (m.admin_option AND l.oid = (SELECT c.relowner FROM pg_class c WHERE c.oid = 'entries'::regclass))`, [groups])
  for (const r of roles) findings.push(`group role ${r.name} ${r.problem}`)
  // Any other schema holding objects: not toil's.
  const others = await db.rows<{name: string}>(`SELECT n.nspname AS name FROM pg_namespace n WHERE n.nspname <> $1 AND n.nspname <> 'information_schema'
    AND n.nspname NOT LIKE 'pg\\_%' AND (EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid) OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid))
    ORDER BY 1`, [schema])
  for (const o of others) findings.push(`schema ${o.name} is not toil's`)
  return findings
}
