/**
 * Who may see and change what on the team database (SPEC §9.1): two engineers and a lead,
 * through toil and through plain SQL as each login role, against the throwaway server of
 * test/pg/global-setup.ts. Row-level security and triggers enforce it, not the CLI.
 */
import pg from 'pg'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {PG_MIGRATIONS} from '../../src/store/postgres/schema.js'
import {admin, freshDatabase} from '../pg/server.js'
import {tempDb, toil, toilJson} from './cli.js'

const home = tempDb()
afterAll(() => home.cleanup())
const env = {XDG_DATA_HOME: home.dir, HOME: home.dir}

// Roles are cluster-wide: named per test process.
const tag = `${process.pid}`
const ann = `ann_${tag}`
const bob = `bob_${tag}`
const lee = `lee_${tag}`
const owner = `owner_${tag}`
const stranger = `eve_${tag}`

let database = ''
const server = () => inject('pg')
const urlAs = (user: string, db = database) => `postgres://${user}@localhost/${db}?host=${encodeURIComponent(server().socketDir)}&port=${server().port}`

/** Runs toil as a login role, whose name is also its engineer name. */
const as = (user: string, args: string[]) => toil([...args, '--db', urlAs(user)], {env: {...env, TOIL_USER: user}})
const asJson = (user: string, args: string[]) => toilJson(urlAs(user), args, {env: {...env, TOIL_USER: user}})

/** SQL as a login role, as psql would run it. */
async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(user: string, text: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({host: server().socketDir, port: server().port, user, database})
  await client.connect()
  try {
    return await client.query<T>(text, params)
  } finally {
    await client.end()
  }
}

/** Everything toil keeps, as the superuser sees it: what a refusal must leave as it was. */
async function snapshot(): Promise<string> {
  const parts: unknown[] = []
  for (const table of ['teams', 'capacity', 'tasks', 'entries', 'access', 'audit']) {
    parts.push(await admin(`SELECT * FROM ${table} ORDER BY 1, 2`, [], database))
  }
  return JSON.stringify(parts)
}

const auditCount = async () => (await admin<{n: number}>(`SELECT count(*)::int AS n FROM audit`, [], database))[0]!.n
const ids: Record<string, string> = {}

beforeAll(async () => {
  for (const role of [ann, bob, lee, stranger]) {
    await admin(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined)
    await admin(`CREATE ROLE ${role} LOGIN`)
  }
  await admin(`DROP ROLE IF EXISTS ${owner}`).catch(() => undefined)
  await admin(`CREATE ROLE ${owner} LOGIN CREATEROLE`)
  const fresh = await freshDatabase('access')
  database = fresh.name
  await admin(`ALTER DATABASE ${database} OWNER TO ${owner}`)
  await admin(`ALTER SCHEMA public OWNER TO ${owner}`, [], database)

  expect((await as(owner, ['team', 'set', 'ops', '--members', '3', '--hours-per-week', '40'])).code).toBe(0)
  expect((await as(owner, ['team', 'set', 'other', '--members', '2', '--hours-per-week', '40'])).code).toBe(0)
  for (const [login, role] of [[ann, 'engineer'], [bob, 'engineer'], [lee, 'lead']]) {
    const granted = await asJson(owner, ['access', 'grant', login!, '--team', 'ops', '--as', role!])
    expect(granted, granted.stderr).toMatchObject({code: 0, json: {login, team: 'ops', role}})
  }
  const log = async (user: string, key: string, args: string[]) => {
    const r = await asJson(user, ['log', ...args])
    expect(r.code, JSON.stringify(r)).toBe(0)
    ids[key] = r.json.entry.id
  }
  await log(ann, 'ann', ['restart worker', '30m', '--team', 'ops', '--new', '--note', 'ann first'])
  await log(bob, 'bob', ['rotate certificates', '20m', '--team', 'ops', '--new', '--note', 'bob first'])
  await log(lee, 'leeForAnn', ['restart worker', '10m', '--team', 'ops', '--engineer', ann, '--note', 'lee for ann'])
}, 120_000)

