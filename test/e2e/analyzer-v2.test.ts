import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {dumpDb, tempDb, toil, toilJsonOk, toilOk} from './cli.js'

// The analyzer's revised rules (SPEC §4) through the built CLI, one scenario of real, messy
// histories at a time. Every run gives --as-of, so the figures do not depend on today.
// Capacity: members × hours a week × days ÷ 7 (August and October 31 days, September 30).

type Db = ReturnType<typeof tempDb>

/** A command that must succeed: its stdout, or its JSON. */
const ok = (db: Db, args: string[]): Promise<string> => toilOk(db.db, args)
const json = <T = any>(db: Db, args: string[]): Promise<T> => toilJsonOk<T>(db.db, args)

const TOIL_FLAGS = ['--manual', '--repetitive', '--automatable', '--no-enduring-value']

describe('a team that began logging three months ago, with a task nobody has answered', () => {
  // newteam: 2 engineers × 40 h from 2026-01, but its first entry is in 2026-08.
  // restart deploys (toil, cost 20 h, maintenance 1 h): 10 × 30 min = 5 h in each of 08, 09, 10.
  //   Over its 3 months: 15 ÷ 3 = 5 h a month, net 4, payback 20 ÷ 4 = 5 months, 12-month net 48 − 20 = +28 h.
  //   (Over all 6 months it would be 2.5 h, net 1.5, payback 13.33 months, 12-month net −2 h.)
  // rotate certs (nobody answered): 3 × 2 h = 6 h on 2026-10-05 → possible-toil, 6 h a month.
  const db = tempDb()
  const asOf = ['--as-of', '2026-11-20', '--team', 'newteam']

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'newteam', '--members', '2', '--hours-per-week', '40', '--from', '2026-01'])
    await ok(db, ['task', 'add', 'restart deploys', '--team', 'newteam', ...TOIL_FLAGS, '--cost', '20h', '--maintenance', '1h'])
    for (const day of ['2026-08-12', '2026-09-12', '2026-10-12']) await ok(db, ['log', 'restart deploys', '30m', '--times', '10', '--day', day, '--team', 'newteam'])
    await ok(db, ['log', 'rotate certs', '2h', '--times', '3', '--day', '2026-10-05', '--team', 'newteam'])
  })
  afterAll(() => db.cleanup())

  it('candidates: rate 15 h ÷ 3 months = 5 h, payback 5 months, +28 h over 12 months; the unanswered task listed with its questions', async () => {
    const c = await json(db, ['candidates', ...asOf])
    expect(c.candidates.map((x: any) => x.task)).toEqual(['restart deploys', 'rotate certs'])
    expect(c.candidates[0]).toMatchObject({hoursPerMonth: 5, netHoursPerMonth: 4, paybackMonths: 5, horizonNetHours: 28, rateSource: 'logged', verdict: 'toil'})
    // rotate certs: first logged in 10 → 6 h ÷ 1 month; unestimated: break-even 6 × 12 = 72 h.
    expect(c.candidates[1]).toMatchObject({verdict: 'possible-toil', hoursPerMonth: 6, breakEvenHours: 72, paybackMonths: null})
    expect(c.needsAnswers).toEqual([expect.objectContaining({task: 'rotate certs', hours: 6, unanswered: ['manual', 'automatable', 'noEnduringValue', 'scales']})])
  })

  it('forecast: the same 3 months (trend through 3 months), months before shown as not logging yet; --automate uses the same candidate figures', async () => {
    const f = await json(db, ['forecast', ...asOf])
    expect(f.monthsWithData).toBe(3)
    expect(f.reason).toContain('through 3 months')
    expect(f.history.map((h: any) => [h.month, h.covered])).toEqual([
      ['2026-05', false], ['2026-06', false], ['2026-07', false], ['2026-08', true], ['2026-09', true], ['2026-10', true],
    ])
    expect(f.history.slice(0, 3).every((h: any) => h.share === null)).toBe(true)
    // October: toil 5 h, possible toil 6 h of 2 × 40 × 31 ÷ 7 = 354.29 h.
    expect(f.history[5]).toMatchObject({toilHours: 5, possibleToilHours: 6, capacityHours: 354.29, share: 0.0141, shareUpper: 0.031})
    expect(f.fit.months).toEqual(['2026-08', '2026-09', '2026-10'])
    expect(f.needsAnswers.map((n: any) => n.task)).toEqual(['rotate certs'])
    const w = await json(db, ['forecast', ...asOf, '--automate', '1'])
    expect(w.whatIf.tasks).toEqual([{task: 'restart deploys', team: 'newteam', netHoursPerMonth: 4}])
    const text = await ok(db, ['forecast', ...asOf])
    expect(text).toContain('not logging yet')
    expect(text).toMatch(/Needs answers[^\n]*\n[^\n]*rotate certs/)
  })

  it('classify: the unanswered task is possible-toil and needs answers (JSON and text)', async () => {
    const c = await json(db, ['classify', ...asOf])
    const certs = c.tasks.find((t: any) => t.task === 'rotate certs')
    expect(certs).toMatchObject({verdict: 'possible-toil', hours: 6})
    // 3 occurrences ever → repetitive inferred yes.
    expect(certs.criteria.repetitive).toMatchObject({value: 'yes', source: 'inferred'})
    expect(c.needsAnswers.map((n: any) => n.task)).toEqual(['rotate certs'])
    expect(await ok(db, ['classify', ...asOf])).toMatch(/Needs answers[^\n]*\n[^\n]*rotate certs/)
    expect(await ok(db, ['candidates', ...asOf])).toMatch(/Needs answers[^\n]*\n[^\n]*rotate certs/)
  })

  it('report: the possible toil in the upper bound, the task under needs answers, the average over the 3 logged months', async () => {
    const r = await json(db, ['report', ...asOf])
    expect(r.period.month).toBe('2026-10')
    expect(r).toMatchObject({toilHours: 5, possibleToilHours: 6, share: 0.0141, shareUpper: 0.031})
    expect(r.needsReview).toEqual([expect.objectContaining({task: 'rotate certs', verdict: 'possible-toil', hours: 6})])
    expect(r.trendAverage.months).toBe(3)
    expect(r.candidates[0]).toMatchObject({task: 'restart deploys', paybackMonths: 5, horizonNetHours: 28})
    const text = await ok(db, ['report', ...asOf])
    expect(text).toMatch(/Needs answers[^\n]*\n[^\n]*rotate certs[^\n]*possible-toil/)
    expect(text).toContain('not logging yet')
  })

  it('a CSV-imported copy of the history reports its possible toil, not 0 h', async () => {
    const csv = join(db.dir, 'history.csv')
    const exported = await toil(['export', '--format', 'csv', '--db', db.db])
    expect(exported.code).toBe(0)
    writeFileSync(csv, exported.stdout)
    const fresh = tempDb()
    try {
      await ok(fresh, ['import', csv])
      // No answers survive a CSV: both tasks are unanswered. October: 5 + 6 = 11 h possible toil of
      // an assumed 1 engineer × 40 × 31 ÷ 7 = 177.14 h → 6.21%.
      const r = await json(fresh, ['report', ...asOf])
      expect(r).toMatchObject({toilHours: 0, possibleToilHours: 11, capacityAssumed: true, capacityHours: 177.14, shareUpper: 0.0621})
      expect(r.needsReview.map((n: any) => [n.task, n.hours])).toEqual([['rotate certs', 6], ['restart deploys', 5]])
      const f = await json(fresh, ['forecast', ...asOf])
      expect(f.history.at(-1)).toMatchObject({toilHours: 0, possibleToilHours: 11})
      // By hours in the window: restart deploys 15 h, rotate certs 6 h.
      expect(f.needsAnswers.map((n: any) => [n.task, n.hours])).toEqual([['restart deploys', 15], ['rotate certs', 6]])
    } finally {
      fresh.cleanup()
    }
  })
})

