/**
 * One scenario through the built CLI into SQLite and into PostgreSQL: a year of
 * three teams' history (the seeded demo), capacity, a new task, entries logged by
 * hand, edits, a merge, an automation, a removal and an undo. Every --json output
 * must be byte-identical between the two stores.
 */
import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {admin, freshDatabase} from '../pg/server.js'
import {type RunResult, tempDb, toil} from './cli.js'

const AS_OF = '2026-11-15'
const sqlite = tempDb()
let pg: {name: string; url: string}

beforeAll(async () => {
  pg = await freshDatabase('differential')
})
afterAll(() => sqlite.cleanup())

/** Runs one command against both stores; they must agree on the exit code and every byte of stdout. */
async function both(args: string[], options: {exit?: number} = {}): Promise<[RunResult, RunResult]> {
  // PostgreSQL backups go under the data folder.
  const env = {XDG_DATA_HOME: sqlite.dir}
  const [a, b] = await Promise.all([toil([...args, '--db', sqlite.db], {env}), toil([...args, '--db', pg.url], {env})])
  expect({code: a.code, stderr: a.stderr}, `${args.join(' ')} on SQLite`).toEqual({code: options.exit ?? 0, stderr: expect.any(String)})
  expect(b.code, `${args.join(' ')} on PostgreSQL: ${b.stderr}`).toBe(a.code)
  return [a, b]
}

/** Today's timestamps: when a task or entry was created by this run. */
const NOW = new RegExp(`"${new Date().toISOString().slice(0, 10)}T[^"]*"`, 'g')

/**
 * Tasks created by this run carry the time they were created, which differs by a few
 * milliseconds between the two runs: the PostgreSQL copies are given SQLite's.
 */
async function syncCreated(): Promise<void> {
  const db = new Database(sqlite.db, {readonly: true})
  const rows = db.prepare(`SELECT tm.name AS team, t.name, t.created_at FROM tasks t JOIN teams tm ON tm.id = t.team_id`).all() as {team: string; name: string; created_at: string}[]
  db.close()
  for (const r of rows) {
    await admin(`UPDATE tasks t SET created_at = $3 FROM teams tm WHERE tm.id = t.team_id AND lower(tm.name) = lower($1) AND lower(t.name) = lower($2)`, [r.team, r.name, r.created_at], pg.name)
  }
}

async function same(args: string[], options: {exit?: number; creates?: boolean} = {}): Promise<string> {
  const [a, b] = await both(args, options)
  // Where a backup goes is the one thing each store decides for itself (a file beside the database, or the data folder).
  const shown = (out: string) => (options.creates ? out.replaceAll(NOW, '"(now)"') : out).replace(/"backup": "[^"]+"/, '"backup": "(file)"')
  expect(shown(b.stdout), args.join(' ')).toBe(shown(a.stdout))
  if (options.creates) await syncCreated()
  return a.stdout
}

/**
 * `toil log` on both. New entries get random ids and the time they were logged, so the
 * PostgreSQL copy is given the SQLite copy's id and time; everything else must match.
 */
async function log(args: string[]): Promise<string> {
  const [a, b] = await both(['log', ...args, '--json'])
  const ours = JSON.parse(a.stdout) as {entry: {id: string}}
  const theirs = JSON.parse(b.stdout) as {entry: {id: string}}
  expect({...theirs, entry: {...theirs.entry, id: ours.entry.id}}).toEqual(ours)
  const db = new Database(sqlite.db, {readonly: true})
  const row = db.prepare('SELECT created_at FROM entries WHERE id = ?').get(ours.entry.id) as {created_at: string}
  db.close()
  await admin('UPDATE entries SET id = $1, created_at = $2 WHERE id = $3', [ours.entry.id, row.created_at, theirs.entry.id], pg.name)
  await syncCreated()
  return ours.entry.id
}

