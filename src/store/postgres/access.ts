/**
 * Who may see and change what (SPEC §9.1): per-team grants of login roles, kept in
 * `access` and read by row-level security, and the audit the database writes.
 */
import {inputError, notPermitted, quote} from '../../domain/errors.js'
import {type Db, fold} from './connection.js'
import {MEMBER_FUNCTIONS} from './schema.js'

export type AccessRole = 'engineer' | 'lead'

export interface Grant {
  login: string
  team: string
  role: AccessRole
  grantedAt: string
}

export interface AuditRow {
  id: number
  at: string
  who: string
  action: string
  object: string
  /** The one team the change touched, else null (see teams). */
  team: string | null
  /** Every team the change touched. */
  teams: string[]
  /** Each changed row by name (`entry ID`, `task NAME`, `team NAME`…) as it was: the changed columns of an update, the whole row of a removal. */
  before: Record<string, Record<string, unknown>>
  /** Each changed row by name as it is now: the changed columns of an update, the whole row of an addition; `entries added` counts an import's entries. */
  after: Record<string, unknown>
}

/** The cluster-wide group role of one database's engineers or leads: roles are shared by every database on a server. */
export async function groupRole(db: Db, role: AccessRole): Promise<string> {
  const {name} = (await db.row<{name: string}>(`SELECT toil_group($1) AS name`, [role]))!
  return name
}

/** Only the owner of toil's tables (or a superuser) hands out roles. */
async function mustOwn(db: Db, what: string): Promise<void> {
  const own = await db.row<{ok: boolean}>(`SELECT pg_has_role(current_user, c.relowner, 'USAGE') AS ok FROM pg_class c WHERE c.oid = 'entries'::regclass`)
  if (!own?.ok) throw notPermitted(`${what} is for the database's owner; ask them (see docs/team.md)`)
}