describe('--as-of is reproducible', () => {
  // ops: 1 × 40 h; purge queues (toil, cost 10 h): 5 h in each of 08, 09, 10. Analysed as of 2026-11-10;
  // later, the task is automated from 2026-11-15 and more is logged on 2026-11-20.
  const db = tempDb()
  const asOf = ['--as-of', '2026-11-10', '--team', 'ops']
  // JSON of candidates, forecast and the report, then the report's text.
  const views = [['candidates', '--json'], ['forecast', '--json'], ['report', '--json'], ['report']]
  const capture = () => Promise.all(views.map((v) => toil([...v, ...asOf, '--db', db.db])))

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'ops', '--members', '1', '--hours-per-week', '40', '--from', '2026-01'])
    await ok(db, ['task', 'add', 'purge queues', '--team', 'ops', ...TOIL_FLAGS, '--cost', '10h'])
    for (const day of ['2026-08-10', '2026-09-10', '2026-10-10']) await ok(db, ['log', 'purge queues', '1h', '--times', '5', '--day', day, '--team', 'ops'])
  })
  afterAll(() => db.cleanup())

  it('a task automated after the as-of day is still a candidate as of that day, and every view is byte-identical before and after', async () => {
    const before = await capture()
    for (const r of before) expect(r.code).toBe(0)
    await ok(db, ['task', 'edit', 'purge queues', '--team', 'ops', '--status', 'automated', '--since', '2026-11-15'])
    await ok(db, ['log', 'purge queues', '1h', '--times', '9', '--day', '2026-11-20', '--team', 'ops'])
    const after = await capture()
    for (const [i, r] of after.entries()) {
      expect(r.code).toBe(0)
      expect(r.stdout).toBe(before[i]!.stdout)
    }
    const c = JSON.parse(after[0]!.stdout)
    // 15 h ÷ 3 months = 5 h a month; payback 10 ÷ 5 = 2 months.
    expect(c.candidates).toEqual([expect.objectContaining({task: 'purge queues', hoursPerMonth: 5, paybackMonths: 2})])
    const report = JSON.parse(after[2]!.stdout)
    expect(report.automations).toEqual([])
    expect(report.candidates.map((x: any) => x.task)).toEqual(['purge queues'])
  })

  it('as of a day after it went live, it is reviewed as an automation and no longer a candidate', async () => {
    const c = await json(db, ['candidates', '--as-of', '2026-11-20', '--team', 'ops'])
    expect(c.candidates).toEqual([])
    const r = await json(db, ['report', '--as-of', '2026-12-01', '--team', 'ops', '--month', '2026-11'])
    expect(r.automations.map((a: any) => [a.task, a.since])).toEqual([['purge queues', '2026-11-15']])
  })
})

