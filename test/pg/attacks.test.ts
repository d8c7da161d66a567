/**
 * The team database against those SPEC §9.1 does not trust: its members and any other login on
 * the server, with psql, temporary objects, their own settings and schemas at hand. Set up as
 * docs/team.md says (an owner role; engineers ann and bob and lead lee of payments; zed of search;
 * eve, a login with no grant), each attack is run as the role that would try it, through SQL and,
 * where a command does the same, through toil. Each checks the refusal (or the empty answer) and
 * that the owner's view of every table and of the audit, and toil's objects in the catalog, are
 * byte-identical before and after.
 */
import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import pg from 'pg'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {tempDb, toil, toilJson} from '../e2e/cli.js'
import {PG_MIGRATIONS} from '../../src/store/postgres/schema.js'
import {admin, freshDatabase} from './server.js'

const home = tempDb()
afterAll(() => home.cleanup())
const env = {XDG_DATA_HOME: home.dir, HOME: home.dir}

// Roles are cluster-wide: named per test process.
const tag = `${process.pid}`
const owner = `toil_${tag}`
const [ann, bob, lee, zed, eve] = ['ann', 'bob', 'lee', 'zed', 'eve'].map((n) => `${n}_${tag}`) as [string, string, string, string, string]

let database = ''
const server = () => inject('pg')
const urlAs = (user: string, db = database) => `postgres://${user}@localhost/${db}?host=${encodeURIComponent(server().socketDir)}&port=${server().port}`
const as = (user: string, args: string[], extra: Record<string, string> = {}) => toil([...args, '--db', urlAs(user)], {env: {...env, TOIL_USER: user, ...extra}})
const asJson = (user: string, args: string[]) => toilJson(urlAs(user), args, {env: {...env, TOIL_USER: user}})

/** A psql-like session as a login role: every statement in order, on one connection. */
async function session<T>(user: string, fn: (q: (text: string, params?: unknown[]) => Promise<pg.QueryResult>) => Promise<T>, options: {options?: string; db?: string} = {}): Promise<T> {
  const client = new pg.Client({host: server().socketDir, port: server().port, user, database: options.db ?? database, options: options.options})
  await client.connect()
  try {
    return await fn((text, params = []) => client.query(text, params))
  } finally {
    await client.end()
  }
}
const sql = (user: string, text: string, params: unknown[] = []) => session(user, (q) => q(text, params))

/** Everything toil keeps, as the superuser sees it, and toil's objects in the catalog. */
async function snapshot(): Promise<string> {
  const parts: unknown[] = []
  for (const table of ['teams', 'capacity', 'tasks', 'entries', 'access', 'audit', 'toil_schema']) {
    parts.push(await admin(`SELECT * FROM ${table} ORDER BY 1, 2`, [], database))
  }
  parts.push(await admin(`SELECT polrelid::regclass::text, polname, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) FROM pg_policy ORDER BY 1, 2`, [], database))
  parts.push(await admin(`SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`, [], database))
  parts.push(await admin(`SELECT p.oid::regprocedure::text AS f, p.prosrc, p.proacl::text, p.proconfig, p.prosecdef, p.proowner::regrole::text FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`, [], database))
  parts.push(await admin(`SELECT c.relname, c.relacl::text, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' ORDER BY 1`, [], database))
  parts.push(await admin(`SELECT r.rolname, m.rolname AS member FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
    WHERE m.rolname LIKE '%\\_${tag}' ORDER BY 1, 2`))
  parts.push(await admin(`SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname LIKE '%\\_${tag}' ORDER BY 1`))
  parts.push(await admin(`SELECT datacl::text FROM pg_database WHERE datname = $1`, [database]))
  parts.push(await admin(`SELECT nspname, nspacl::text FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' ORDER BY 1`, [], database))
  return JSON.stringify(parts)
}

/** Runs an attack and checks that nothing toil keeps changed. */
async function unchanged(attack: () => Promise<void>): Promise<void> {
  const before = await snapshot()
  await attack()
  expect(await snapshot()).toBe(before)
}

/** A statement's failure code, or 'ok'. */
const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (error: {code?: string; message: string}) => error.code ?? error.message)

const ids: Record<string, string> = {}
let payments = 0
let search = 0