describe('toil access', () => {
  it('lists the grants for the owner, and refuses everyone else with exit 4', async () => {
    const listed = await asJson(owner, ['access', 'list'])
    expect(listed.json.grants.map((g: {login: string; role: string}) => `${g.login}:${g.role}`)).toEqual([`${lee}:lead`, `${ann}:engineer`, `${bob}:engineer`])
    for (const user of [ann, lee]) {
      const before = await snapshot()
      const r = await as(user, ['access', 'grant', stranger, '--team', 'ops', '--as', 'lead'])
      expect(r.code, r.stderr).toBe(4)
      expect(r.stderr).toMatch(/^toil: not permitted: toil access grant is for the database's owner/)
      expect(await snapshot()).toBe(before)
    }
  })

  it('names an unknown login role with exit 2', async () => {
    const r = await as(owner, ['access', 'grant', 'nobody_here', '--team', 'ops', '--as', 'engineer'])
    expect(r).toMatchObject({code: 2})
    expect(r.stderr).toMatch(/login: "nobody_here" is not a PostgreSQL role/)
  })

  it('says on SQLite that the file\'s owner is its only user, exit 2', async () => {
    const local = tempDb()
    try {
      for (const args of [['access', 'list'], ['access', 'grant', 'ann', '--team', 'ops', '--as', 'lead'], ['audit']]) {
        const r = await toil([...args, '--db', local.db])
        expect(r.code, r.stderr).toBe(2)
        expect(r.stderr).toMatch(/is an SQLite file, whose owner is its only user/)
      }
    } finally {
      local.cleanup()
    }
  })

  it('refuses a login without any grant with exit 4', async () => {
    const r = await as(stranger, ['entries'])
    expect(r.code, r.stderr).toBe(4)
    expect(r.stderr).toMatch(/has no toil role/)
  })
})

describe('engineers and leads through toil', () => {
  it('shows an engineer the entries they logged or that name them, a lead all of the team\'s', async () => {
    const notes = async (user: string) => ((await asJson(user, ['entries'])).json.entries as {note: string}[]).map((e) => e.note).sort()
    expect(await notes(ann)).toEqual(['ann first', 'lee for ann'])
    expect(await notes(bob)).toEqual(['bob first'])
    expect(await notes(lee)).toEqual(['ann first', 'bob first', 'lee for ann'])
  })

  it('records both names when a lead logs for an engineer', async () => {
    const row = await admin<{engineer: string; logged_by: string}>(`SELECT engineer, logged_by FROM entries WHERE id = $1`, [ids.leeForAnn], database)
    expect(row).toEqual([{engineer: ann, logged_by: lee}])
  })

  const refused: [string, () => string[], RegExp][] = [
    ['log for another engineer', () => ['log', 'restart worker', '5m', '--team', 'ops', '--engineer', bob], /not permitted/],
    ['edit another\'s entry', () => ['entry', 'edit', ids.bob!, '--note', 'mine now'], new RegExp(`not permitted: entry \\S+ is ${bob}'s entry`)],
    ['remove another\'s entry', () => ['entry', 'rm', ids.bob!], new RegExp(`is ${bob}'s entry`)],
    ['edit an entry a lead logged for them', () => ['entry', 'edit', ids.leeForAnn!, '--note', 'x'], new RegExp(`is ${lee}'s entry`)],
    ['set the team\'s capacity', () => ['team', 'set', 'ops', '--members', '9', '--hours-per-week', '40'], /not permitted: only a lead of ops/],
    ['set the toil budget', () => ['team', 'set', 'ops', '--toil-budget', '30%'], /not permitted: only a lead of ops/],
    ['edit a task', () => ['task', 'edit', 'restart worker', '--team', 'ops', '--category', 'interrupt'], /not permitted: only a lead of ops/],
    ['remove a task', () => ['task', 'rm', 'rotate certificates', '--team', 'ops', '--yes'], /not permitted/],
    ['merge tasks', () => ['task', 'merge', 'rotate certificates', 'restart worker', '--team', 'ops'], /not permitted/],
    ['read the audit', () => ['audit'], /not permitted: toil audit is for leads/],
    ['grant access', () => ['access', 'grant', bob, '--team', 'ops', '--as', 'lead'], /not permitted/],
  ]
  for (const [what, args, message] of refused) {
    it(`refuses an engineer who tries to ${what} with exit 4, changing nothing`, async () => {
      const before = await snapshot()
      const r = await as(ann, args())
      expect(r.code, `${r.stdout}${r.stderr}`).toBe(4)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(await snapshot()).toBe(before)
    })
  }

  it('lets an engineer edit and undo their own entries, and a lead change the team', async () => {
    expect((await as(ann, ['entry', 'edit', ids.ann!, '--note', 'ann edited'])).code).toBe(0)
    const extra = await asJson(ann, ['log', 'restart worker', '5m', '--team', 'ops', '--note', 'to undo'])
    expect(extra.code).toBe(0)
    expect((await as(ann, ['undo'])).code).toBe(0)
    expect((await as(lee, ['team', 'set', 'ops', '--toil-budget', '40%'])).code).toBe(0)
    expect((await as(lee, ['task', 'edit', 'restart worker', '--team', 'ops', '--category', 'interrupt'])).code).toBe(0)
    const notes = (await admin<{note: string}>(`SELECT note FROM entries ORDER BY seq`, [], database)).map((r) => r.note)
    expect(notes).toEqual(['ann edited', 'bob first', 'lee for ann'])
  })

  it('keeps another team invisible', async () => {
    const r = await as(lee, ['team', 'set', 'other', '--members', '9', '--hours-per-week', '40'])
    expect(r.code).toBe(4)
    expect((await asJson(lee, ['team', 'list'])).json.teams.map((t: {name: string}) => t.name)).toEqual(['ops'])
  })
})

describe('the same rules through plain SQL', () => {
  it('SELECT * FROM entries shows an engineer only their rows', async () => {
    const seen = async (user: string) => (await sql<{note: string}>(user, `SELECT * FROM entries ORDER BY seq`)).rows.map((r) => r.note)
    expect(await seen(bob)).toEqual(['bob first'])
    expect((await seen(ann)).every((n) => n !== 'bob first')).toBe(true)
    expect(await seen(lee)).toHaveLength(3)
  })

  it('UPDATE and DELETE of another\'s row affect nothing', async () => {
    const before = await snapshot()
    expect((await sql(ann, `UPDATE entries SET note = 'hacked' WHERE logged_by = $1`, [bob])).rowCount).toBe(0)
    expect((await sql(ann, `DELETE FROM entries WHERE logged_by = $1`, [bob])).rowCount).toBe(0)
    // An entry a lead logged for ann is hers to read, not to change: refused out loud.
    await expect(sql(ann, `UPDATE entries SET note = 'hacked'`)).rejects.toMatchObject({code: '42501'})
    const after = JSON.parse(await snapshot())[3] as {note: string; logged_by: string}[]
    expect(after.filter((e) => e.logged_by !== ann).map((e) => e.note)).toEqual(JSON.parse(before)[3].filter((e: {logged_by: string}) => e.logged_by !== ann).map((e: {note: string}) => e.note))
    // An engineer cannot hand an entry to someone else, nor log as them.
    await expect(sql(ann, `UPDATE entries SET engineer = $1 WHERE logged_by = $2`, [bob, ann])).rejects.toMatchObject({code: '42501'})
    await expect(sql(ann, `INSERT INTO entries (id, task_id, engineer, day, minutes, created_at, logged_by) SELECT 'forged-0000', task_id, $1, day, 5, created_at, $1 FROM entries LIMIT 1`, [bob])).rejects.toMatchObject({code: '42501'})
  })

  it('no toil role can change the audit table', async () => {
    for (const user of [ann, bob, lee]) {
      for (const statement of [
        `INSERT INTO audit (action, object) VALUES ('update', 'forged')`,
        `UPDATE audit SET who = 'nobody'`,
        `DELETE FROM audit`,
        `TRUNCATE audit`,
        `ALTER TABLE audit DISABLE TRIGGER ALL`,
        `DROP TRIGGER audit_entries ON entries`,
      ]) {
        await expect(sql(user, statement), `${user}: ${statement}`).rejects.toMatchObject({code: expect.stringMatching(/^42501$/)})
      }
    }
    expect(await auditCount()).toBeGreaterThan(0)
  })

  it('lets a lead read the team\'s audit, an engineer none of it', async () => {
    expect((await sql(ann, `SELECT * FROM audit`)).rowCount).toBe(0)
    expect((await sql(lee, `SELECT * FROM audit`)).rowCount).toBeGreaterThan(0)
    expect((await sql(ann, `SELECT * FROM access`)).rows.map((r) => r.login)).toEqual([ann])
  })
})

describe('names and notes that look like SQL', () => {
  const nasty = [`'); DROP TABLE entries; --`, `x' OR '1'='1`]
  it('are stored as text by each role and change nothing else', async () => {
    for (const user of [ann, bob, lee]) {
      for (const text of nasty) {
        const before = (await admin<{n: number}>(`SELECT count(*)::int AS n FROM entries`, [], database))[0]!.n
        const r = await as(user, ['log', 'restart worker', '1m', '--team', 'ops', '--note', text, '--tag', 'x'])
        expect(r.code, r.stderr).toBe(0)
        const bad = await as(user, ['entry', 'edit', text, '--note', text])
        expect([2, 4]).toContain(bad.code)
        const list = await as(user, ['entries', '--task', text])
        expect(list.code).not.toBe(1)
        expect((await admin<{n: number}>(`SELECT count(*)::int AS n FROM entries`, [], database))[0]!.n).toBe(before + 1)
        expect((await admin<{n: number}>(`SELECT count(*)::int AS n FROM entries WHERE note = $1 AND logged_by = $2`, [text, user], database))[0]!.n).toBe(1)
      }
      const task = await as(user, ['log', nasty[0]!, '1m', '--team', 'ops', '--new'])
      expect(task.code, task.stderr).toBe(0)
      expect((await as(user, ['undo'])).code).toBe(0)
    }
    const tables = (await admin<{t: string}>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`, [], database)).map((r) => r.t)
    expect(tables).toEqual(['access', 'audit', 'capacity', 'entries', 'tasks', 'teams', 'toil_schema'])
  })
})

describe('the audit', () => {
  const last = async () => (await admin<{who: string; action: string; object: string; team: string; before: any; after: any}>(`SELECT who, action, object, team, before, after FROM audit ORDER BY id DESC LIMIT 1`, [], database))[0]!

  it('writes exactly one row per change, with before and after, and none for a new entry', async () => {
    let n = await auditCount()
    const logged = await asJson(ann, ['log', 'restart worker', '7m', '--team', 'ops', '--note', 'audited'])
    expect(await auditCount()).toBe(n)

    expect((await as(ann, ['entry', 'edit', logged.json.entry.id, '--duration', '8m'])).code).toBe(0)
    expect(await auditCount()).toBe(++n)
    expect(await last()).toMatchObject({who: ann, action: 'update', team: 'ops', before: {minutes: 7, note: 'audited'}, after: {minutes: 8, note: 'audited'}})

    expect((await as(lee, ['entry', 'rm', logged.json.entry.id])).code).toBe(0)
    expect(await auditCount()).toBe(++n)
    expect(await last()).toMatchObject({who: lee, action: 'delete', before: {minutes: 8}, after: null})

    expect((await as(lee, ['team', 'set', 'ops', '--toil-budget', '35%'])).code).toBe(0)
    expect(await auditCount()).toBe(++n)
    expect(await last()).toMatchObject({who: lee, action: 'update', object: 'team ops', before: {toil_budget: 0.4}, after: {toil_budget: 0.35}})

    expect((await as(lee, ['task', 'edit', 'restart worker', '--team', 'ops', '--category', 'oncall'])).code).toBe(0)
    expect(await auditCount()).toBe(++n)
    expect(await last()).toMatchObject({action: 'update', object: 'task restart worker', before: {category: 'interrupt'}, after: {category: 'oncall'}})

    const undone = await asJson(bob, ['log', 'rotate certificates', '3m', '--team', 'ops'])
    expect(undone.code).toBe(0)
    expect((await as(bob, ['undo'])).code).toBe(0)
    expect(await auditCount()).toBe(++n)
    expect(await last()).toMatchObject({who: bob, action: 'delete', before: {minutes: 3}})
  })

  it('lists for a lead with toil audit', async () => {
    const r = await asJson(lee, ['audit', '--team', 'ops'])
    expect(r.code).toBe(0)
    expect(r.json.audit.length).toBeGreaterThan(3)
    expect(r.json.audit.every((a: {team: string}) => a.team === 'ops')).toBe(true)
  })
})

describe('the analyzer\'s figures', () => {
  it('are the same for an engineer as for the lead: complete sums, while the per-engineer breakdown is the lead\'s', async () => {
    for (const command of [['report'], ['classify'], ['candidates'], ['forecast']]) {
      const lead = await asJson(lee, [...command, '--team', 'ops'])
      expect(lead.code, `${command}: ${lead.stderr}`).toBe(0)
      for (const user of [ann, bob]) {
        const engineer = await asJson(user, [...command, '--team', 'ops'])
        expect({code: engineer.code, json: engineer.json}, command.join(' ')).toEqual({code: lead.code, json: lead.json})
      }
    }
    const byLead = await asJson(lee, ['report', '--team', 'ops', '--by-engineer'])
    expect(byLead.code, byLead.stderr).toBe(0)
    for (const user of [ann, bob]) {
      const before = await snapshot()
      const r = await as(user, ['report', '--team', 'ops', '--by-engineer'])
      expect(r.code, r.stderr).toBe(4)
      expect(r.stderr).toMatch(/^toil: not permitted: the per-engineer breakdown is for leads/)
      expect(await snapshot()).toBe(before)
    }
  })
})

describe('the migration', () => {
  it('adds roles and audit to a database at the previous schema version, losing nothing', async () => {
    const old = await freshDatabase('premigration')
    await admin(`CREATE TABLE toil_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`, [], old.name)
    await admin(PG_MIGRATIONS[0]!, [], old.name)
    await admin(`INSERT INTO toil_schema (version) VALUES (1)`, [], old.name)
    await admin(`INSERT INTO teams (name) VALUES ('ops'); INSERT INTO tasks (team_id, name, created_at) SELECT id, 'restart worker', '2026-01-01T00:00:00Z' FROM teams;
      INSERT INTO entries (id, task_id, engineer, day, minutes, created_at, logged_by) SELECT 'old-entry-1', id, 'ann', '2026-01-02', 15, '2026-01-02T00:00:00Z', 'ann' FROM tasks`, [], old.name)
    const r = await toilJson(old.url, ['entries'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.entries).toHaveLength(1)
    expect((await admin<{v: number}>(`SELECT max(version) AS v FROM toil_schema`, [], old.name))[0]!.v).toBe(PG_MIGRATIONS.length)
    expect((await admin(`SELECT id, engineer, minutes FROM entries`, [], old.name))).toEqual([{id: 'old-entry-1', engineer: 'ann', minutes: 15}])
  })
})