describe('report --month this and --month last judge the same complete months', () => {
  // dev: 1 × 40 h from 2026-01; rebuild caches (toil) first logged in 07: 53, 57, 60, 64 h in 07–10,
  // and 20 h so far in November (in progress on 2026-11-20).
  const db = tempDb()

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'dev', '--members', '1', '--hours-per-week', '40', '--from', '2026-01'])
    await ok(db, ['task', 'add', 'rebuild caches', '--team', 'dev', ...TOIL_FLAGS])
    const hours: [string, number][] = [['2026-07-10', 53], ['2026-08-10', 57], ['2026-09-10', 60], ['2026-10-10', 64], ['2026-11-05', 20]]
    for (const [day, n] of hours) await ok(db, ['log', 'rebuild caches', '1h', '--times', String(n), '--day', day, '--team', 'dev'])
  })
  afterAll(() => db.cleanup())

  it('the partial month is shown, marked partial, and never fitted: both fit 07–10 and agree on the status', async () => {
    const [now, last] = await Promise.all([
      json(db, ['report', '--month', 'this', '--as-of', '2026-11-20', '--team', 'dev']),
      json(db, ['report', '--month', 'last', '--as-of', '2026-11-20', '--team', 'dev']),
    ])
    expect(now.period).toMatchObject({month: '2026-11', from: '2026-11-01', to: '2026-11-20', inProgress: true})
    expect(last.period.month).toBe('2026-10')
    expect(now.trend.at(-1)).toMatchObject({month: '2026-11', partial: true, toilHours: 20})
    const months = ['2026-07', '2026-08', '2026-09', '2026-10']
    expect(now.forecast.fit.months).toEqual(months)
    expect(last.forecast.fit.months).toEqual(months)
    expect(now.forecast.fit.slope).toBe(last.forecast.fit.slope)
    expect(now.forecast.recentMonths).toEqual(['2026-08', '2026-09', '2026-10'])
    expect(now.status).toBe(last.status)
    expect(now.forecast.crossingMonth).toBe(last.forecast.crossingMonth)
    // October 64 h of 40 × 31 ÷ 7 = 177.14 h = 36.13%, rising about 2 points a month: crossing.
    expect(last.status).toBe('crossing')
  })
})