async function teamId(db: Db, team: string, create: boolean): Promise<{id: number; name: string}> {
  const found = await db.row<{id: number; name: string}>(`SELECT id, name FROM teams WHERE lower(name) = ${fold('$1')}`, [team])
  if (found) return found
  if (!create) throw inputError('team', team, 'is not a team of this database')
  return (await db.row<{id: number; name: string}>(`INSERT INTO teams (name) VALUES ($1) RETURNING id, name`, [team]))!
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

export async function grant(db: Db, login: string, team: string, role: AccessRole): Promise<Grant> {
  await mustOwn(db, 'toil access grant')
  const exists = await db.row<{login: boolean}>(`SELECT rolcanlogin AS login FROM pg_roles WHERE rolname = $1`, [login])
  if (!exists) throw inputError('login', login, 'is not a PostgreSQL role on this server; create it first (CREATE ROLE … LOGIN)')
  const group = await groupRole(db, role)
  return db.change('access grant', async () => {
    if (!(await db.row(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [group]))) {
      try {
        await db.run(`CREATE ROLE ${ident(group)} NOLOGIN`)
      } catch (error) {
        if ((error as {code?: string}).code !== '42501') throw error
        throw notPermitted(`creating toil's group role ${quote(group)} needs CREATEROLE: a superuser runs ALTER ROLE ${ident(String((db.client as unknown as {user: string}).user))} CREATEROLE, or creates the role (see docs/team.md)`)
      }
    }
    // Privileges on tables; which rows each may touch is row-level security's business.
    await db.run(`GRANT USAGE ON SCHEMA ${ident((await db.row<{s: string}>('SELECT current_schema() AS s'))!.s)} TO ${ident(group)}`)
    await db.run(`GRANT SELECT, INSERT, UPDATE, DELETE ON teams, capacity, tasks, entries TO ${ident(group)}`)
    await db.run(`GRANT SELECT ON access, audit, toil_schema TO ${ident(group)}`)
    // Members connect through the group role (PUBLIC may not), and execute the functions the
    // policies and the analyzer's sums call; temporary tables stage an import.
    await db.run(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident((await db.row<{d: string}>('SELECT current_database() AS d'))!.d)} TO ${ident(group)}`)
    await db.run(`GRANT EXECUTE ON FUNCTION ${MEMBER_FUNCTIONS.join(', ')} TO ${ident(group)}`)
    await db.run(`GRANT ${ident(group)} TO ${ident(login)}`)
    const t = await teamId(db, team, true)
    const row = (await db.row<{grantedAt: Date}>(`INSERT INTO access (login, team_id, role) VALUES ($1, $2, $3)
      ON CONFLICT (login, team_id) DO UPDATE SET role = EXCLUDED.role, granted_at = now() RETURNING granted_at AS "grantedAt"`, [login, t.id, role]))!
    return {login, team: t.name, role, grantedAt: new Date(row.grantedAt).toISOString()}
  })
}

export async function revoke(db: Db, login: string, team: string): Promise<Grant> {
  await mustOwn(db, 'toil access revoke')
  return db.change('access revoke', async () => {
    const t = await teamId(db, team, false)
    const gone = await db.row<{role: AccessRole; grantedAt: Date}>(`DELETE FROM access WHERE login = $1 AND team_id = $2 RETURNING role, granted_at AS "grantedAt"`, [login, t.id])
    if (!gone) throw inputError('login', login, `has no toil role in team ${quote(t.name)}; toil access list shows who has`)
    const still = await db.row(`SELECT 1 FROM access WHERE login = $1 AND role = $2`, [login, gone.role])
    if (!still) await db.run(`REVOKE ${ident(await groupRole(db, gone.role))} FROM ${ident(login)}`)
    return {login, team: t.name, role: gone.role, grantedAt: new Date(gone.grantedAt).toISOString()}
  })
}

export async function list(db: Db): Promise<Grant[]> {
  await mustOwn(db, 'toil access list')
  const rows = await db.rows<Grant & {grantedAt: Date}>(`SELECT a.login, tm.name AS team, a.role, a.granted_at AS "grantedAt"
    FROM access a JOIN teams tm ON tm.id = a.team_id ORDER BY lower(tm.name), a.role DESC, a.login`)
  return rows.map((r) => ({...r, grantedAt: new Date(r.grantedAt).toISOString()}))
}

const callers = new WeakMap<Db, Promise<{me: string; owns: boolean}>>()

/** The login role and whether it owns toil's tables: asked once per connection, shared by the analyzer's concurrent reads. */
function caller(db: Db): Promise<{me: string; owns: boolean}> {
  let known = callers.get(db)
  if (known === undefined) {
    known = db.row<{me: string; owns: boolean}>(`SELECT current_user AS me, pg_has_role(current_user, c.relowner, 'USAGE') AS owns FROM pg_class c WHERE c.oid = 'entries'::regclass`)
      .then((r) => r ?? {me: '', owns: false})
    callers.set(db, known)
  }
  return known
}

/**
 * A member is their login role (SPEC §9.1), whatever $TOIL_USER says; the owner's login may be
 * shared (the setup before roles), so the owner says who they are as on SQLite.
 */
export async function identity(db: Db): Promise<string | undefined> {
  const {me, owns} = await caller(db)
  return owns ? undefined : me
}

/** The caller's role: 'owner' for whoever owns toil's tables, else their most senior grant, or null. */
export async function callerRole(db: Db, team?: string): Promise<'owner' | AccessRole | null> {
  if ((await caller(db)).owns) return 'owner'
  const row = await db.row<{role: AccessRole}>(`SELECT role FROM access a JOIN teams tm ON tm.id = a.team_id
    WHERE a.login = current_user AND ($1::text IS NULL OR lower(tm.name) = ${fold('$1')}) ORDER BY role DESC LIMIT 1`, [team ?? null])
  return row?.role ?? null
}

export async function auditRows(db: Db, filter: {team?: string; since?: string}): Promise<AuditRow[]> {
  const rows = await db.rows<AuditRow & {at: Date}>(`SELECT id, at, who, action, object, team, teams, before, after FROM audit
    WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM unnest(teams) t WHERE lower(t) = ${fold('$1')})) AND ($2::text IS NULL OR at >= $2::date)
    ORDER BY id`, [filter.team ?? null, filter.since ?? null])
  return rows.map((r) => ({...r, at: new Date(r.at).toISOString()}))
}

/** Whether the caller is an engineer (not a lead) in any team. */
export async function engineerSomewhere(db: Db): Promise<boolean> {
  return (await db.row(`SELECT 1 FROM access WHERE login = current_user AND role = 'engineer' LIMIT 1`)) !== undefined
}
