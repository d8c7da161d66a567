import Database from 'better-sqlite3'
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type RunResult, dumpDb, tempDb, toil, toilJson} from './cli.js'

// `toil demo` seeds the demo database ($XDG_CACHE_HOME/toil/demo.db, here under the test's own
// directory, one cache folder a run so that runs at once keep their own) and prints the monthly
// report of its last complete month.

const AS_OF = ['--as-of', '2026-11-23']

function dbPath(stderr: string): string {
  const match = /entries up to \d{4}-\d{2}-\d{2} in (\S+)/.exec(stderr)
  if (!match) throw new Error(`no database path in: ${stderr}`)
  return match[1]!
}

describe('toil demo', () => {
  let t: ReturnType<typeof tempDb>
  let first: RunResult
  let again: RunResult
  let otherSeed: RunResult
  let runs = 0
  const demo = (args: string[]) => toil(['demo', ...AS_OF, ...args], {env: {XDG_CACHE_HOME: join(t.dir, `cache-${++runs}`)}})

  beforeAll(async () => {
    t = tempDb()
    ;[first, again, otherSeed] = await Promise.all([demo(['--seed', '7']), demo(['--seed', '7']), demo(['--seed', '8'])])
  })
  afterAll(() => t.cleanup())

  it('prints the report of a fresh temporary database on stdout', async () => {
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout.split('\n')[0]).toBe('Toil report — payments — October 2026 (2026-10-01 to 2026-10-31)')
    expect(first.stdout).toContain('Top automation candidates')
    expect(first.stdout).not.toMatch(/NaN|Infinity|undefined|null%/)
    const db = dbPath(first.stderr)
    expect(db.startsWith(t.dir)).toBe(true)
    expect(first.stdout).not.toContain(db)
    const conn = new Database(db, {readonly: true})
    try {
      expect(conn.prepare('SELECT name FROM teams ORDER BY name').all().length).toBeGreaterThanOrEqual(3)
      expect((conn.prepare('SELECT count(*) AS n FROM entries').get() as {n: number}).n).toBeGreaterThan(100)
      expect((conn.prepare("SELECT max(day) AS d FROM entries").get() as {d: string}).d <= '2026-11-23').toBe(true)
    } finally {
      conn.close()
    }
    // The printed report is that database's report.
    const report = await toil(['report', '--db', db, ...AS_OF, '--team', 'payments'])
    expect(report.code).toBe(0)
    expect(report.stdout).toBe(first.stdout)
  })

  it('keeps one demo database a user, replaced by the next demo, and leaves nothing else behind', async () => {
    const cache = join(t.dir, 'cache-again')
    for (const seed of ['7', '8']) {
      const run = await toil(['demo', ...AS_OF, '--seed', seed], {env: {XDG_CACHE_HOME: cache}})
      expect(run.code, run.stderr).toBe(0)
      expect(dbPath(run.stderr)).toBe(join(cache, 'toil', 'demo.db'))
      expect(readdirSync(join(cache, 'toil'))).toEqual(['demo.db'])
      // The hint's command prints the report the demo printed.
      const hint = /Explore it: toil (report .*?) \(also/.exec(run.stderr)![1]!.split(' ').filter((arg) => !['--format', 'html', '--out', 'report.html'].includes(arg))
      expect((await toil(hint)).stdout).toBe(run.stdout)
    }
  })

  it('is deterministic for a seed and an as-of day, and the seed matters', () => {
    expect(again.code).toBe(0)
    expect(dbPath(again.stderr)).not.toBe(dbPath(first.stderr))
    expect(again.stdout).toBe(first.stdout)
    expect(otherSeed.code).toBe(0)
    expect(otherSeed.stdout).not.toBe(first.stdout)
  })

  it('seeds a rising toil trend on the team it reports', async () => {
    const result = await demo(['--format', 'json'])
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json).toMatchObject({team: 'payments', period: {month: '2026-10'}})
    expect(json.trend).toHaveLength(6)
    expect(json.forecast.slope).toBeGreaterThan(0)
    expect(['crossing', 'bankrupt']).toContain(json.status)
    expect(json.candidates.length).toBeGreaterThan(0)
  })

  it('seeds a team that began logging three months ago: its earlier months are not logging yet, its rates over 3 months', async () => {
    const db = dbPath(first.stderr)
    const forecast = await toilJson(db, ['forecast', '--team', 'data', ...AS_OF])
    expect(forecast.code, forecast.stderr).toBe(0)
    expect(forecast.json.history.map((h: any) => h.covered)).toEqual([false, false, false, true, true, true])
    expect(forecast.json.history.filter((h: any) => !h.covered).every((h: any) => h.share === null && h.capacityHours === 0)).toBe(true)
    expect(forecast.json.monthsWithData).toBe(3)
    expect(forecast.json.status).not.toBe('insufficient-data')
    const candidates = await toilJson(db, ['candidates', '--team', 'data', ...AS_OF])
    const etl = candidates.json.candidates.find((c: any) => c.task === 'rerun failed ETL job')
    const classify = await toilJson(db, ['classify', 'rerun failed ETL job', '--team', 'data', ...AS_OF])
    // Its hours a month are its window hours over the 3 logged months, not over 6.
    expect(etl.rateSource).toBe('logged')
    expect(etl.hoursPerMonth).toBeCloseTo(classify.json.tasks[0].hours / 3, 1)
  })

  it('refuses a --db that already holds entries, leaving it unchanged', async () => {
    const db = dbPath(first.stderr)
    const before = dumpDb(db)
    const result = await toil(['demo', ...AS_OF, '--db', db])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('already holds entries')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    expect(dumpDb(db)).toBe(before)
  })

  it('--format html --out writes the page and prints nothing on stdout', async () => {
    const db = join(t.dir, 'kept.db')
    const out = join(t.dir, 'demo.html')
    const result = await toil(['demo', ...AS_OF, '--db', db, '--format', 'html', '--out', out])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('')
    expect(existsSync(db)).toBe(true)
    const html = readFileSync(out, 'utf8')
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<figure id="trend-chart"><svg')
    expect(html).toContain('<figure id="forecast-chart"><svg')
    expect(html).toContain('Toil report — payments — October 2026')
  })
})