beforeAll(async () => {
  for (const role of [ann, bob, lee, zed, eve, owner]) await admin(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined)
  for (const role of [ann, bob, lee, zed, eve]) await admin(`CREATE ROLE ${role} LOGIN`)
  // As the issue found it: an owner with CREATEROLE (toil access grant creates the group roles).
  await admin(`CREATE ROLE ${owner} LOGIN CREATEROLE`)
  const fresh = await freshDatabase('attacks')
  database = fresh.name
  await admin(`ALTER DATABASE ${database} OWNER TO ${owner}`)
  await admin(`ALTER SCHEMA public OWNER TO ${owner}`, [], database)

  expect((await as(owner, ['team', 'set', 'payments', '--members', '3', '--hours-per-week', '40'])).code).toBe(0)
  expect((await as(owner, ['team', 'set', 'search', '--members', '2', '--hours-per-week', '40'])).code).toBe(0)
  for (const [login, team, role] of [[ann, 'payments', 'engineer'], [bob, 'payments', 'engineer'], [lee, 'payments', 'lead'], [zed, 'search', 'engineer']]) {
    const r = await as(owner, ['access', 'grant', login!, '--team', team!, '--as', role!])
    expect(r.code, r.stderr).toBe(0)
  }
  const log = async (user: string, key: string, args: string[]) => {
    const r = await asJson(user, ['log', ...args])
    expect(r.code, JSON.stringify(r)).toBe(0)
    ids[key] = r.json.entry.id
  }
  await log(ann, 'ann', ['restart worker', '30m', '--team', 'payments', '--new', '--note', 'ann first', '--day', '2026-11-03'])
  await log(bob, 'bob', ['rotate certificates', '20m', '--team', 'payments', '--new', '--note', 'bob private note', '--day', '2026-11-04'])
  // October: bob alone logged in payments.
  await log(bob, 'bobOctober', ['rotate certificates', '45m', '--team', 'payments', '--note', 'bob alone', '--day', '2026-10-14'])
  await log(lee, 'leeForAnn', ['restart worker', '10m', '--team', 'payments', '--engineer', ann, '--note', 'lee for ann', '--day', '2026-11-05'])
  await log(zed, 'zed', ['reindex', '50m', '--team', 'search', '--new', '--note', 'zed secret', '--day', '2026-11-06'])
  payments = Number((await admin<{id: string}>(`SELECT id FROM teams WHERE name = 'payments'`, [], database))[0]!.id)
  search = Number((await admin<{id: string}>(`SELECT id FROM teams WHERE name = 'search'`, [], database))[0]!.id)
}, 180_000)

describe('a login with no grant (eve)', () => {
  it('cannot connect: PUBLIC has no CONNECT on a toil database; toil says she has no role, exit 4', async () => {
    await unchanged(async () => {
      expect(await outcome(sql(eve, 'SELECT 1'))).toBe('42501')
      const r = await as(eve, ['entries'])
      expect({code: r.code, stderr: r.stderr}).toMatchObject({code: 4, stderr: expect.stringMatching(/has no toil role/)})
    })
  })

  it('given CONNECT and TEMPORARY by mistake, still cannot make a toil function run her code as the owner', async () => {
    await admin(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${eve}`)
    try {
      await unchanged(async () => {
        const steps = await session(eve, async (q) => [
          await outcome(q(`CREATE FUNCTION pg_temp.evil() RETURNS bigint LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO public.access (login, team_id, role) VALUES ('${eve}', ${payments}, 'lead'); RETURN 0; END $$`)),
          await outcome(q(`CREATE TEMP VIEW access AS SELECT session_user::text AS login, pg_temp.evil() AS team_id, 'x'::text AS role`)),
          await outcome(q(`SELECT toil_role(${payments}, '${eve}')`)),
          await outcome(q(`SELECT * FROM toil_task_months('2026-01-01', '2026-12-31', NULL)`)),
          await outcome(q(`SELECT toil_change('restore', 'x')`)),
          await outcome(q(`SELECT * FROM entries`)),
          await outcome(q(`SELECT * FROM audit`)),
        ])
        // Her own temporary objects she may make; nothing of toil's may she run or read.
        expect(steps).toEqual(['ok', 'ok', '42501', '42501', '42501', '42501', '42501'])
      })
    } finally {
      await admin(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM ${eve}`)
    }
  })
})

