import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempDb, toilJsonOk, toilOk} from './cli.js'

// Analyzer v2.1 (SPEC §4.1, §4.2, §4.5 as revised) through the built CLI. Every run gives
// --as-of, so the figures do not depend on today.

type Db = ReturnType<typeof tempDb>

/** A command that must succeed: its stdout, or its JSON. */
const ok = (db: Db, args: string[]): Promise<string> => toilOk(db.db, args)
const json = <T = any>(db: Db, args: string[]): Promise<T> => toilJsonOk<T>(db.db, args)

const TOIL_FLAGS = ['--manual', '--repetitive', '--automatable', '--no-enduring-value']

/** Logs `minutes` of a task in one month as whole 24 h occurrences on the 10th and the rest on the 20th. */
async function logMinutes(db: Db, task: string, team: string, month: string, minutes: number): Promise<void> {
  const days = Math.floor(minutes / 1440)
  if (days > 0) await ok(db, ['log', task, '24h', '--times', String(days), '--day', `${month}-10`, '--team', team])
  if (minutes % 1440 > 0) await ok(db, ['log', task, `${minutes % 1440}m`, '--day', `${month}-20`, '--team', team])
}

describe('a what-if adds nothing to months a team was not logging yet', () => {
  // As of 2026-10-15 (window 2026-04 … 2026-09), all teams. steady: 6 × 40 h/week, logging since April;
  // growing: 4 × 26 h/week, first entry in May. purge caches (steady, toil, unestimated): 34 h in April, then
  // 8930, 10363, 10531, 13594, 11596 minutes. rebuild index (growing, cost 20 h, maintenance 2 h): 20, 25, 30,
  // 35, 40 h in May–Sep → 30 h a month, net 28, payback 0.71 months: what --automate 4 can pick.
  const db = tempDb()
  const asOf = ['--as-of', '2026-10-15']

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'steady', '--members', '6', '--hours-per-week', '40', '--from', '2026-01'])
    await ok(db, ['team', 'set', 'growing', '--members', '4', '--hours-per-week', '26', '--from', '2026-01'])
    await ok(db, ['task', 'add', 'purge caches', '--team', 'steady', ...TOIL_FLAGS])
    await ok(db, ['task', 'add', 'rebuild index', '--team', 'growing', ...TOIL_FLAGS, '--cost', '20h', '--maintenance', '2h'])
    const purge: [string, number][] = [['2026-04', 34 * 60], ['2026-05', 8930], ['2026-06', 10363], ['2026-07', 10531], ['2026-08', 13594], ['2026-09', 11596]]
    for (const [month, minutes] of purge) await logMinutes(db, 'purge caches', 'steady', month, minutes)
    for (const [month, hours] of [['2026-05', 20], ['2026-06', 25], ['2026-07', 30], ['2026-08', 35], ['2026-09', 40]] as const) {
      await ok(db, ['log', 'rebuild index', '1h', '--times', String(hours), '--day', `${month}-12`, '--team', 'growing'])
    }
  })
  afterAll(() => db.cleanup())

  it('April stays 34 h ÷ 1028.57 h = 3.31% (not 36 ÷ 1028.57 = 3.50%); the refit: slope 0.018516, intercept 0.154553, 18.66 months to 50%', async () => {
    const f = await json(db, ['forecast', ...asOf, '--automate', '4'])
    expect(f.whatIf.tasks.map((t: any) => t.task)).toEqual(['rebuild index'])
    // April's capacity is steady's alone: 6 × 40 × 30 ÷ 7 = 1028.57 h.
    expect(f.history[0]).toMatchObject({month: '2026-04', capacityHours: 1028.57, toilHours: 34, share: 0.0331})
    expect(f.whatIf.history[0]).toMatchObject({month: '2026-04', share: 0.0331})
    // May: (148.83 + 2) ÷ (344 × 31 ÷ 7 = 1523.43) = 0.0990. The line: see test/unit/analysis/rules-v2.test.ts.
    expect(f.whatIf.history[1]).toMatchObject({month: '2026-05', share: 0.099})
    expect(f.whatIf.fit).toEqual({slope: 0.018516, intercept: 0.154553, months: ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']})
    expect(f.whatIf.exactMonthsToCrossing).toBe(18.66)
    expect(f.whatIf.status).toBe('stable')
  })
})

