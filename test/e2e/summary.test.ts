import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {daysAgo, tempDb, toil, toilJson} from './cli.js'

let t: ReturnType<typeof tempDb>

async function ok(args: string[], user = 'alice'): Promise<void> {
  const r = await toil([...args, '--db', t.db], {env: {TOIL_USER: user}})
  expect(r.code, r.stderr).toBe(0)
}

// The week 2026-W47 (Monday 2026-11-16 to Sunday 2026-11-22) and a day of the week before.
beforeAll(async () => {
  t = tempDb()
  await ok(['log', 'restart payments worker', '15m', '--times', '4', '--day', '2026-11-16', '--team', 'platform', '--tag', 'oncall'])
  await ok(['log', 'restart payments worker', '30m', '--day', '2026-11-18', '--team', 'platform'])
  await ok(['log', 'rotate TLS certs', '1h30m', '--day', '2026-11-17', '--team', 'platform'])
  await ok(['log', 'weekly access review', '45m', '--day', '2026-11-22', '--team', 'security'])
  await ok(['log', 'restart payments worker', '1h', '--day', '2026-11-13', '--team', 'platform'])
  await ok(['log', 'restart payments worker', '1h', '--day', '2026-11-19', '--team', 'platform'], 'bob')
  await ok(['task', 'edit', 'restart payments worker', '--team', 'platform', '--manual', '--automatable', '--no-enduring-value'])
  await ok(['task', 'edit', 'weekly access review', '--team', 'security', '--no-manual'])
  await ok(['team', 'set', 'platform', '--members', '5', '--hours-per-week', '35', '--from', '2026-10'])
}, 60_000)
afterAll(() => t.cleanup())