describe('an engineer shadowing toil\'s tables with temporary objects (ann)', () => {
  it('a temporary access table naming her lead of every team changes nothing she sees or may do', async () => {
    await unchanged(async () => {
      await session(ann, async (q) => {
        await q(`CREATE TEMP TABLE access (login text, team_id bigint, role text)`)
        await q(`INSERT INTO access VALUES ('${ann}', ${payments}, 'lead'), ('${ann}', ${search}, 'lead')`)
        await q(`GRANT SELECT ON access TO PUBLIC`)
        // With pg_temp first in her own path too.
        await q(`SET search_path = pg_temp, public`)
        expect((await q(`SELECT toil_role(${payments}, '${ann}') AS r`)).rows[0].r).toBe('engineer')
        expect((await q(`SELECT toil_role(${search}, '${ann}') AS r`)).rows[0].r).toBeNull()
        const notes = (await q(`SELECT note FROM public.entries ORDER BY note`)).rows.map((r) => r.note)
        expect(notes).toEqual(['ann first', 'lee for ann'])
        expect((await q(`UPDATE public.entries SET note = 'mine' WHERE engineer = '${bob}'`)).rowCount).toBe(0)
        expect((await q(`DELETE FROM public.entries WHERE engineer = '${bob}'`)).rowCount).toBe(0)
        expect(await outcome(q(`UPDATE public.capacity SET members = 9`))).toBe('42501')
        expect(await outcome(q(`UPDATE public.teams SET toil_budget = 0.9`))).toBe('42501')
        expect((await q(`SELECT * FROM public.audit`)).rowCount).toBe(0)
        expect((await q(`SELECT * FROM public.teams`)).rows.map((r) => r.name)).toEqual(['payments'])
      })
    })
  })

  it('a temporary view calling her function gets no code of hers run by a toil function', async () => {
    await unchanged(async () => {
      await session(ann, async (q) => {
        await q(`CREATE FUNCTION pg_temp.evil() RETURNS bigint LANGUAGE plpgsql AS $$
          BEGIN INSERT INTO public.access (login, team_id, role) VALUES ('${ann}', ${search}, 'lead'); RETURN ${payments}; END $$`)
        for (const name of ['access', 'tasks', 'teams', 'entries']) {
          await q(`CREATE TEMP VIEW ${name} AS SELECT session_user::text AS login, pg_temp.evil() AS team_id, 'lead'::text AS role, pg_temp.evil() AS id`)
        }
        await q(`SET search_path = pg_temp, public`)
        for (const call of [`SELECT toil_role(${payments}, '${ann}')`, `SELECT toil_task_role(1, '${ann}')`, `SELECT toil_team_role('payments', '${ann}')`,
          `SELECT * FROM toil_task_months('2026-01-01', '2026-12-31', NULL)`, `SELECT * FROM toil_task_history('2026-12-31', NULL)`,
          `SELECT * FROM toil_engineer_team_hours('2026-01-01', '2026-12-31', ARRAY['payments'])`, `SELECT * FROM toil_task_totals(1)`,
          `SELECT toil_first_day(NULL)`, `SELECT toil_entry_logger('${ids.bob}')`]) {
          await q(call)
        }
        // Writes through the base tables fire toil's triggers, which must not find her objects either.
        await q(`UPDATE public.entries SET note = note WHERE id = '${ids.ann}'`)
      })
    })
  })

  it('a temporary audit table swallows nothing: her change is in the real audit', async () => {
    const before = (await admin<{n: number}>(`SELECT count(*)::int AS n FROM audit`, [], database))[0]!.n
    await session(ann, async (q) => {
      await q(`CREATE TEMP TABLE audit (LIKE public.audit)`)
      await q(`SET search_path = pg_temp, public`)
      await q(`UPDATE public.entries SET note = 'ann edited' WHERE id = '${ids.ann}'`)
      expect((await q(`SELECT count(*)::int AS n FROM pg_temp.audit`)).rows[0].n).toBe(0)
    })
    const rows = await admin<{who: string; action: string; before: Record<string, unknown>}>(`SELECT who, action, before FROM audit ORDER BY id OFFSET $1`, [before], database)
    expect(rows).toEqual([{who: ann, action: 'update entries', before: {[`entry ${ids.ann}`]: {note: 'ann first'}}}])
    await admin(`UPDATE entries SET note = 'ann first' WHERE id = $1`, [ids.ann], database)
  })

  it('a temporary pg_class claiming she owns the tables does not let her remove the entry a lead logged for her', async () => {
    await unchanged(async () => {
      await session(ann, async (q) => {
        await q(`CREATE TEMP TABLE pg_class (oid oid, relowner oid)`)
        await q(`INSERT INTO pg_temp.pg_class SELECT c.oid, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = '${ann}') FROM pg_catalog.pg_class c WHERE c.relname = 'entries'`)
        await q(`SET search_path = pg_temp, public`)
        expect(await outcome(q(`DELETE FROM public.entries WHERE id = '${ids.leeForAnn}'`))).toBe('42501')
        expect(await outcome(q(`UPDATE public.entries SET logged_by = NULL WHERE id = '${ids.ann}'`))).toBe('42501')
      })
      await session(lee, async (q) => {
        await q(`CREATE TEMP TABLE pg_class (oid oid, relowner oid)`)
        await q(`INSERT INTO pg_temp.pg_class SELECT c.oid, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = '${lee}') FROM pg_catalog.pg_class c WHERE c.relname = 'entries'`)
        await q(`SET search_path = pg_temp, public`)
        expect(await outcome(q(`UPDATE public.entries SET logged_by = '${ann}' WHERE id = '${ids.leeForAnn}'`))).toBe('42501')
        expect(await outcome(q(`DELETE FROM public.teams WHERE id = ${payments}`))).toBe('42501')
      })
    })
  })

  it('temporary functions and operators named like the ones toil\'s functions call are never found', async () => {
    await unchanged(async () => {
      await session(ann, async (q) => {
        await q(`CREATE FUNCTION pg_temp.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'payments' $$`)
        await q(`CREATE FUNCTION pg_temp.toil_my_teams() RETURNS SETOF bigint LANGUAGE sql AS $$ SELECT ${search}::bigint $$`)
        await q(`CREATE FUNCTION pg_temp.texteq_evil(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$`)
        await q(`CREATE OPERATOR pg_temp.= (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_temp.texteq_evil)`)
        await q(`SET search_path = pg_temp, public`)
        expect((await q(`SELECT toil_team_role('search', '${ann}') AS r`)).rows[0].r).toBeNull()
        const months = (await q(`SELECT * FROM toil_task_months('2026-01-01', '2026-12-31', 'search')`)).rows
        expect(months).toEqual([])
        expect((await q(`SELECT toil_first_day('search') AS d`)).rows[0].d).toBeNull()
      })
    })
  })
})

