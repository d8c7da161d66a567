/** What a week of everyday use trips on (docs/usage.md): each case as a user meets it. */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {queryDb, tempDb, toil} from './cli.js'

const BIN = resolve(import.meta.dirname, '../../bin/run.js')

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

describe('--db', () => {
  it('empty (an unset variable in a script) is refused in one line, exit 2, and no default database is touched', async () => {
    const data = join(t.dir, 'data')
    for (const args of [['log', 'restart worker', '15m'], ['entries'], ['report']]) {
      const result = await toil([...args, '--db', ''], {env: {XDG_DATA_HOME: data}})
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toBe('toil: db: "" is empty; give an SQLite file or a postgres:// URL, or leave --db out for the default database\n')
    }
    expect(existsSync(data)).toBe(false)
    expect(readdirSync(t.dir)).toEqual([])
  })
})

describe('a new database', () => {
  /** The command on a terminal (util-linux `script`), with what the terminal showed. */
  const onTerminal = (args: string[], env: Record<string, string> = {}) => {
    const command = ['node', BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ')
    const run = spawnSync('script', ['-qfc', command, '/dev/null'], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1', TOIL_USER: 'alice', XDG_CONFIG_HOME: join(t.dir, 'no-config'), ...env}})
    return {code: run.status, shown: run.stdout.replaceAll('\r', '')}
  }

  it('is said on a terminal when created, by toil log and by any other writing command, once; a pipe gets no notice', async () => {
    const first = onTerminal(['log', 'restart worker', '15m', '--db', t.db])
    expect(first.code).toBe(0)
    expect(first.shown).toContain(`New toil database at ${t.db}\n`)
    const again = onTerminal(['log', 'restart worker', '15m', '--db', t.db])
    expect(again.shown).not.toContain('New toil database')
    const other = join(t.dir, 'other.db')
    const team = onTerminal(['team', 'set', 'payments', '--members', '4', '--hours-per-week', '40', '--db', other])
    expect(team.code).toBe(0)
    expect(team.shown).toContain(`New toil database at ${other}\n`)
    const piped = await toil(['log', 'restart worker', '15m', '--db', join(t.dir, 'third.db')])
    expect(piped).toMatchObject({code: 0, stderr: ''})
  })

  it('in a folder that does not exist is refused when the path was typed (exit 2, nothing made); only the default database gets its folder made', async () => {
    const typo = join(t.dir, 'dtaa', 'toil.db')
    const refused = await toil(['log', 'restart worker', '15m', '--db', typo])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(`toil: db: "${typo}" is in a folder that does not exist (${join(t.dir, 'dtaa')}); create the folder first, or check the path\n`)
    const viaEnv = await toil(['log', 'restart worker', '15m'], {env: {TOIL_DB: typo}})
    expect(viaEnv.code).toBe(2)
    expect(existsSync(join(t.dir, 'dtaa'))).toBe(false)
    const data = join(t.dir, 'data')
    const byDefault = await toil(['log', 'restart worker', '15m'], {env: {XDG_DATA_HOME: data}})
    expect(byDefault.code).toBe(0)
    expect(existsSync(join(data, 'toil', 'toil.db'))).toBe(true)
  })
})

describe('the default team in views', () => {
  const AS_OF = ['--as-of', '2026-12-02']
  let demo: ReturnType<typeof tempDb>
  beforeAll(async () => {
    demo = tempDb()
    expect((await toil(['demo', '--db', demo.db, ...AS_OF])).code).toBe(0)
  }, 120_000)
  afterAll(() => demo.cleanup())
  const json = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const result = await toil([...args, '--db', demo.db, '--json'], {env})
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout)
  }

  it('$TOIL_TEAM or the config file scopes report, forecast, classify, candidates, entries and task list; --all-teams shows all', async () => {
    const config = join(demo.dir, 'config')
    mkdirSync(join(config, 'toil'), {recursive: true})
    writeFileSync(join(config, 'toil', 'config.json'), JSON.stringify({team: 'payments'}))
    for (const env of [{TOIL_TEAM: 'payments'}, {XDG_CONFIG_HOME: config}]) {
      expect((await json(['report', ...AS_OF], env)).team).toBe('payments')
      expect((await json(['forecast', ...AS_OF], env)).team).toBe('payments')
      expect(new Set((await json(['classify', ...AS_OF], env)).tasks.map((t: {team: string}) => t.team))).toEqual(new Set(['payments']))
      expect(new Set((await json(['candidates', ...AS_OF], env)).candidates.map((t: {team: string}) => t.team))).toEqual(new Set(['payments']))
      expect(new Set((await json(['entries', '--limit', '200'], env)).entries.map((e: {team: string}) => e.team))).toEqual(new Set(['payments']))
      expect(new Set((await json(['task', 'list'], env)).tasks.map((t: {team: string}) => t.team))).toEqual(new Set(['payments']))
      expect((await json(['report', ...AS_OF, '--all-teams'], env)).team).toBeNull()
      expect((await json(['task', 'list', '--all-teams'], env)).tasks.some((t: {team: string}) => t.team !== 'payments')).toBe(true)
    }
    // No default: all teams, as before.
    expect((await json(['report', ...AS_OF])).team).toBeNull()
  })

  it('an all-teams report and forecast give each team its own status line, so one team\'s crisis is not averaged away', async () => {
    const report = await json(['report', ...AS_OF, '--all-teams'])
    const forecast = await json(['forecast', ...AS_OF, '--all-teams'])
    const payments = await json(['forecast', ...AS_OF, '--team', 'payments'])
    for (const all of [report.forecast.byTeam, forecast.byTeam]) {
      expect(all.map((t: {team: string}) => t.team).sort()).toEqual(['data', 'payments', 'platform'])
      expect(all.find((t: {team: string}) => t.team === 'payments')).toEqual({team: 'payments', status: payments.status, crossingMonth: payments.crossingMonth, monthsToCrossing: payments.monthsToCrossing, recentShare: payments.recentShare})
    }
    expect((await json(['forecast', ...AS_OF, '--team', 'payments'])).byTeam).toEqual([])
    const text = (await toil(['report', ...AS_OF, '--db', demo.db])).stdout
    expect(text).toMatch(new RegExp(`^Status of payments +${payments.status}: `, 'm'))
    const forecastText = (await toil(['forecast', ...AS_OF, '--db', demo.db])).stdout
    expect(forecastText).toContain('By team:\n  data: ')
    expect(forecastText).toMatch(/^ {2}payments: /m)
  })

  it('a default team this database lacks is refused naming where it came from', async () => {
    const result = await toil(['report', ...AS_OF, '--db', demo.db], {env: {TOIL_TEAM: 'paymnets'}})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('toil: team: "paymnets" ($TOIL_TEAM) is not a team of this database; did you mean "payments"?; --team names another, --all-teams shows every team\n')
  })

  it('report --out takes its format from the file name; --json with another --format is refused', async () => {
    const out = join(demo.dir, 'review.md')
    const wrote = await toil(['report', ...AS_OF, '--team', 'payments', '--out', out, '--db', demo.db])
    expect(wrote.code, wrote.stderr).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^## Toil report — payments/)
    expect(wrote.stderr).toContain('Wrote the markdown report')
    const both = await toil(['report', ...AS_OF, '--format', 'markdown', '--json', '--db', demo.db])
    expect(both.code).toBe(2)
    expect(JSON.parse(both.stdout).error.message).toBe('format: "markdown" goes against --json, which prints JSON; leave one of them out')
  })
})