describe('bad input is refused with exit 2 and nothing written; log says what it changed', () => {
  const db = tempDb()

  beforeAll(async () => {
    await ok(db, ['task', 'add', 'batch job', '--team', 'ops'])
  })
  afterAll(() => db.cleanup())

  it('log 90s is kept as 2 minutes and says it was rounded', async () => {
    const r = await toil(['log', 'batch job', '90s', '--day', '2026-11-02', '--team', 'ops', '--db', db.db])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('2m')
    expect(r.stderr).toMatch(/90s was rounded to 2m/)
    const entries = await json(db, ['entries', '--task', 'batch job', '--team', 'ops'])
    const list = entries.entries ?? entries
    expect(list.map((e: any) => e.minutes)).toEqual([2])
  })

  it('log --times 1001 is refused (1 to 1000), exit 2, nothing written', async () => {
    const before = dumpDb(db.db)
    const r = await toil(['log', 'batch job', '5m', '--times', '1001', '--day', '2026-11-02', '--team', 'ops', '--db', db.db])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/times/)
    expect(r.stderr).toMatch(/1000/)
    expect(dumpDb(db.db)).toBe(before)
  })

  it('25 h logged on one day is recorded, with a warning on stderr that suggests --day', async () => {
    const r = await toil(['log', 'batch job', '12h30m', '--times', '2', '--day', '2026-11-03', '--team', 'ops', '--db', db.db])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/25 h on 2026-11-03/)
    expect(r.stderr).toContain('--day')
    const entries = await json(db, ['entries', '--task', 'batch job', '--team', 'ops'])
    const list = entries.entries ?? entries
    expect(list.some((e: any) => e.day === '2026-11-03' && e.minutes === 750 && e.count === 2)).toBe(true)
  })

  it('task edit --cost 200000h is refused, exit 2, nothing written', async () => {
    const before = dumpDb(db.db)
    const r = await toil(['task', 'edit', 'batch job', '--team', 'ops', '--cost', '200000h', '--db', db.db])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cost/)
    expect(dumpDb(db.db)).toBe(before)
  })

  it('an import file with a 1e308 h cost is refused naming the line, exit 2, nothing imported', async () => {
    const file = join(db.dir, 'huge.jsonl')
    const task = {type: 'task', team: 'imported', name: 'huge', category: 'other', criteria: {manual: 'yes', repetitive: 'unknown', automatable: 'unknown', tactical: 'unknown', noEnduringValue: 'unknown', scales: 'unknown'}, frequency: null, durationMinutes: null, estimate: {costHours: 1e308, reduction: 1, maintenanceHoursPerMonth: 0}, status: 'active', automatedSince: null, createdAt: '2026-11-01T00:00:00.000Z'}
    const entry = {type: 'entry', id: '0192f0a0-0000-7000-8000-000000000001', task: 'huge', team: 'imported', engineer: 'alice', day: '2026-10-01', minutes: 30, count: 1, tags: [], note: '', createdAt: '2026-11-01T00:00:00.000Z'}
    const lines = [{type: 'team', name: 'imported', capacity: []}, task, entry].map((r) => JSON.stringify(r))
    // JSON.stringify writes 1e308 as 1e+308, as another tool might.
    expect(lines[1]).toContain('1e+308')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const before = dumpDb(db.db)
    const r = await toil(['import', file, '--db', db.db])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/line 2/)
    expect(r.stderr).toMatch(/costHours/)
    expect(dumpDb(db.db)).toBe(before)
  })
})