describe('an engineer with schemas, settings and roles of her own', () => {
  it('may create no schema, nothing in toil\'s schema, and may not alter toil\'s objects', async () => {
    await unchanged(async () => {
      for (const statement of [
        `CREATE SCHEMA mine`,
        `CREATE TABLE public.access2 (x int)`,
        `CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$`,
        `CREATE VIEW public.v AS SELECT 1`,
        `ALTER FUNCTION toil_role(bigint, text) SET search_path = pg_temp`,
        `CREATE OR REPLACE FUNCTION toil_role(team bigint, who text) RETURNS text LANGUAGE sql AS $$ SELECT 'lead' $$`,
        `ALTER TABLE entries DISABLE ROW LEVEL SECURITY`,
        `ALTER TABLE entries DISABLE TRIGGER permit_entries`,
        `ALTER TABLE entries DISABLE TRIGGER keep_logger`,
        `CREATE POLICY mine ON entries FOR SELECT USING (true)`,
        `TRUNCATE entries`,
        `COPY entries (id, task_id, engineer, day, minutes, created_at, logged_by) FROM PROGRAM 'true'`,
        `SELECT setval(pg_get_serial_sequence('entries', 'seq'), 1)`,
        `SELECT setval(pg_get_serial_sequence('audit', 'id'), 1)`,
        `SELECT toil_my_teams()`,
        `SELECT toil_audit_drop_empty()`,
        `SELECT toil_change('restore', 'nothing')`,
        `SELECT toil_change('access grant', 'nothing')`,
      ]) {
        expect(await outcome(sql(ann, statement)), statement).toMatch(/^(42501|0A000|42809)$/)
      }
      // Granting what she does not own is a warning, and grants nothing (the snapshot is unchanged).
      await sql(ann, `GRANT SELECT ON entries TO ${eve}`)
      expect(await outcome(sql(eve, 'SELECT 1'))).toBe('42501')
    })
  })

  it('SET ROLE to toil\'s group role shows her nothing more', async () => {
    await unchanged(async () => {
      const sums = (await sql(ann, `SELECT * FROM toil_task_months('2026-01-01', '2026-12-31', NULL)`)).rows
      await session(ann, async (q) => {
        const group = (await q(`SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.roleid = r.oid JOIN pg_roles me ON me.oid = m.member WHERE me.rolname = current_user`)).rows[0].rolname
        await q(`SET ROLE "${group}"`)
        expect((await q(`SELECT * FROM entries`)).rowCount).toBe(0)
        // The sums are the session's login's: hers, no more.
        expect((await q(`SELECT * FROM toil_task_months('2026-01-01', '2026-12-31', NULL)`)).rows).toEqual(sums)
        expect((await q(`SELECT * FROM audit`)).rowCount).toBe(0)
        expect(await outcome(q(`DELETE FROM entries`))).toBe('ok')
      })
    })
  })

  it('a custom setting naming the action (options=-c toil.change=restore) is not what the audit records', async () => {
    const before = (await admin<{n: number}>(`SELECT count(*)::int AS n FROM audit`, [], database))[0]!.n
    await session(ann, async (q) => {
      await q(`SELECT set_config('toil.object', 'a forged object', false)`)
      await q(`UPDATE entries SET minutes = 31 WHERE id = '${ids.ann}'`)
    }, {options: '-c toil.change=restore'})
    const rows = await admin<{who: string; action: string; object: string}>(`SELECT who, action, object FROM audit ORDER BY id OFFSET $1`, [before], database)
    expect(rows).toEqual([{who: ann, action: 'update entries', object: `entry ${ids.ann}`}])
    await admin(`UPDATE entries SET minutes = 30 WHERE id = $1`, [ids.ann], database)
  })

  it('reads the same as anyone else whatever her search_path, and gets nothing from COPY or EXPLAIN of another\'s rows', async () => {
    await unchanged(async () => {
      await session(ann, async (q) => {
        await q(`SET search_path = pg_temp`)
        const copied = (await q(`SELECT count(*)::int AS n FROM public.entries WHERE engineer = '${bob}'`)).rows[0].n
        expect(copied).toBe(0)
      })
    })
  })
})