describe('what a write echoes', () => {
  it('toil log shows the note, and the category of a task it creates', async () => {
    const result = await toil(['log', 'restart worker', '15m', '--note', 'OOM again', '--category', 'oncall', '--team', 'ops', '--db', t.db])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Logged [0-9a-f]{8} {2}\d{4}-\d\d-\d\d {2}"restart worker" {2}15m = 0\.25 h {2}alice \(ops\) {2}note: "OOM again"\n/)
    expect(result.stdout).toContain('New task "restart worker" in team ops, category oncall: answer its toil criteria with toil task edit')
  })

  it('entry edit with the values the entry already has says nothing changed and writes nothing', async () => {
    const logged = JSON.parse((await toil(['log', 'restart worker', '15m', '--team', 'ops', '--db', t.db, '--json'])).stdout)
    const id = logged.entry.id.slice(-8)
    const before = queryDb(t.db, 'SELECT * FROM entries')
    const same = await toil(['entry', 'edit', id, '--duration', '15m', '--db', t.db])
    expect(same.code).toBe(0)
    expect(same.stdout).toMatch(/^Nothing changed: entry [0-9a-f]{8} .* already has those values\n$/)
    expect(queryDb(t.db, 'SELECT * FROM entries')).toEqual(before)
    const changed = await toil(['entry', 'edit', id, '--duration', '20m', '--db', t.db])
    expect(changed.stdout).toContain('Before: ')
    expect(changed.stdout).toContain('After:  ')
  })
})

describe('the first day', () => {
  it('entries and summary on a fresh install say nothing is logged yet (exit 0) and create nothing; a named missing database is still refused', async () => {
    const data = join(t.dir, 'data')
    const entries = await toil(['entries'], {env: {XDG_DATA_HOME: data}})
    expect(entries).toMatchObject({code: 0, stdout: 'Nothing logged yet: toil log records the first entry (toil demo shows a whole history).\n'})
    const summary = await toil(['summary', '--json'], {env: {XDG_DATA_HOME: data}})
    expect(summary.code).toBe(0)
    expect(JSON.parse(summary.stdout)).toMatchObject({engineer: 'alice', loggedHours: 0, tasks: []})
    expect(existsSync(data)).toBe(false)
    const named = await toil(['entries', '--db', join(t.dir, 'missing.db')])
    expect(named.code).toBe(3)
  })
})

describe('following the README in order', () => {
  it('team set of a first team, while the entries so far sit in team default, offers the rename instead of splitting the history', async () => {
    expect((await toil(['log', 'restart worker', '15m', '--db', t.db])).code).toBe(0)
    const before = queryDb(t.db, 'SELECT name FROM teams')
    const refused = await toil(['team', 'set', 'payments', '--members', '4', '--hours-per-week', '40', '--db', t.db])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe("toil: team: your entry so far is in team default; toil team rename default payments makes it payments's (then run this again), or --new starts payments apart\n")
    expect(queryDb(t.db, 'SELECT name FROM teams')).toEqual(before)
    expect((await toil(['team', 'rename', 'default', 'payments', '--db', t.db])).code).toBe(0)
    expect((await toil(['team', 'set', 'payments', '--members', '4', '--hours-per-week', '40', '--db', t.db])).code).toBe(0)
    expect((await toil(['team', 'set', 'search', '--members', '2', '--hours-per-week', '40', '--db', t.db])).code).toBe(0)
  })
})