describe('toil summary', () => {
  it("shows an engineer's week by task with the analyzer's verdicts, the share of their week and what needs answers", async () => {
    const {code, json} = await toilJson(t.db, ['summary', '--as-of', '2026-11-20'])
    expect(code).toBe(0)
    expect(json).toEqual({
      engineer: 'alice',
      period: {kind: 'week', from: '2026-11-16', to: '2026-11-22', label: '2026-W47'},
      asOf: '2026-11-20',
      loggedHours: 3.75,
      toilHours: 1.5,
      possibleToilHours: 1.5,
      notToilHours: 0.75,
      week: {hoursPerWeek: 35, team: 'platform', assumed: false},
      periodHours: 35,
      toilShare: 0.0429,
      toilShareUpper: 0.0857,
      tasks: [
        {task: 'restart payments worker', team: 'platform', hours: 1.5, occurrences: 5, verdict: 'toil'},
        {task: 'rotate TLS certs', team: 'platform', hours: 1.5, occurrences: 1, verdict: 'possible-toil'},
        {task: 'weekly access review', team: 'security', hours: 0.75, occurrences: 1, verdict: 'not-toil'},
      ],
      needsAnswers: [{
        task: 'rotate TLS certs', team: 'platform', hours: 1.5, occurrences: 1, verdict: 'possible-toil',
        unanswered: ['manual', 'automatable', 'tactical', 'noEnduringValue', 'scales'],
        command: 'toil task edit "rotate TLS certs" --team platform --manual --automatable --tactical --no-enduring-value --scales',
      }],
    })
    // The same verdicts toil classify gives as of that day.
    const classify = await toilJson(t.db, ['classify', '--as-of', '2026-11-20'])
    const verdicts = Object.fromEntries(classify.json.tasks.map((c: {task: string; verdict: string}) => [c.task, c.verdict]))
    for (const task of json.tasks) expect(verdicts[task.task]).toBe(task.verdict)
  })

  it('prints it in 80 columns', async () => {
    const r = await toil(['summary', '--as-of', '2026-11-20', '--db', t.db])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`alice, week 2026-W47 (2026-11-16 to 2026-11-22)
Logged 3.75 h, toil 1.5 h: 4.3% of a 35 h week.
Possible toil 1.5 h more: up to 8.6% if answers make it toil.
The week: the hours per week of team platform (toil team list).

Task                     Team      Hours  Times  Verdict
───────────────────────  ────────  ─────  ─────  ─────────────
restart payments worker  platform    1.5      5  toil
rotate TLS certs         platform    1.5      1  possible toil
weekly access review     security   0.75      1  not toil

Needs answers (1 task whose verdict answers could change):
  rotate TLS certs (platform, possible toil, 1.5 h)
    toil task edit "rotate TLS certs" --team platform --manual --automatable --tactical --no-enduring-value --scales
`)
  })

  it('covers the calendar month with --month, and another engineer with --engineer or the config file', async () => {
    const month = await toilJson(t.db, ['summary', '--month', '--as-of', '2026-11-20'])
    expect(month.json).toMatchObject({period: {kind: 'month', from: '2026-11-01', to: '2026-11-30', label: '2026-11'}, loggedHours: 4.75, periodHours: 150})
    expect(month.json.tasks[0]).toEqual({task: 'restart payments worker', team: 'platform', hours: 2.5, occurrences: 6, verdict: 'toil'})
    const bob = await toilJson(t.db, ['summary', '--engineer', 'bob', '--as-of', '2026-11-20'])
    expect(bob.json).toMatchObject({engineer: 'bob', loggedHours: 1, toilHours: 1, tasks: [{task: 'restart payments worker', hours: 1}], needsAnswers: []})
    const config = join(t.dir, 'config')
    expect((await toil(['config', 'set', 'engineer', 'bob'], {env: {XDG_CONFIG_HOME: config}})).code).toBe(0)
    const fromConfig = await toilJson(t.db, ['summary', '--as-of', '2026-11-20'], {env: {XDG_CONFIG_HOME: config, TOIL_USER: undefined}})
    expect(fromConfig.json.engineer).toBe('bob')
  })

  it('takes last week, an ISO week or a month after the flag, and refuses another word in one line', async () => {
    const w47 = await toilJson(t.db, ['summary', '--week', '2026-W47'])
    expect(w47.json).toMatchObject({period: {from: '2026-11-16', to: '2026-11-22'}})
    const byDay = await toilJson(t.db, ['summary', '--as-of', '2026-11-20'])
    expect(w47.json.loggedHours).toBe(byDay.json.loggedHours)
    // The week before the as-of day's: 2026-W46 holds the 2026-11-13 entry alone.
    const last = await toilJson(t.db, ['summary', '--week', 'last', '--as-of', '2026-11-20'])
    expect(last.json).toMatchObject({period: {from: '2026-11-09', to: '2026-11-15'}, loggedHours: 1})
    const month = await toilJson(t.db, ['summary', '--month', '2026-11'])
    expect(month.json.period).toMatchObject({from: '2026-11-01', to: '2026-11-30'})
    const bad = await toil(['summary', '--week', 'nov', '--db', t.db])
    expect(bad).toMatchObject({code: 2, stdout: ''})
    expect(bad.stderr.trim()).toBe('toil: week: "nov" is not a week; use this, last or an ISO week such as 2026-W49')
  })

  it('shows last week, saying so, when nothing is logged yet this week', async () => {
    const own = tempDb()
    try {
      const r = await toil(['log', 'restart payments worker', '2h', '--day', daysAgo(7), '--team', 'platform', '--db', own.db])
      expect(r.code, r.stderr).toBe(0)
      // Seven days back is always in last week.
      const shown = await toil(['summary', '--db', own.db])
      expect(shown.code).toBe(0)
      expect(shown.stdout.split('\n')[0]).toMatch(/^Nothing logged yet this week \(\d{4}-W\d\d\); last week instead:$/)
      expect(shown.stdout).toContain('Logged 2 h')
    } finally {
      own.cleanup()
    }
  })

  it('never reads an argument from a piped stdin: a while-read loop keeps its input', async () => {
    const piped = await toil(['classify', '--db', t.db], {input: 'rotate TLS certs\n'})
    expect(piped.code).toBe(0)
    // The whole classification, not the task the pipe named.
    expect(piped.stdout).toContain('restart payments worker')
    expect(piped.stdout).toContain('rotate TLS certs')
  })

  it('says how to log when the week is empty, and refuses --week with --month', async () => {
    const r = await toil(['summary', '--as-of', '2026-11-27', '--db', t.db])
    expect(r).toMatchObject({code: 0, stdout: 'alice, week 2026-W48 (2026-11-23 to 2026-11-29)\nNothing logged this week. Log work as you go: toil log "TASK" 30m (--day yesterday for earlier days).\n'})
    const empty = await toilJson(t.db, ['summary', '--as-of', '2026-11-27'])
    expect(empty.json).toMatchObject({loggedHours: 0, toilShare: 0, tasks: [], needsAnswers: [], week: {hoursPerWeek: 40, assumed: true}})
    const both = await toil(['summary', '--week', '--month', '--db', t.db])
    expect(both.code).toBe(2)
    expect((await toil(['summary', '--engineer', '', '--db', t.db])).code).toBe(2)
  })
})