describe('an engineer who is not a lead', () => {
  it('reads the team\'s sums only by whole months, never a month in which bob alone logged', async () => {
    await unchanged(async () => {
      const anns = await session(ann, async (q) => (await q(`SELECT month, hours FROM toil_task_months('2026-11-04', '2026-11-04', 'payments') ORDER BY 1, 2`)).rows)
      // The whole of November (ann 30m + 10m, bob 20m), never the 4th alone (bob's 20m).
      expect(anns).toEqual([{month: '2026-11', hours: 20 / 60}, {month: '2026-11', hours: 40 / 60}])
      const october = await session(ann, async (q) => (await q(`SELECT * FROM toil_task_months('2026-10-01', '2026-10-31', 'payments')`)).rows)
      expect(october).toEqual([])
      const bobs = await session(bob, async (q) => (await q(`SELECT hours FROM toil_task_months('2026-10-01', '2026-10-31', 'payments')`)).rows)
      expect(bobs).toEqual([{hours: 45 / 60}])
      const lees = await session(lee, async (q) => (await q(`SELECT hours FROM toil_task_months('2026-10-01', '2026-10-31', 'payments')`)).rows)
      expect(lees).toEqual([{hours: 45 / 60}])
    })
  })

  it('gets the assumed-capacity split as one label a team and month, never an engineer\'s row or number', async () => {
    await unchanged(async () => {
      const rows = await session(ann, async (q) => (await q(`SELECT * FROM toil_engineer_team_hours('2026-11-01', '2026-11-30', ARRAY['payments'])`)).rows)
      // ann and bob, each wholly in payments: 2 engineers; the analyzer's sum, share ÷ (share + (1 - share)), gives back 2.
      expect(rows).toEqual([{engineer: 'team payments 2026-11', team: '', month: '2026-11', hours: -1},
        {engineer: 'team payments 2026-11', team: 'payments', month: '2026-11', hours: 2}])
    })
  })

  it('learns nobody else\'s role by asking with their name', async () => {
    await unchanged(async () => {
      const roles = (await sql(ann, `SELECT toil_role(${payments}, '${lee}') AS a, toil_team_role('payments', '${bob}') AS b, toil_role(${search}, '${zed}') AS c`)).rows[0]
      expect(roles).toEqual({a: null, b: null, c: null})
    })
  })

  it('learns nothing of another\'s entry from a part of its id', async () => {
    await unchanged(async () => {
      await session(ann, async (q) => {
        expect((await q(`SELECT toil_entry_logger($1) AS w`, [ids.bob!.slice(-8)])).rows[0].w).toBeNull()
        expect((await q(`SELECT toil_entry_logger($1) AS w`, [ids.bob!.slice(0, 13)])).rows[0].w).toBeNull()
        expect((await q(`SELECT toil_entry_logger($1) AS w`, [ids.zed])).rows[0].w).toBeNull()
      })
    })
  })

  it('may not choose an entry\'s id (a decoy equal to bob\'s short id), nor take the lead\'s edit with one', async () => {
    await unchanged(async () => {
      const short = ids.bob!.slice(-8)
      expect(await outcome(sql(ann, `INSERT INTO entries (id, task_id, engineer, day, minutes, created_at, logged_by)
        SELECT $1, task_id, $2, day, 5, created_at, $2 FROM entries WHERE id = $3`, [short, ann, ids.ann]))).toBe('42501')
      expect(await outcome(sql(ann, `INSERT INTO entries (id, task_id, engineer, day, minutes, created_at, logged_by)
        SELECT $1, task_id, $2, day, 5, created_at, $2 FROM entries WHERE id = $3`, [`00000000-0000-4000-8000-0000${short}`, ann, ids.ann]))).toBe('42501')
    })
    // One the owner wrote (an old import, say): the lead's edit is refused as ambiguous, not applied to it.
    const short = ids.bob!.slice(-8)
    await admin(`INSERT INTO entries (id, task_id, engineer, day, minutes, created_at) SELECT $1, task_id, engineer, day, 1, created_at FROM entries WHERE id = $2`, [short, ids.ann], database)
    try {
      await unchanged(async () => {
        const r = await as(lee, ['entry', 'edit', short, '--note', 'edited'])
        expect({code: r.code, stderr: r.stderr}).toEqual({code: 2, stderr: expect.stringMatching(/matches more than one entry/)})
      })
    } finally {
      await admin(`DELETE FROM entries WHERE id = $1`, [short], database)
    }
  })

  it('creates a task only as active and without estimates, by toil and by SQL', async () => {
    await unchanged(async () => {
      const r = await as(ann, ['task', 'add', 'automate me', '--team', 'payments', '--status', 'automated'])
      expect({code: r.code, stderr: r.stderr}).toEqual({code: 4, stderr: 'toil: not permitted: only a lead of payments sets a task\'s status and estimates\n'})
      const cost = await as(ann, ['task', 'add', 'costly', '--team', 'payments', '--cost', '16h'])
      expect(cost.code).toBe(4)
      expect(await outcome(sql(ann, `INSERT INTO tasks (team_id, name, created_at, duration_minutes) VALUES (${payments}, 'x', '2026-11-01', 30)`))).toBe('42501')
    })
    expect((await as(lee, ['task', 'add', 'automated by lead', '--team', 'payments', '--status', 'automated'])).code).toBe(0)
    await admin(`DELETE FROM tasks WHERE name = 'automated by lead'`, [], database)
  })

  it('imports their own entries into a team whose entries they cannot see, without DDL', async () => {
    const file = join(home.dir, 'zed.jsonl')
    const entry = (n: number) => JSON.stringify({type: 'entry', id: `0190f000-0000-7000-8000-00000000000${n}`, task: 'reindex', team: 'search', engineer: zed, day: '2026-11-07', minutes: 5, note: 'imported', loggedBy: zed})
    writeFileSync(file, `${entry(1)}\n${entry(2)}\n`)
    const r = await as(zed, ['import', file])
    expect(r.code, r.stderr).toBe(0)
    expect(await admin(`SELECT logged_by FROM entries WHERE note = 'imported'`, [], database)).toEqual([{logged_by: zed}, {logged_by: zed}])
    await admin(`DELETE FROM entries WHERE note = 'imported'`, [], database)
  })
})