describe('scales is judged from the first window month with hours', () => {
  // ops, 1 × 40 h: drain queue logged 1 h in 2026-03 (before the window), then nothing in July and
  // 3h45m, 2h55m, 2h30m in Aug–Oct. --window 4 as of 2026-11-20: 2026-07 … 2026-10.
  // Series 3.75, 2.92, 2.5: slope (2.5 − 3.75) ÷ 2 = −0.625 → no (with July's 0 it would be +0.67 → yes).
  const db = tempDb()

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'ops', '--members', '1', '--hours-per-week', '40', '--from', '2026-01'])
    for (const [day, duration] of [['2026-03-05', '1h'], ['2026-08-05', '3h45m'], ['2026-09-05', '2h55m'], ['2026-10-05', '2h30m']]) {
      await ok(db, ['log', 'drain queue', duration!, '--day', day!, '--team', 'ops'])
    }
  })
  afterAll(() => db.cleanup())

  it('falls: scales no, inferred, with the three months in its reason', async () => {
    const c = await json(db, ['classify', '--as-of', '2026-11-20', '--team', 'ops', '--window', '4'])
    const task = c.tasks.find((t: any) => t.task === 'drain queue')
    expect(task.criteria.scales).toMatchObject({value: 'no', source: 'inferred'})
    expect(task.criteria.scales.reason).toContain('monthly hours 3.75, 2.92, 2.5')
  })

  it('with hours in only two window months (--window 3 as of 2026-10-20: 07–09, hours in Aug and Sep) it is unknown, whatever came before', async () => {
    // As of 2026-11-20 the window 08–10 has hours in all three: 3.75, 2.92, 2.5 → no.
    const c = await json(db, ['classify', '--as-of', '2026-11-20', '--team', 'ops', '--window', '3'])
    expect(c.tasks.find((t: any) => t.task === 'drain queue').criteria.scales.value).toBe('no')
    const earlier = await json(db, ['classify', '--as-of', '2026-10-20', '--team', 'ops', '--window', '3'])
    expect(earlier.tasks.find((t: any) => t.task === 'drain queue').criteria.scales.value).toBe('unknown')
  })
})

describe('report --month this is the analysis as of the as-of day', () => {
  // The demo history runs up to 2026-12-02; the report of November as of 2026-11-20 reads nothing after that day.
  const db = tempDb()

  beforeAll(async () => {
    await ok(db, ['demo', '--as-of', '2026-12-02'])
  })
  afterAll(() => db.cleanup())

  for (const day of ['2026-11-20', '2026-10-15']) {
    it(`payments as of ${day}: the same fit, status and crossing as toil forecast that day`, async () => {
      const [r, f] = await Promise.all([
        json(db, ['report', '--month', 'this', '--as-of', day, '--team', 'payments']),
        json(db, ['forecast', '--as-of', day, '--team', 'payments']),
      ])
      expect(r.period).toMatchObject({month: day.slice(0, 7), to: day, inProgress: true})
      expect(r.forecast.fit).toEqual(f.fit)
      expect(r.forecast.fit.months).toHaveLength(6)
      expect(r.forecast.crossingMonth).toBe(f.crossingMonth)
      expect(r.status).toBe(f.status)
      expect(r.trend.at(-1)).toMatchObject({month: day.slice(0, 7), partial: true})
    })
  }

  it('an entry logged and a task automated after the as-of day change nothing in it', async () => {
    const views = [['--format', 'json'], ['--format', 'table'], ['--format', 'csv']]
    const run = () => Promise.all(views.map((v) => ok(db, ['report', '--month', 'this', '--as-of', '2026-11-20', '--team', 'payments', ...v])))
    const before = await run()
    await ok(db, ['log', 'restart payments worker', '2h', '--times', '40', '--day', '2026-11-25', '--team', 'payments'])
    await ok(db, ['task', 'edit', 'manual refunds for failed charges', '--team', 'payments', '--status', 'automated', '--since', '2026-11-25'])
    const after = await run()
    expect(after).toEqual(before)
    const r = JSON.parse(after[0]!)
    expect(r.candidates.map((c: any) => c.task)).toContain('manual refunds for failed charges')
    expect(r.automations.map((a: any) => a.task)).not.toContain('manual refunds for failed charges')
  })
})

describe('an automation never logged before it went live takes its declared rate', () => {
  // renew tokens: declared weekly × 1 h, automated since 2026-08-10, 30 min logged on 2026-09-14.
  // As of 2026-11-20: rate before 365.25 ÷ 7 ÷ 12 × 1 = 4.348 h (declared); after (Sep, Oct) 0.5 ÷ 2 = 0.25;
  // realized 4.348 − 0.25 = 4.098 h a month.
  const db = tempDb()

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'ops', '--members', '1', '--hours-per-week', '40', '--from', '2026-01'])
    await ok(db, ['task', 'add', 'renew tokens', '--team', 'ops', ...TOIL_FLAGS, '--every', 'weekly', '--duration', '1h'])
    await ok(db, ['log', 'renew tokens', '30m', '--day', '2026-09-14', '--team', 'ops'])
    await ok(db, ['task', 'edit', 'renew tokens', '--team', 'ops', '--status', 'automated', '--since', '2026-08-10'])
  })
  afterAll(() => db.cleanup())

  it('JSON and the report table say 4.35 h a month before, declared; realized 4.1', async () => {
    const args = ['report', '--month', 'this', '--as-of', '2026-11-20', '--team', 'ops']
    const r = await json(db, args)
    expect(r.automations).toEqual([expect.objectContaining({task: 'renew tokens', rateBefore: 4.35, rateSource: 'declared', rateAfter: 0.25, realizedSavedHoursPerMonth: 4.1})])
    const text = await ok(db, args)
    expect(text).toMatch(/^renew tokens\s+2026-08-10\s+4\.3\s+declared\s+4\.3\s+4\.1\s+94%$/m)
  })
})
