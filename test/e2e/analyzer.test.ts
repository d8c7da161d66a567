import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {dumpDb, emptyDb, tempDb, toil, toilJson} from './cli.js'

// A small team history built through the CLI, analysed as of 2026-07-15: the window
// is 2026-01 … 2026-06. Every expected figure below is worked out by hand from the
// logged minutes, not taken from the code under test.

const AS_OF = ['--as-of', '2026-07-15']
const days = (month: string) => ({'2026-01': 31, '2026-02': 28, '2026-03': 31, '2026-04': 30, '2026-05': 31, '2026-06': 30})[month]!
const setCapacity = (month: string) => (4 * 40 * days(month)) / 7
const assumedCapacity = (engineers: number, month: string) => (engineers * 40 * days(month)) / 7

// restart stuck deploys: 40, 50, … 90 runs of 10 min, January to June.
const deployRuns = [40, 50, 60, 70, 80, 90]
const deployHours = deployRuns.map((n) => (n * 10) / 60)
// page: disk full on db-7: 20, 24, 30 pages of 15 min, April to June.
const pageHours = [0, 0, 0, 5, 6, 7.5]
const toilHours = deployHours.map((h, i) => h + pageHours[i]!)
const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']
const capacityHours = [assumedCapacity(1, '2026-01'), assumedCapacity(2, '2026-02'), ...months.slice(2).map(setCapacity)]

/** Least squares through (i, y[i]), written out for the test. */
function slopeOf(ys: number[]): number {
  const n = ys.length
  const mx = (n - 1) / 2
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  ys.forEach((y, i) => {
    num += (i - mx) * (y - my)
    den += (i - mx) ** 2
  })
  return num / den
}