describe('toil budget, operational basis, candidate order and on-call load', () => {
  // sre: 3 × 40 h from 2026-01, a rotation of 6 with 2 on call at once (1/3 of the weeks), toil budget 30%.
  // Each of 08, 09, 10: A 10 h (cost 10 h), B 30 h (cost 300 h), C 20 h (no estimate), all toil;
  // incident response (oncall, needs judgment: not-toil) 240 h.
  const db = tempDb()
  const asOf = ['--as-of', '2026-11-20', '--team', 'sre']

  beforeAll(async () => {
    await ok(db, ['team', 'set', 'sre', '--members', '3', '--hours-per-week', '40', '--from', '2026-01', '--rotation', '6', '--shifts', '2'])
    await ok(db, ['team', 'set', 'sre', '--toil-budget', '30%'])
    const criteria = (toilLike: boolean) => ({manual: 'yes', repetitive: 'yes', automatable: toilLike ? 'yes' : 'no', tactical: 'unknown', noEnduringValue: 'yes', scales: 'unknown'})
    const task = (name: string, cost: number | null, category = 'other') => ({
      type: 'task', team: 'sre', name, category, criteria: criteria(category !== 'oncall'), frequency: null, durationMinutes: null,
      estimate: {costHours: cost, reduction: 1, maintenanceHoursPerMonth: 0}, status: 'active', automatedSince: null, createdAt: '2026-07-01T00:00:00.000Z',
    })
    const hours: Record<string, number> = {A: 10, B: 30, C: 20, 'incident response': 240}
    let n = 0
    const entries = ['2026-08-10', '2026-09-10', '2026-10-10'].flatMap((day) =>
      Object.entries(hours).map(([name, h]) => ({
        type: 'entry', id: `0192f0a0-0000-7000-8000-${String(++n).padStart(12, '0')}`, task: name, team: 'sre', engineer: 'alice', day, minutes: 60, count: h,
        tags: name === 'incident response' ? ['oncall'] : [], note: '', createdAt: `${day}T12:00:00.000Z`,
      })),
    )
    const records = [task('A', 10), task('B', 300), task('C', null), task('incident response', null, 'oncall'), ...entries]
    const file = join(db.dir, 'sre.jsonl')
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`)
    await ok(db, ['import', file])
  })
  afterAll(() => db.cleanup())

  it('--sort payback (A 1 month, B 10, then unestimated C), net (C 240, A 110, B 60) and hours (B 30, C 20, A 10)', async () => {
    const [payback, net, hours] = await Promise.all(['payback', 'net', 'hours'].map((sort) => json(db, ['candidates', ...asOf, '--sort', sort])))
    expect(payback.candidates.map((c: any) => c.task)).toEqual(['A', 'B', 'C'])
    expect(net.candidates.map((c: any) => [c.task, c.horizonNetHours ?? c.breakEvenHours])).toEqual([['C', 240], ['A', 110], ['B', 60]])
    expect(hours.candidates.map((c: any) => [c.task, c.hoursPerMonth])).toEqual([['B', 30], ['C', 20], ['A', 10]])
    expect(net.sort).toBe('net')
  })

  it('the toil budget in forecast and report JSON: toil 60 h of 531.43 h = 11.3%, under 30%', async () => {
    const f = await json(db, ['forecast', ...asOf])
    expect(f.toilBudget).toMatchObject({budget: 0.3, over: false})
    const r = await json(db, ['report', ...asOf])
    expect(r.toilBudget).toMatchObject({budget: 0.3, over: false})
    // October: 60 h of 3 × 40 × 31 ÷ 7 = 531.43 h.
    expect(r.share).toBe(0.1129)
    expect(await ok(db, ['forecast', ...asOf])).toContain('Toil budget 30%')
  })

  it('--basis operational: (60 + 240) h of 531.43 h = 56.45% → bankrupt, where toil alone is stable', async () => {
    const [toilBasis, operational] = await Promise.all([json(db, ['forecast', ...asOf]), json(db, ['forecast', ...asOf, '--basis', 'operational'])])
    expect(toilBasis.status).toBe('stable')
    expect(operational.basis).toBe('operational')
    expect(operational.status).toBe('bankrupt')
    expect(operational.history.at(-1).operationalShare).toBe(0.5645)
    // (300/531.43 + 300/514.29 + 300/531.43) ÷ 3 = 57.08%.
    expect(operational.recentShare).toBe(0.5708)
  })

  it('on-call load 2 ÷ 6 = 33% warns above 25%, in JSON and text', async () => {
    const f = await json(db, ['forecast', ...asOf])
    expect(f.onCallLoad).toEqual({share: 0.3333, overLimit: true, rotation: 6, shifts: 2})
    const text = await ok(db, ['forecast', ...asOf])
    expect(text).toMatch(/On-call load: 33(\.3)?%/)
    // The text wraps at the terminal's width.
    expect(text).toMatch(/Warning:\s+above\s+the\s+SRE\s+book's\s+25%/)
    const report = await ok(db, ['report', ...asOf])
    expect(report).toMatch(/On call\s+33(\.3)?% of each engineer's weeks[^\n]*above\s+the\s+25%/)
  })
})