describe('the same scenario on SQLite and on PostgreSQL', () => {
  it('gives byte-identical --json from every command', async () => {
    await both(['demo', '--seed', '7', '--as-of', AS_OF, '--json'])
    await same(['team', 'set', 'payments', '--members', '6', '--hours-per-week', '38', '--from', '2026-01', '--rotation', '6', '--shifts', '1', '--json'])
    await same(['team', 'set', 'Data', '--members', '2', '--hours-per-week', '40', '--from', '2026-03', '--json'])
    await same(['team', 'set', 'payments', '--toil-budget', '35%', '--json'])
    await same(['task', 'add', 'db failover drill', '--team', 'payments', '--category', 'oncall', '--manual', '--repetitive', '--automatable',
      '--every', 'monthly', '--duration', '2h', '--cost', '16h', '--json'], {creates: true})
    const first = await log(['DB failover drill', '2h', '--team', 'PAYMENTS', '--day', '2026-10-03', '--tag', 'oncall', '--note', 'quarterly drill'])
    await log(['restart payments worker', '20m', '--times', '3', '--team', 'payments', '--day', '2026-11-02', '--tag', 'oncall', '--tag', 'interrupt'])
    await log(['rebuild search index', '45m', '--team', 'platform', '--new', '--day', '2026-11-10', '--engineer', 'bob'])
    await log(['rebuild search index', '30m', '--team', 'platform', '--day', '2026-11-12'])
    await same(['log', 'restart paymnts worker', '15m', '--team', 'payments', '--json'], {exit: 2})
    await same(['entry', 'edit', first.slice(-8), '--duration', '90m', '--tag', 'oncall', '--tag', 'drill', '--json'])
    await same(['task', 'merge', 'reconcile failed settlements', 'manual refunds for failed charges', '--team', 'payments', '--json'])
    await same(['task', 'edit', 'promote canary by hand', '--team', 'payments', '--status', 'automated', '--since', '2026-09-01', '--cost', '60h', '--json'])
    await same(['task', 'edit', 'clean up alerting rules', '--team', 'payments', '--no-automatable', '--reduction', '50%', '--json'])
    const [{stdout: listed}] = await both(['entries', '--team', 'data', '--limit', '1', '--json'])
    await same(['entry', 'rm', (JSON.parse(listed) as {entries: {id: string}[]}).entries[0]!.id, '--json'])
    await same(['undo', '--json'])
    await same(['task', 'rm', 'sprint planning', '--team', 'payments', '--json'], {exit: 2})
    await same(['task', 'rm', 'sprint planning', '--team', 'payments', '--yes', '--json'])

    await same(['classify', '--as-of', AS_OF, '--json'])
    await same(['candidates', '--as-of', AS_OF, '--overrun', '1.3', '--json'])
    await same(['forecast', '--as-of', AS_OF, '--json'])
    await same(['forecast', '--team', 'payments', '--as-of', AS_OF, '--basis', 'operational', '--automate', '3', '--json'])
    await same(['candidates', '--team', 'payments', '--as-of', AS_OF, '--sort', 'net', '--json'])
    await same(['forecast', '--team', 'payments', '--as-of', AS_OF, '--growth', '4%', '--automate', '2', '--json'])
    await same(['report', '--month', '2026-10', '--as-of', AS_OF, '--format', 'json', '--by-engineer'])
    await same(['report', '--team', 'DATA', '--month', '2026-10', '--as-of', AS_OF, '--format', 'json'])
    await same(['classify', 'restart payments worker', '--team', 'payments', '--as-of', AS_OF, '--json'])
    await same(['report', '--month', '2026-06', '--as-of', AS_OF, '--format', 'csv'])
    await same(['entries', '--limit', '0', '--json'])
    await same(['entries', '--month', '2026-11', '--tag', 'oncall', '--json'])
    await same(['entries', '--engineer', 'bob', '--task', 'Rebuild Search Index', '--team', 'platform', '--json'])
    await same(['task', 'list', '--json'])
    await same(['task', 'show', 'db failover drill', '--team', 'payments', '--json'])
    await same(['team', 'list', '--json'])
    const exported = await same(['export'])
    expect(exported.split('\n').length).toBeGreaterThan(10_000)
    await same(['export', '--format', 'csv'])
  }, 300_000)
})
