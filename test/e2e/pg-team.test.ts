/**
 * The team database from the command line: many engineers logging at once, the
 * databases toil refuses, credentials the libpq way, and backup, restore and
 * doctor on PostgreSQL. Against the throwaway server of test/pg/global-setup.ts.
 */
import {chmodSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterAll, describe, expect, inject, it} from 'vitest'

import {PG_MIGRATIONS} from '../../src/store/postgres/schema.js'
import {admin, freshDatabase, socketUrl} from '../pg/server.js'
import {tempDb, toil, toilJson} from './cli.js'

const home = tempDb()
afterAll(() => home.cleanup())
// PostgreSQL backups go under the data folder.
const env = {XDG_DATA_HOME: home.dir, HOME: home.dir}

const tables = async (database: string) =>
  (await admin<{name: string}>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`, [], database)).map((r) => r.name)

describe('50 engineers logging at once', () => {
  it('lose nothing, fail none, and create each new task once', async () => {
    // A fresh database: the first processes race to create the schema too.
    const {name, url} = await freshDatabase('concurrent')
    const tasks = ['restart worker', 'rotate certificates', 'patch kernel', 'renew domain', 'flush cache', 'page triage', 'grant access', 'resize volume', 'reindex search', 'purge queue']
    const runs = await Promise.all(Array.from({length: 50}, (_, i) =>
      toil(['log', tasks[i % tasks.length]!, `${10 + i}m`, '--team', i % 2 ? 'ops' : 'OPS', '--engineer', `eng${i}`, '--new', '--note', `run ${i}`, '--db', url, '--json'], {env})))
    for (const run of runs) expect(run, `${run.stderr}${run.stdout}`).toMatchObject({code: 0})
    const created = runs.map((r) => JSON.parse(r.stdout) as {taskCreated: boolean; entry: {task: string}})
    for (const task of tasks) expect(created.filter((c) => c.taskCreated && c.entry.task === task), task).toHaveLength(1)
    const rows = await admin<{task: string; n: number}>(`SELECT t.name AS task, count(*)::int AS n FROM entries e JOIN tasks t ON t.id = e.task_id GROUP BY t.name ORDER BY 1`, [], name)
    expect(rows).toEqual([...tasks].sort().map((task) => ({task, n: 5})))
    // One team, spelled as whichever process created it first.
    expect((await admin<{name: string}>(`SELECT name FROM teams`, [], name)).map((t) => t.name.toLowerCase())).toEqual(['ops'])
    expect((await admin<{n: number}>(`SELECT count(DISTINCT note)::int AS n FROM entries`, [], name))[0]!.n).toBe(50)
  }, 180_000)
})

describe('databases toil refuses, untouched', () => {
  it('refuses another application\'s database with exit 3', async () => {
    const {name, url} = await freshDatabase('foreign')
    await admin(`CREATE TABLE customers (id int PRIMARY KEY, name text); INSERT INTO customers VALUES (1, 'acme')`, [], name)
    const result = await toil(['log', 'restart worker', '15m', '--db', url], {env})
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^toil: postgres:\/\/postgres@localhost\/\S+ is not a toil database \(it holds table "customers" and no toil_schema table\)/)
    const json = await toilJson(url, ['entries'], {env})
    expect(json).toMatchObject({code: 3, json: {error: {code: 'bad-database'}}})
    expect(await tables(name)).toEqual(['customers'])
  })

  it('refuses a database a newer toil wrote, with exit 3, writing nothing', async () => {
    const {name, url} = await freshDatabase('newer')
    expect((await toil(['team', 'set', 'ops', '--members', '3', '--hours-per-week', '40', '--db', url], {env})).code).toBe(0)
    await admin(`INSERT INTO toil_schema (version) VALUES (99)`, [], name)
    const result = await toil(['log', 'restart worker', '15m', '--new', '--db', url], {env})
    expect(result).toMatchObject({code: 3, stdout: ''})
    expect(result.stderr).toMatch(new RegExp(`was written by a newer toil \\(schema 99; this one knows ${PG_MIGRATIONS.length}\\); upgrade toil`))
    expect((await admin(`SELECT count(*)::int AS n FROM entries`, [], name))[0]).toEqual({n: 0})
  })
})

describe('credentials, the libpq way', () => {
  const server = inject('pg')
  const tcp = (database: string, auth = 'ann') => `postgres://${auth}@127.0.0.1:${server.port}/${database}`

  it('takes a password from the URL, PGPASSWORD or ~/.pgpass, and never shows it', async () => {
    await admin(`DROP ROLE IF EXISTS ann_${process.pid}`).catch(() => undefined)
    const role = `ann_${process.pid}`
    await admin(`CREATE ROLE ${role} LOGIN PASSWORD 'right-Secret-1'`)
    const {name} = await freshDatabase('creds')
    await admin(`ALTER DATABASE ${name} OWNER TO ${role}`)
    await admin(`ALTER SCHEMA public OWNER TO ${role}`, [], name)

    const inUrl = tcp(name, `${role}:right-Secret-1`)
    const logged = await toil(['log', 'restart worker', '15m', '--new', '--db', inUrl], {env})
    expect(logged, logged.stderr).toMatchObject({code: 0})
    const backup = await toilJson(inUrl, ['backup'], {env})
    expect(backup.code).toBe(0)
    expect(backup.json.database).toBe(`postgres://${role}:***@127.0.0.1:${server.port}/${name}`)
    expect(JSON.stringify(backup)).not.toContain('right-Secret-1')
    expect(readdirSync(join(home.dir, 'toil', 'backups')).join(' ')).not.toContain('Secret')
    expect(readFileSync(backup.json.backup, 'utf8')).toContain('"restart worker"')

    const viaEnv = await toil(['entries', '--db', tcp(name, role)], {env: {...env, PGPASSWORD: 'right-Secret-1'}})
    expect(viaEnv, viaEnv.stderr).toMatchObject({code: 0})
    const pgpass = join(home.dir, 'pgpass')
    writeFileSync(pgpass, `127.0.0.1:${server.port}:${name}:${role}:right-Secret-1\n`)
    chmodSync(pgpass, 0o600)
    const viaFile = await toil(['entries', '--db', tcp(name, role)], {env: {...env, PGPASSFILE: pgpass}})
    expect(viaFile, viaFile.stderr).toMatchObject({code: 0, stderr: ''})
    writeFileSync(join(home.dir, '.pgpass'), `*:*:*:${role}:right-Secret-1\n`, {mode: 0o600})
    const viaHome = await toil(['entries', '--db', tcp(name, role)], {env})
    expect(viaHome, viaHome.stderr).toMatchObject({code: 0})

    const wrong = await toil(['log', 'restart worker', '15m', '--db', tcp(name, `${role}:wrong-Secret-2`)], {env})
    expect(wrong.code).toBe(3)
    expect(wrong.stderr).toBe(`toil: PostgreSQL at 127.0.0.1:${server.port} (postgres://${role}:***@127.0.0.1:${server.port}/${name}) refused user "${role}": password authentication failed for user "${role}"; check PGPASSWORD or ~/.pgpass\n`)
    const wrongJson = await toil(['entries', '--json', '--db', tcp(name, role)], {env: {...env, HOME: resolve(home.dir, 'nowhere'), PGPASSWORD: 'wrong-Secret-2'}})
    expect(wrongJson.code).toBe(3)
    expect(JSON.parse(wrongJson.stdout)).toMatchObject({error: {code: 'bad-database', message: expect.stringContaining(`refused user "${role}"`)}})
    expect(wrongJson.stdout + wrongJson.stderr).not.toContain('wrong-Secret-2')
    const none = await toil(['entries', '--db', tcp(name, role)], {env: {...env, HOME: resolve(home.dir, 'nowhere')}})
    expect(none).toMatchObject({code: 3, stderr: expect.stringContaining(`wants a password for user "${role}": set PGPASSWORD or add it to ~/.pgpass`)})
  })

  it('names an unreachable server in one line, password redacted, exit 3', async () => {
    const result = await toil(['log', 'restart worker', '15m', '--db', 'postgres://toil:s3cret-pw@127.0.0.1:1/toil'], {env})
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^toil: PostgreSQL at 127\.0\.0\.1:1 \(postgres:\/\/toil:\*\*\*@127\.0\.0\.1:1\/toil\) cannot be reached: connect ECONNREFUSED 127\.0\.0\.1:1\n$/)
    const socket = await toil(['entries', '--json', '--db', `postgresql://toil:s3cret-pw@localhost/toil?host=${encodeURIComponent(home.dir)}/none`], {env})
    expect(socket.code).toBe(3)
    expect(JSON.parse(socket.stdout).error.message).toMatch(/^PostgreSQL at \S+\/none\/\.s\.PGSQL\.5432 \(postgresql:\/\/toil:\*\*\*@localhost\/toil\?host=\S+\) cannot be reached/)
    expect(socket.stdout).not.toContain('s3cret')
  })

  it('refuses a malformed URL as bad input (exit 2), password redacted', async () => {
    const result = await toil(['entries', '--db', 'postgres://toil:s3cret-pw@db.internal:port/toil'], {env})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^toil: db: "postgres:\/\/toil:\*\*\*@db\.internal:port\/toil" is not a valid PostgreSQL URL \(Invalid URL\); use postgres:\/\/USER@HOST:PORT\/DATABASE\n$/)
  })
})