describe('toil classify, candidates and forecast on a team history', () => {
  let t: ReturnType<typeof tempDb>

  const run = async (args: string[]) => {
    const result = await toil([...args, '--db', t.db])
    if (result.code !== 0) throw new Error(`toil ${args.join(' ')} failed (${result.code}): ${result.stderr}`)
    return result.stdout
  }
  const dump = () => dumpDb(t.db)

  beforeAll(async () => {
    t = tempDb()
    await run(['team', 'set', 'platform', '--members', '4', '--hours-per-week', '40', '--from', '2026-03', '--rotation', '6', '--shifts', '2'])
    await run(['task', 'add', 'restart stuck deploys', '--team', 'platform', '--manual', '--automatable', '--no-enduring-value', '--cost', '40h', '--maintenance', '2h'])
    await run(['task', 'add', 'rotate TLS certs', '--team', 'platform', '--manual'])
    await run(['task', 'add', 'weekly planning', '--team', 'platform', '--category', 'overhead'])
    await run(['task', 'add', 'page: disk full on db-7', '--team', 'platform', '--category', 'oncall', '--manual', '--automatable', '--no-enduring-value', '--cost', '10h'])
    await run(['task', 'add', 'incident review', '--team', 'platform', '--category', 'oncall', '--no-automatable'])
    const log = (task: string, duration: string, times: number, day: string, ...more: string[]) =>
      run(['log', task, duration, '--times', String(times), '--day', day, '--team', 'platform', ...more])
    await log('restart stuck deploys', '10m', 40, '2026-01-12')
    await log('restart stuck deploys', '10m', 30, '2026-02-09')
    await log('restart stuck deploys', '10m', 20, '2026-02-16', '--engineer', 'bob')
    for (const [i, month] of months.slice(2).entries()) await log('restart stuck deploys', '10m', deployRuns[i + 2]!, `${month}-10`)
    await log('page: disk full on db-7', '15m', 20, '2026-04-20', '--tag', 'oncall')
    await log('page: disk full on db-7', '15m', 24, '2026-05-20', '--tag', 'oncall')
    await log('page: disk full on db-7', '15m', 30, '2026-06-20', '--tag', 'oncall')
    await log('rotate TLS certs', '1h', 2, '2026-05-12')
    await log('rotate TLS certs', '1h', 2, '2026-06-12')
    await log('weekly planning', '1h', 4, '2026-06-01')
    await log('incident review', '3h', 1, '2026-06-25', '--tag', 'oncall')
    // Outside the window: after the as-of day's last complete month.
    await log('restart stuck deploys', '10m', 99, '2026-07-02')
  })
  afterAll(() => t.cleanup())

  it('classify: verdicts, scores, answered and inferred criteria, questions left', async () => {
    const {code, json} = await toilJson(t.db, ['classify', '--team', 'platform', ...AS_OF])
    expect(code).toBe(0)
    expect(json.window).toEqual({from: '2026-01', to: '2026-06', months: 6})
    const byName = Object.fromEntries(json.tasks.map((x: any) => [x.task, x]))
    expect(Object.keys(byName).sort()).toEqual(['incident review', 'page: disk full on db-7', 'restart stuck deploys', 'rotate TLS certs', 'weekly planning'])

    const deploys = byName['restart stuck deploys']
    expect(deploys).toMatchObject({team: 'platform', verdict: 'toil', score: 5, unanswered: []})
    expect(deploys.criteria.manual).toMatchObject({value: 'yes', source: 'answered'})
    expect(deploys.criteria.noEnduringValue).toMatchObject({value: 'yes', source: 'answered'})
    expect(deploys.criteria.repetitive).toMatchObject({value: 'yes', source: 'inferred'})
    expect(deploys.criteria.tactical).toMatchObject({value: 'no', source: 'inferred'})
    expect(deploys.criteria.scales).toMatchObject({value: 'yes', source: 'inferred'})

    // Pages: repetitive (74), tactical (category oncall), scales (5, 6, 7.5 h) inferred.
    expect(byName['page: disk full on db-7']).toMatchObject({verdict: 'toil', score: 6})
    expect(byName['rotate TLS certs']).toMatchObject({verdict: 'possible-toil', score: 2, unanswered: ['automatable', 'noEnduringValue', 'scales']})
    expect(byName['rotate TLS certs'].criteria.scales).toMatchObject({value: 'unknown', source: 'none'})
    expect(byName['weekly planning'].verdict).toBe('overhead')
    expect(byName['incident review']).toMatchObject({verdict: 'not-toil'})
    expect(byName['incident review'].criteria.automatable).toMatchObject({value: 'no', source: 'answered'})
  })

  it('classify TASK shows the reasons and the runnable command, which settles the verdict', async () => {
    const before = await toil(['classify', 'ROTATE tls certs', '--team', 'platform', ...AS_OF, '--db', t.db])
    expect(before.code).toBe(0)
    expect(before.stdout).toContain('only 2 months of data')
    const command = 'toil task edit "rotate TLS certs" --team platform --automatable --no-enduring-value --scales'
    expect(before.stdout).toContain(command)
    // Run the printed command on a copy of the history, so the other tests keep theirs.
    const line = before.stdout.split('\n').find((l) => l.trim().startsWith('toil task edit'))!
    const args = [...line.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1)
    const copy = tempDb()
    try {
      const db = new Database(t.db, {readonly: true})
      await db.backup(copy.db)
      db.close()
      const edit = await toil([...args, '--db', copy.db])
      expect(edit.code).toBe(0)
      const {json} = await toilJson(copy.db, ['classify', 'rotate TLS certs', '--team', 'platform', ...AS_OF])
      expect(json.tasks).toHaveLength(1)
      expect(json.tasks[0]).toMatchObject({verdict: 'toil', score: 5, unanswered: []})
    } finally {
      copy.cleanup()
    }
  })

  it('candidates: rates, savings, payback and ranking as computed by hand', async () => {
    const {code, json} = await toilJson(t.db, ['candidates', '--team', 'platform', ...AS_OF])
    expect(code).toBe(0)
    expect(json).toMatchObject({horizonMonths: 12, overrun: 1})
    expect(json.candidates.map((c: any) => [c.rank, c.task, c.verdict])).toEqual([
      [1, 'page: disk full on db-7', 'toil'],
      [2, 'restart stuck deploys', 'toil'],
      [3, 'rotate TLS certs', 'possible-toil'],
    ])
    const [pages, deploys, certs] = json.candidates
    // First paged in April: 18.5 h over the 3 months it could have happened in.
    const pageRate = (5 + 6 + 7.5) / 3
    expect(pages.hoursPerMonth).toBeCloseTo(pageRate, 2)
    expect(pages.paybackMonths).toBeCloseTo(10 / pageRate, 2)
    expect(pages.horizonNetHours).toBeCloseTo(pageRate * 12 - 10, 2)

    const deployRate = (390 * 10) / 60 / 6
    expect(deploys).toMatchObject({rateSource: 'logged', costHours: 40})
    expect(deploys.hoursPerMonth).toBeCloseTo(deployRate, 2)
    expect(deploys.savedHoursPerMonth).toBeCloseTo(deployRate, 2)
    expect(deploys.netHoursPerMonth).toBeCloseTo(deployRate - 2, 2)
    expect(deploys.paybackMonths).toBeCloseTo(40 / (deployRate - 2), 2)
    expect(deploys.horizonNetHours).toBeCloseTo((deployRate - 2) * 12 - 40, 2)
    expect(deploys.breakEvenHours).toBeCloseTo((deployRate - 2) * 12, 2)

    expect(certs).toMatchObject({costHours: null, paybackMonths: null, horizonNetHours: null, rateSource: 'logged'})
    // First rotated in May: 4 h over May and June.
    expect(certs.breakEvenHours).toBeCloseTo((4 / 2) * 12, 2)

    const overrun = await toilJson(t.db, ['candidates', '--team', 'platform', '--overrun', '1.3', '--horizon', '24', ...AS_OF])
    expect(overrun.json).toMatchObject({horizonMonths: 24, overrun: 1.3})
    expect(overrun.json.candidates[1].paybackMonths).toBeCloseTo((40 * 1.3) / (deployRate - 2), 2)
    expect(overrun.json.candidates[1].breakEvenHours).toBeCloseTo((deployRate - 2) * 24, 2)
  })

  it('forecast: history with set and assumed capacity, trend status', async () => {
    const {code, json} = await toilJson(t.db, ['forecast', '--team', 'platform', ...AS_OF])
    expect(code).toBe(0)
    expect(json).toMatchObject({team: 'platform', threshold: 0.5, model: 'trend', whatIf: null, crossingMonth: null, monthsToCrossing: null})
    expect(json.history.map((h: any) => h.month)).toEqual(months)
    expect(json.history.map((h: any) => h.capacityAssumed)).toEqual([true, true, false, false, false, false])
    json.history.forEach((h: any, i: number) => {
      expect(h.toilHours).toBeCloseTo(toilHours[i]!, 2)
      expect(h.capacityHours).toBeCloseTo(capacityHours[i]!, 2)
      expect(h.share).toBeCloseTo(toilHours[i]! / capacityHours[i]!, 3)
    })
    const june = json.history[5]
    expect(june.possibleToilHours).toBe(2)
    expect(june.shareUpper).toBeCloseTo((22.5 + 2) / setCapacity('2026-06'), 3)
    expect(june.operationalShare).toBeCloseTo((22.5 + 3) / setCapacity('2026-06'), 3)
    expect(json.onCallLoad).toMatchObject({overLimit: true, rotation: 6, shifts: 2})
    expect(json.onCallLoad.share).toBeCloseTo(2 / 6, 3)

    const shares = toilHours.map((h, i) => h / capacityHours[i]!)
    expect(json.slope).toBeCloseTo(slopeOf(shares), 5)
    // Far below 50% whichever way the trend points.
    expect(json.status).toBe('stable')
    expect(json.projection).toHaveLength(12)
    expect(json.projection[0].month).toBe('2026-07')
  })

  it('forecast: the growth model crosses from the 3-month mean, and --automate refits it without the pages', async () => {
    const last3 = [3, 4, 5].map((i) => toilHours[i]! / setCapacity(months[i]!))
    const base = (last3[0]! + last3[1]! + last3[2]!) / 3
    const exact = Math.log(0.05 / base) / Math.log(1.1)
    const {json} = await toilJson(t.db, ['forecast', '--team', 'platform', '--growth', '10%', '--threshold', '5%', '--automate', '1', ...AS_OF])
    expect(json).toMatchObject({model: 'growth', threshold: 0.05, status: 'crossing', monthsToCrossing: Math.ceil(exact), recentMonths: ['2026-04', '2026-05', '2026-06']})
    expect(json.baseShare).toBeCloseTo(base, 4)
    expect(json.exactMonthsToCrossing).toBeCloseTo(exact, 2)
    expect(json.projection[0].share).toBeCloseTo(base * 1.1, 3)
    // What-if: the pages (18.5 h over 3 months, no maintenance) are taken out of each month, and share₀ is taken again.
    const without = [3, 4, 5].map((i) => deployHours[i]! / setCapacity(months[i]!))
    const base2 = (without[0]! + without[1]! + without[2]!) / 3
    expect(json.whatIf.tasks).toEqual([{task: 'page: disk full on db-7', team: 'platform', netHoursPerMonth: 6.17}])
    expect(json.whatIf.recentShare).toBeCloseTo(base2, 4)
    expect(json.whatIf.projection[4].share).toBeCloseTo(base2 * 1.1 ** 5, 3)
    const firstOver = Array.from({length: 12}, (_, i) => i + 1).find((m) => base2 * 1.1 ** m >= 0.05)!
    expect(json.whatIf).toMatchObject({automate: 1, status: 'crossing', monthsToCrossing: firstOver})

    const human = await toil(['forecast', '--team', 'platform', '--growth', '10%', '--threshold', '5%', '--automate', '1', ...AS_OF, '--db', t.db])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain(`Crosses 5% in ${json.crossingMonth}`)
    expect(human.stdout).toContain('(assumed)')
    expect(human.stdout).toContain('On-call load: 33.3%')
    expect(human.stdout).toContain("above the SRE book's 25% ceiling")
  })

  it('forecast: bankrupt when the mean of the last 3 months is at or above the threshold', async () => {
    // April–June: 2.43%, 2.73% and 3.28% of capacity; their mean, 2.81%, is over 2.5% but under 3%.
    const last3 = [3, 4, 5].map((i) => toilHours[i]! / setCapacity(months[i]!))
    const mean = (last3[0]! + last3[1]! + last3[2]!) / 3
    const {json} = await toilJson(t.db, ['forecast', '--team', 'platform', '--threshold', '2.5%', ...AS_OF])
    expect(json).toMatchObject({status: 'bankrupt', crossingMonth: null})
    expect(json.recentShare).toBeCloseTo(mean, 4)
    const spiky = await toilJson(t.db, ['forecast', '--team', 'platform', '--threshold', '3%', ...AS_OF])
    expect(spiky.json.status).not.toBe('bankrupt')
    expect(spiky.json.monthsOver).toEqual(['2026-06'])
  })

  it('all teams: hours and capacities summed, assumed capacity for a team without one', async () => {
    await run(['log', 'restart web pods', '30m', '--times', '4', '--team', 'web', '--engineer', 'carol', '--day', '2026-06-05'])
    const {json} = await toilJson(t.db, ['forecast', ...AS_OF])
    expect(json.team).toBeNull()
    expect(json.teams).toEqual(['platform', 'web'])
    const june = json.history[5]
    expect(june.capacityHours).toBeCloseTo(setCapacity('2026-06') + assumedCapacity(1, '2026-06'), 2)
    expect(june.capacityAssumed).toBe(true)
    expect(june.toilHours).toBeCloseTo(22.5, 2)
    const classify = await toilJson(t.db, ['classify', 'restart web pods', ...AS_OF])
    // Logged 4 times (repetitive), nothing answered: possible toil, not hidden as not-toil.
    expect(classify.json.tasks[0]).toMatchObject({team: 'web', verdict: 'possible-toil', score: 1})
  })

  it('reads without writing', async () => {
    const before = dump()
    for (const command of ['classify', 'candidates', 'forecast']) expect((await toil([command, ...AS_OF, '--db', t.db])).code).toBe(0)
    expect(dump()).toBe(before)
  })

  it.each([
    [['forecast', '--threshold', '0%'], 'threshold: "0%" must be more than 0%'],
    [['forecast', '--window', '2'], 'window: "2" must be a whole number of months from 3 to 60'],
    [['forecast', '--automate', 'all'], 'automate: "all" must be a whole number of tasks'],
    [['forecast', '--growth', 'fast'], 'growth: "fast" is not a rate'],
    [['candidates', '--overrun', 'x'], 'overrun: "x" is not a cost factor'],
    [['candidates', '--horizon', '0'], 'horizon: "0" must be a whole number of months'],
    [['classify', '--as-of', '2999-01-01'], 'as-of'],
    [['forecast', '--team', 'nosuch'], 'team: "nosuch" is not a team'],
    [['classify', 'rotate TLS cert', '--team', 'platform'], 'did you mean "rotate TLS certs"?'],
  ])('refuses %j with exit 2, one line on stderr, nothing written', async (args, message) => {
    const before = dump()
    const result = await toil([...args, '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    expect(dump()).toBe(before)
  })

  it('reports a bad flag as JSON with --json', async () => {
    const {code, json} = await toilJson(t.db, ['forecast', '--threshold', '0%'])
    expect(code).toBe(2)
    expect(json.error).toEqual({code: 'invalid-input', message: 'threshold: "0%" must be more than 0%, e.g. 50%'})
  })
})

describe('analyzer views on an empty database', () => {
  it('say there is nothing yet, with null shares and insufficient data', async () => {
    const t = tempDb()
    try {
      await emptyDb(t.db)
      const forecast = await toilJson(t.db, ['forecast', ...AS_OF])
      expect(forecast.code).toBe(0)
      expect(forecast.json).toMatchObject({team: null, teams: [], status: 'insufficient-data', projection: [], whatIf: null})
      expect(forecast.json.history.every((h: any) => h.share === null && h.capacityHours === 0)).toBe(true)
      expect((await toilJson(t.db, ['candidates', ...AS_OF])).json.candidates).toEqual([])
      const classify = await toil(['classify', ...AS_OF, '--db', t.db])
      expect(classify.code).toBe(0)
      expect(classify.stdout).toContain('No tasks yet')
    } finally {
      t.cleanup()
    }
  })
})