describe('a lead', () => {
  it('may not remove a team (its grants would go with it), and nothing is written, no backup either', async () => {
    const backups = () => (existsSync(join(home.dir, 'toil', 'backups')) ? readdirSync(join(home.dir, 'toil', 'backups')) : [])
    const had = backups()
    await unchanged(async () => {
      const r = await as(lee, ['team', 'rm', 'payments', '--force'])
      expect(r.code, r.stderr).toBe(4)
      expect(r.stderr).toMatch(/^toil: not permitted: removing team "payments" is for the database's owner/)
      expect(await outcome(sql(lee, `DELETE FROM teams WHERE id = ${payments}`))).toBe('42501')
      expect(await outcome(sql(lee, `SELECT toil_change('team rm', 'payments')`))).toBe('42501')
    })
    expect(backups()).toEqual(had)
  })

  it('who renames his team to a removed team\'s name reads nothing of that team\'s audit', async () => {
    expect((await as(owner, ['team', 'set', 'gone', '--members', '2', '--hours-per-week', '40'])).code).toBe(0)
    expect((await as(owner, ['team', 'set', 'gone', '--toil-budget', '20%'])).code).toBe(0)
    const goneId = Number((await admin<{id: string}>(`SELECT id FROM teams WHERE name = 'gone'`, [], database))[0]!.id)
    expect((await as(owner, ['team', 'rm', 'gone'])).code).toBe(0)
    const goneRows = (await admin<{n: number}>(`SELECT count(*)::int AS n FROM audit WHERE 'gone' = ANY (teams)`, [], database))[0]!.n
    expect(goneRows).toBeGreaterThan(0)
    expect((await as(lee, ['team', 'rename', 'payments', 'gone'])).code).toBe(0)
    try {
      const seen = (await sql(lee, `SELECT teams, team_ids FROM audit`)).rows as {teams: string[]; team_ids: string[]}[]
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.filter((r) => r.teams.includes('gone') || r.team_ids.map(Number).includes(goneId))).toEqual([])
      const listed = await asJson(lee, ['audit', '--team', 'gone'])
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.json.audit).toEqual([])
    } finally {
      expect((await as(lee, ['team', 'rename', 'gone', 'payments'])).code).toBe(0)
    }
  })
})

describe('the audit', () => {
  it('records every changed row, also rows of two teams that share a name', async () => {
    expect((await as(owner, ['task', 'add', 'deploy', '--team', 'payments'])).code).toBe(0)
    expect((await as(owner, ['task', 'add', 'deploy', '--team', 'search'])).code).toBe(0)
    const before = (await admin<{n: number}>(`SELECT count(*)::int AS n FROM audit`, [], database))[0]!.n
    await sql(owner, `UPDATE tasks SET category = 'cleanup' WHERE name = 'deploy'`)
    const [row] = await admin<{before: Record<string, unknown>; teams: string[]}>(`SELECT before, teams FROM audit ORDER BY id OFFSET $1`, [before], database)
    expect(Object.keys(row!.before)).toHaveLength(2)
    expect(row!.teams).toEqual(['payments', 'search'])
    await admin(`DELETE FROM tasks WHERE name = 'deploy'`, [], database)
  })

  it('names a change toil made by its command, whatever setting the client sent', async () => {
    const before = (await admin<{n: number}>(`SELECT count(*)::int AS n FROM audit`, [], database))[0]!.n
    const r = await as(ann, ['entry', 'edit', ids.ann!, '--note', 'through toil'], {PGOPTIONS: '-c toil.change=restore -c toil.object=forged'})
    expect(r.code, r.stderr).toBe(0)
    expect(await admin(`SELECT who, action, object FROM audit ORDER BY id OFFSET $1`, [before], database)).toEqual([{who: ann, action: 'entry edit', object: `entry ${ids.ann}`}])
    await admin(`UPDATE entries SET note = 'ann first' WHERE id = $1`, [ids.ann], database)
  })
})

describe('group roles', () => {
  it('are named so that two databases never share them, however long their names', async () => {
    // Names alike in their first 45 characters: cut at 50 with "toil_", they were one role.
    const a = await freshDatabase('x'.repeat(45))
    const b = await freshDatabase('x'.repeat(45))
    for (const db of [a, b]) expect((await toil(['team', 'set', 'ops', '--members', '2', '--hours-per-week', '40', '--db', db.url], {env})).code).toBe(0)
    const names = await Promise.all([a, b].map(async (db) => (await admin<{g: string}>(`SELECT toil_group('engineer') AS g`, [], db.name))[0]!.g))
    expect(names[0]).not.toBe(names[1])
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63)
  })
})