describe('backup, restore and doctor on PostgreSQL', () => {
  it('backs up to a JSONL file, restores it into an empty database only, and checks schema, constraints and counts', async () => {
    const from = await freshDatabase('backup')
    const into = await freshDatabase('restore')
    await toil(['log', 'restart worker', '15m', '--new', '--team', 'ops', '--tag', 'oncall', '--db', from.url], {env})
    await toil(['team', 'set', 'ops', '--members', '3', '--hours-per-week', '40', '--db', from.url], {env})
    const {json: backup} = await toilJson(from.url, ['backup'], {env})
    expect(backup.backup).toMatch(/\/toil\/backups\/pg-.*\.manual\.jsonl$/)
    const restored = await toilJson(into.url, ['restore', backup.backup], {env})
    expect(restored).toMatchObject({code: 0, json: {safetyBackup: null}})
    expect((await toil(['export', '--db', into.url], {env})).stdout).toBe((await toil(['export', '--db', from.url], {env})).stdout)
    // Restored straight into the table, its constraints and indexes built at the end: as a new database's.
    expect(await toilJson(into.url, ['doctor'], {env})).toMatchObject({code: 0, json: {healthy: true, integrity: ['ok'], entries: 1}})
    const again = await toil(['restore', backup.backup, '--db', into.url], {env})
    expect(again).toMatchObject({code: 2, stderr: expect.stringContaining('is not empty; restore loads a backup into an empty database only')})

    const healthy = await toilJson(from.url, ['doctor'], {env})
    expect(healthy).toMatchObject({code: 0, json: {healthy: true, schemaVersion: PG_MIGRATIONS.length, integrity: ['ok'], foreignKeyViolations: 0, teams: 1, tasks: 1, entries: 1}})
    await admin(`ALTER TABLE entries DROP CONSTRAINT entries_minutes_check; DROP INDEX tasks_team_name`, [], from.name)
    const damaged = await toilJson(from.url, ['doctor'], {env})
    expect(damaged).toMatchObject({code: 3, json: {healthy: false}})
    expect(damaged.json.integrity).toEqual(expect.arrayContaining(['constraint entries_minutes_check on entries is missing', 'index tasks_team_name on tasks is missing']))
  })
})

describe('the SQLite fast path of toil log', () => {
  it('does not load the PostgreSQL driver: the bundle imports pg only dynamically', () => {
    const bundle = readFileSync(resolve(import.meta.dirname, '../../dist/fast/log.bundle.js'), 'utf8')
    const staticImports = [...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gm)].map((m) => m[1])
    expect(staticImports.filter((m) => !m!.startsWith('node:'))).toEqual(['better-sqlite3'])
    expect(bundle).toMatch(/await import\("pg"\)/)
  })
})

// The socket URL helper in use, so a test database's URL reads as the docs' examples do.
it('builds socket URLs the way docs/team.md shows them', () => {
  expect(socketUrl('x', {socketDir: '/run/pg', port: 5433})).toBe('postgres://postgres@localhost/x?host=%2Frun%2Fpg&port=5433')
})