describe('toil doctor', () => {
  it('finds nothing but what toil made in a database set up as docs/team.md says', async () => {
    const r = await asJson(owner, ['doctor'])
    expect(r, JSON.stringify(r.json)).toMatchObject({code: 0, json: {healthy: true, problems: []}})
    expect(r.json.tampering).toBeUndefined()
  })

  const plants: [string, string, string, RegExp][] = [
    ['a planted policy', `CREATE POLICY open ON entries FOR SELECT USING (true)`, `DROP POLICY open ON entries`, /policy open on entries is not toil's/],
    ['a policy loosened', `ALTER POLICY members_read ON tasks USING (true)`, `ALTER POLICY members_read ON tasks USING (toil_role(team_id, current_user) IS NOT NULL)`, /policy members_read on tasks is not as toil made it/],
    ['an extra grant', `GRANT SELECT ON entries TO ${eve}`, `REVOKE SELECT ON entries FROM ${eve}`, new RegExp(`table entries: SELECT granted to ${eve} is not toil's`)],
    ['a grant to PUBLIC on a function', `GRANT EXECUTE ON FUNCTION toil_my_teams() TO PUBLIC`, `REVOKE EXECUTE ON FUNCTION toil_my_teams() FROM PUBLIC`, /function toil_my_teams\(\): EXECUTE granted to PUBLIC/],
    ['CONNECT given back to PUBLIC', `GRANT CONNECT ON DATABASE DB TO PUBLIC`, `REVOKE CONNECT ON DATABASE DB FROM PUBLIC`, /database \S+: CONNECT granted to PUBLIC/],
    ['a disabled audit trigger', `ALTER TABLE entries DISABLE TRIGGER audit_entries_update`, `ALTER TABLE entries ENABLE TRIGGER audit_entries_update`, /trigger audit_entries_update on entries is not as toil made it \(disabled\)/],
    ['row-level security switched off', `ALTER TABLE entries DISABLE ROW LEVEL SECURITY`, `ALTER TABLE entries ENABLE ROW LEVEL SECURITY`, /relation entries is not as toil made it/],
    ['a foreign function', `CREATE FUNCTION public.helper() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`, `DROP FUNCTION public.helper()`, /function helper\(\) is not toil's/],
    ['a toil function whose search_path was reset', `ALTER FUNCTION toil_role(bigint, text) RESET search_path`, `ALTER FUNCTION toil_role(bigint, text) SET search_path = public, pg_catalog, pg_temp`, /function toil_role\(bigint,text\) is not as toil made it/],
    ['a group role given more', `GRANT pg_read_all_data TO GROUP_ENGINEER`, `REVOKE pg_read_all_data FROM GROUP_ENGINEER`, /group role \S+ is a member of pg_read_all_data/],
    ['a login added to a group role by hand', `GRANT GROUP_LEAD TO ${eve}`, `REVOKE GROUP_LEAD FROM ${eve}`, new RegExp(`is held by ${eve}, who has no such grant in access`)],
    ['another schema with a table', `CREATE SCHEMA stash; CREATE TABLE stash.copy (x int)`, `DROP SCHEMA stash CASCADE`, /schema stash is not toil's/],
  ]
  for (const [what, plant, undo, finding] of plants) {
    it(`reports ${what} as tampering, exit 3, changing nothing`, async () => {
      const groups = await admin<{e: string; l: string}>(`SELECT toil_group('engineer') AS e, toil_group('lead') AS l`, [], database)
      const fill = (text: string) => text.replaceAll('DB', database).replaceAll('GROUP_ENGINEER', `"${groups[0]!.e}"`).replaceAll('GROUP_LEAD', `"${groups[0]!.l}"`)
      await admin(fill(plant), [], database)
      try {
        await unchanged(async () => {
          const r = await asJson(owner, ['doctor'])
          expect(r.code, JSON.stringify(r.json)).toBe(3)
          expect(r.json.healthy).toBe(false)
          expect(r.json.problems.join('\n')).toMatch(finding)
          const text = await as(owner, ['doctor'])
          expect(text.stdout).toMatch(/Problem: tampering: /)
        })
      } finally {
        await admin(fill(undo), [], database)
      }
      expect((await asJson(owner, ['doctor'])).json).toMatchObject({healthy: true, problems: []})
    })
  }
})

describe('the migration to schema 4', () => {
  it('closes a schema-3 database with data and grants, losing nothing, and its members keep working', async () => {
    const old = await freshDatabase('schema3')
    const member = `mig_${tag}`
    await admin(`DROP ROLE IF EXISTS ${member}`).catch(() => undefined)
    await admin(`CREATE ROLE ${member} LOGIN`)
    await admin(`CREATE TABLE toil_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`, [], old.name)
    for (const [i, migration] of PG_MIGRATIONS.slice(0, 3).entries()) {
      await admin(migration, [], old.name)
      await admin(`INSERT INTO toil_schema (version) VALUES ($1)`, [i + 1], old.name)
    }
    // One transaction each, so one audit row each.
    for (const statement of [`INSERT INTO teams (name) VALUES ('ops'), ('gone')`,
      `INSERT INTO tasks (team_id, name, created_at) SELECT id, 'restart worker', '2026-01-01T00:00:00Z' FROM teams WHERE name = 'ops'`,
      `INSERT INTO entries (id, task_id, engineer, day, minutes, created_at, logged_by)
        SELECT '0190f000-0000-7000-8000-0000000000e' || n, id, '${member}', '2026-01-0' || n, 10 * n, '2026-01-02T00:00:00Z', '${member}' FROM tasks, generate_series(1, 3) n`,
      `UPDATE entries SET note = 'edited' WHERE minutes = 20`,
      `DELETE FROM teams WHERE name = 'gone'`,
      `INSERT INTO access (login, team_id, role) SELECT '${member}', id, 'engineer' FROM teams WHERE name = 'ops'`]) {
      await admin(statement, [], old.name)
    }
    // The group role as toil access grant made it before: table rights, no function rights.
    const group = `toil_${old.name}_engineer`
    await admin(`DROP ROLE IF EXISTS ${group}`).catch(() => undefined)
    await admin(`CREATE ROLE ${group} NOLOGIN`)
    await admin(`GRANT SELECT, INSERT, UPDATE, DELETE ON teams, capacity, tasks, entries TO ${group}; GRANT SELECT ON access, audit, toil_schema TO ${group}; GRANT ${group} TO ${member}`, [], old.name)
    const tables = async () => {
      const parts: unknown[] = []
      // Tasks without the Unicode name key the last migration adds (filled by toil, not a change of data).
      for (const table of ['teams', 'capacity', 'tasks', 'entries', 'access']) {
        parts.push(await admin(table === 'tasks' ? `SELECT to_jsonb(t) - 'name_key' AS row FROM tasks t ORDER BY t.id` : `SELECT * FROM ${table} ORDER BY 1, 2`, [], old.name))
      }
      parts.push(await admin(`SELECT id, at, who, action, object, team, teams, before, after FROM audit ORDER BY id`, [], old.name))
      return JSON.stringify(parts)
    }
    const before = await tables()

    const r = await toilJson(old.url, ['entries'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.entries).toHaveLength(3)
    expect((await admin<{v: number}>(`SELECT max(version) AS v FROM toil_schema`, [], old.name))[0]!.v).toBe(PG_MIGRATIONS.length)
    expect(await tables()).toBe(before)
    // The audit by team id: rows of ops take its id, those of the removed team none (the owner's alone).
    const ops = (await admin<{id: string}>(`SELECT id FROM teams WHERE name = 'ops'`, [], old.name))[0]!.id
    expect(await admin(`SELECT action, teams, team_ids FROM audit ORDER BY id`, [], old.name)).toEqual([
      {action: 'insert teams', teams: ['gone', 'ops'], team_ids: []},
      {action: 'insert tasks', teams: ['ops'], team_ids: [ops]},
      {action: 'update entries', teams: ['ops'], team_ids: [ops]},
      {action: 'delete teams', teams: ['gone'], team_ids: []},
      {action: 'insert access', teams: ['ops'], team_ids: [ops]},
    ])
    // The member still connects (through the group role, now that PUBLIC may not) and reads the team's sums.
    const url = `postgres://${member}@localhost/${old.name}?host=${encodeURIComponent(server().socketDir)}&port=${server().port}`
    const report = await toilJson(url, ['report', '--month', '2026-01'], {env: {...env, TOIL_USER: member}})
    expect(report.code, report.stderr).toBe(0)
    expect((await admin<{datacl: string}>(`SELECT datacl::text FROM pg_database WHERE datname = $1`, [old.name]))[0]!.datacl).not.toMatch(/(^|[{,])=/)
  })
})

describe('another application\'s database', () => {
  const cases: [string, string, string][] = [
    ['its tables in a schema of its own', `CREATE SCHEMA app; CREATE TABLE app.invoices (id int)`, 'table app."invoices"'],
    ['a function alone', `CREATE FUNCTION public.price() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`, 'function public.price'],
    ['an empty schema of its own', `CREATE SCHEMA billing`, 'schema billing'],
  ]
  for (const [what, setup, named] of cases) {
    it(`is refused as foreign when it holds ${what}, exit 3, and left as it was`, async () => {
      const other = await freshDatabase('foreign')
      await admin(setup, [], other.name)
      const r = await toil(['team', 'set', 'ops', '--members', '2', '--hours-per-week', '40', '--db', other.url], {env})
      expect({code: r.code, stderr: r.stderr}).toEqual({code: 3, stderr: expect.stringContaining(`is not a toil database (it holds ${named} and no toil_schema table)`)})
      expect(await admin(`SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('toil_schema', 'entries')`, [], other.name)).toEqual([{n: 0}])
    })
  }
})

describe('an owner without CREATEROLE', () => {
  it('grants and revokes through group roles a superuser made once, and its database is healthy', async () => {
    const plain = `plain_${tag}`
    const member = `solo_${tag}`
    for (const role of [plain, member]) {
      await admin(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined)
      await admin(`CREATE ROLE ${role} LOGIN`)
    }
    const db = await freshDatabase('nocreaterole')
    await admin(`ALTER DATABASE ${db.name} OWNER TO ${plain}`)
    await admin(`ALTER SCHEMA public OWNER TO ${plain}`, [], db.name)
    const url = (user: string) => `postgres://${user}@localhost/${db.name}?host=${encodeURIComponent(server().socketDir)}&port=${server().port}`
    const run = (user: string, args: string[]) => toil([...args, '--db', url(user)], {env: {...env, TOIL_USER: user}})
    expect((await run(plain, ['team', 'set', 'ops', '--members', '2', '--hours-per-week', '40'])).code).toBe(0)
    // Without the roles, the owner is told what it lacks.
    const refused = await run(plain, ['access', 'grant', member, '--team', 'ops', '--as', 'engineer'])
    expect({code: refused.code, stderr: refused.stderr}).toEqual({code: 4, stderr: expect.stringMatching(/needs CREATEROLE/)})
    // The superuser's setup of docs/team.md.
    const [names] = await admin<{e: string; l: string}>(`SELECT toil_group('engineer') AS e, toil_group('lead') AS l`, [], db.name)
    for (const group of [names!.e, names!.l]) {
      await admin(`DROP ROLE IF EXISTS "${group}"`).catch(() => undefined)
      await admin(`CREATE ROLE "${group}" NOLOGIN`)
      await admin(`GRANT "${group}" TO ${plain} WITH ADMIN OPTION`)
    }
    const granted = await run(plain, ['access', 'grant', member, '--team', 'ops', '--as', 'engineer'])
    expect(granted.code, granted.stderr).toBe(0)
    expect((await run(member, ['log', 'restart worker', '5m', '--team', 'ops', '--new'])).code).toBe(0)
    const doctor = await toilJson(url(plain), ['doctor'], {env})
    expect(doctor.json).toMatchObject({healthy: true, problems: []})
    expect((await run(plain, ['access', 'revoke', member, '--team', 'ops'])).code).toBe(0)
    expect((await run(member, ['entries'])).code).toBe(4)
  })
})
