import {parse} from 'csv-parse/sync'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type RunResult, tempDb, toil, toilJson, dumpDb} from './cli.js'

// A small history of three teams built through the CLI and reported as of 2026-07-15:
// the report's month is 2026-06 and its trend 2026-01 … 2026-06. Every expected figure
// is worked out by hand from the logged minutes below.
//
// payments: capacity 1 engineer × 10 h a week from 2026-01, so a month has 10 × days ÷ 7 h.
// web: no capacity set (assumed from who logged). ghost: a task, no capacity, no entries.

const AS_OF = ['--as-of', '2026-07-15']
const ENGINEERS = ['xavier', 'yolanda', 'walter', 'wilhelmina']
const ENV = {TOIL_USER: 'wilhelmina'}
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']
const DAYS = [31, 28, 31, 30, 31, 30]
const REFUNDS = 'manual refunds | chargebacks'
const FORMULAS = ['=HYPERLINK("http://x")', '+1', '-1', '@x']
const FORMATS = ['table', 'markdown', 'csv', 'json', 'html']
const BY_ENGINEER = ['--team', 'payments', '--by-engineer', '--threshold', '3%']
// Reports that must say what is missing, in the formats the tests read (every format for
// the team with nothing at all): no capacity nor entries, assumed capacity, a month with
// nothing logged, a first month.
const PLAIN_SPEECH = [
  ...FORMATS.map((format) => ['--team', 'ghost', '--format', format]),
  ...['table', 'json', 'html'].map((format) => ['--team', 'web', '--format', format]),
  ...['table', 'json', 'csv'].map((format) => ['--team', 'payments', '--month', '2026-01', '--format', format]),
  ...['markdown', 'json', 'csv'].map((format) => ['--team', 'payments', '--month', '2026-03', '--format', format]),
]

const paymentsCapacity = DAYS.map((d) => (10 * d) / 7)
// Refunds: 30, 40, 50, 60 runs of 10 min from March; purge old logs: 3 × 30 min in April;
// June adds 1 h of =HYPERLINK, 3 × 0.5 h of +1, -1, @x and 2 h of pages.
const refundHours = [0, 0, 5, 40 / 6, 50 / 6, 10]
const paymentsToil = [0, 0, 5, 40 / 6 + 1.5, 50 / 6, 14.5]
const paymentsShare = paymentsToil.map((h, i) => h / paymentsCapacity[i]!)
// One engineer's 40 h a week over a month: web's assumed capacity (walter logs 2 h in May
// and in June), and what --by-engineer measures each engineer against.
const oneEngineer = (days: number) => (40 * days) / 7
const junePerEngineer = oneEngineer(30)

/** Cells of a GFM table row, split on the pipes that are not escaped. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/)
}

/** Every Markdown table: header, a valid delimiter row, and rows of the header's width. */
function checkMarkdownTables(markdown: string): string[][][] {
  const tables: string[][][] = []
  let block: string[] = []
  const flush = () => {
    if (block.length === 0) return
    expect(block.length, block.join('\n')).toBeGreaterThanOrEqual(2)
    const width = cells(block[0]!).length
    expect(block[1], block.join('\n')).toMatch(/^\|(\s*:?-{3,}:?\s*\|)+$/)
    for (const line of block) expect(cells(line), line).toHaveLength(width)
    tables.push(block.map((line) => cells(line).map((c) => c.trim())))
    block = []
  }
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    if (!fenced && line.startsWith('|')) block.push(line)
    else flush()
  }
  flush()
  return tables
}

const CSV_HEADER = ['section', 'month', 'team', 'task', 'category', 'hours', 'occurrences', 'share', 'value', 'detail']

function parseCsv(text: string): Record<string, string>[] {
  const rows = parse(text, {relax_column_count: false}) as string[][]
  expect(rows[0]).toEqual(CSV_HEADER)
  return rows.slice(1).map((row) => Object.fromEntries(CSV_HEADER.map((h, i) => [h, row[i]!])))
}

/** Runs `jobs` at most `limit` at a time (CLI runs are mostly process start-up). */
async function pool<T>(jobs: (() => Promise<T>)[], limit = 4): Promise<T[]> {
  const results: T[] = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++
      results[i] = await jobs[i]!()
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, jobs.length)}, worker))
  return results
}

function expectPlain(output: string): void {
  expect(output).not.toMatch(/NaN|Infinity|undefined|null%/)
  // eslint-disable-next-line no-control-regex
  expect(output).not.toMatch(/\u001B\[/)
}

describe('toil report on a three-team history', () => {
  let t: ReturnType<typeof tempDb>

  const run = async (args: string[]) => {
    // Flags go before `--`, after which every word is an argument (a task named -1).
    const end = args.includes('--') ? args.indexOf('--') : args.length
    const result = await toil([...args.slice(0, end), '--db', t.db, ...args.slice(end)], {env: ENV})
    if (result.code !== 0) throw new Error(`toil ${args.join(' ')} failed (${result.code}): ${result.stderr}`)
    return result.stdout
  }
  // Each distinct report runs once (piped, NO_COLOR unset) and is shared by the tests.
  const reports = new Map<string, Promise<string>>()
  const report = (args: string[]) => {
    const key = JSON.stringify(args)
    if (!reports.has(key)) {
      reports.set(key, toil(['report', ...AS_OF, ...args, '--db', t.db], {env: {...ENV, NO_COLOR: undefined}}).then((result) => {
        expect(result.code, result.stderr).toBe(0)
        expectPlain(result.stdout)
        return result.stdout
      }))
    }
    return reports.get(key)!
  }
  const reportJson = async (args: string[]) => JSON.parse(await report([...args, '--format', 'json']))
  const dump = () => dumpDb(t.db)

  beforeAll(async () => {
    t = tempDb()
    const toilFlags = ['--manual', '--automatable', '--no-enduring-value']
    await run(['team', 'set', 'payments', '--members', '1', '--hours-per-week', '10', '--from', '2026-01'])
    await pool([
      ['task', 'add', REFUNDS, '--team', 'payments', '--category', 'business-process', ...toilFlags, '--cost', '20h', '--maintenance', '1h'],
      ['task', 'add', 'page: disk full', '--team', 'payments', '--category', 'oncall', ...toilFlags, '--cost', '10h'],
      ['task', 'add', 'approve access', '--team', 'payments', '--manual'],
      ['task', 'add', 'weekly planning', '--team', 'payments', '--category', 'overhead'],
      ['task', 'add', 'incident review', '--team', 'payments', '--category', 'oncall', '--no-automatable'],
      ['task', 'add', 'purge old logs', '--team', 'payments', ...toilFlags, '--cost', '6h', '--reduction', '80%', '--maintenance', '30m'],
      ['task', 'add', 'restart web pods', '--team', 'web', ...toilFlags],
      ['task', 'add', 'ghost chore', '--team', 'ghost', '--manual'],
      ...FORMULAS.map((name) => ['task', 'add', '--team', 'payments', ...toilFlags, '--', name]),
    ].map((args) => () => run(args)))

    const log = (team: string, task: string, duration: string, times: number, day: string, ...more: string[]) =>
      ['log', '--team', team, '--times', String(times), '--day', day, ...more, '--', task, duration]
    await pool([
      log('payments', REFUNDS, '10m', 30, '2026-03-10', '--engineer', 'xavier'),
      log('payments', REFUNDS, '10m', 40, '2026-04-10', '--engineer', 'xavier'),
      log('payments', REFUNDS, '10m', 50, '2026-05-10', '--engineer', 'yolanda'),
      log('payments', REFUNDS, '10m', 40, '2026-06-10', '--engineer', 'xavier'),
      log('payments', REFUNDS, '10m', 20, '2026-06-20', '--engineer', 'yolanda'),
      log('payments', FORMULAS[0]!, '20m', 3, '2026-06-03'),
      ...FORMULAS.slice(1).map((name) => log('payments', name, '10m', 3, '2026-06-03')),
      log('payments', 'page: disk full', '30m', 4, '2026-06-15', '--tag', 'oncall'),
      log('payments', 'approve access', '1h', 3, '2026-06-16'),
      log('payments', 'weekly planning', '1h', 4, '2026-06-01'),
      log('payments', 'incident review', '3h', 1, '2026-06-25', '--tag', 'oncall'),
      // Automated on 2026-01-01 (below): 12 h over the six months before (2 h a month), then 1.5 h in April.
      log('payments', 'purge old logs', '1h', 6, '2025-09-15'),
      log('payments', 'purge old logs', '1h', 6, '2025-12-15'),
      log('payments', 'purge old logs', '30m', 3, '2026-04-15'),
      log('web', 'restart web pods', '30m', 4, '2026-05-05', '--engineer', 'walter'),
      log('web', 'restart web pods', '30m', 4, '2026-06-05', '--engineer', 'walter'),
      // After the report's month: in the as-of month.
      log('payments', REFUNDS, '10m', 99, '2026-07-02', '--engineer', 'xavier'),
    ].map((args) => () => run(args)))
    await run(['task', 'edit', 'purge old logs', '--team', 'payments', '--status', 'automated', '--since', '2026-01-01'])
    // The reports the tests read, run side by side once.
    const scopes = [['--team', 'payments'], [], BY_ENGINEER]
    const runs = [...scopes.flatMap((scope) => FORMATS.map((format) => [...scope, '--format', format])), ...PLAIN_SPEECH, ['--by-engineer', '--format', 'json']]
    await pool(runs.map((args) => () => report(args)))
  })
  afterAll(() => t.cleanup())

  it('JSON for one team: the SPEC §7 shape with figures worked out by hand', async () => {
    const json = await reportJson(['--team', 'payments'])
    for (const key of ['period', 'team', 'capacityHours', 'toilHours', 'possibleToilHours', 'share', 'shareUpper', 'operationalShare', 'previousShare', 'threshold', 'status', 'trend', 'topTasks', 'byCategory', 'needsReview', 'candidates', 'automations', 'forecast']) {
      expect(json).toHaveProperty(key)
    }
    expect(json.period).toMatchObject({from: '2026-06-01', to: '2026-06-30', month: '2026-06'})
    expect(json).toMatchObject({team: 'payments', threshold: 0.5, capacityAssumed: false, byEngineer: null, notes: []})
    expect(json.capacityHours).toBeCloseTo(300 / 7, 2)
    expect(json.toilHours).toBe(14.5)
    expect(json.possibleToilHours).toBe(3)
    expect(json.share).toBeCloseTo(14.5 / (300 / 7), 4)
    expect(json.shareUpper).toBeCloseTo(17.5 / (300 / 7), 4)
    // Operational: toil plus the 3 h incident review tagged oncall.
    expect(json.operationalShare).toBeCloseTo(17.5 / (300 / 7), 4)
    expect(json.previousShare).toBeCloseTo(paymentsShare[4]!, 4)

    expect(json.trend.map((m: any) => m.month)).toEqual(MONTHS)
    json.trend.forEach((m: any, i: number) => {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['month', 'toilHours', 'capacityHours', 'share']))
      expect(m.toilHours).toBeCloseTo(paymentsToil[i]!, 2)
      expect(m.capacityHours).toBeCloseTo(paymentsCapacity[i]!, 2)
      expect(m.share).toBeCloseTo(paymentsShare[i]!, 4)
    })

    expect(json.topTasks.map((x: any) => [x.task, x.hours, x.occurrences])).toEqual([
      [REFUNDS, 10, 60],
      ['page: disk full', 2, 4],
      [FORMULAS[0], 1, 3],
      ...FORMULAS.slice(1).sort((a, b) => a.localeCompare(b)).map((name) => [name, 0.5, 3]),
    ])
    for (const x of json.topTasks) expect(x.shareOfToil).toBeCloseTo(x.hours / 14.5, 4)
    expect(json.byCategory).toEqual([
      {category: 'business-process', hours: 10, shareOfToil: expect.closeTo(10 / 14.5, 4)},
      {category: 'other', hours: 2.5, shareOfToil: expect.closeTo(2.5 / 14.5, 4)},
      {category: 'oncall', hours: 2, shareOfToil: expect.closeTo(2 / 14.5, 4)},
    ])
    // Possible toil needs answers; toil tasks missing only `scales` do not (it cannot change their verdict).
    expect(json.needsReview).toEqual([
      {task: 'approve access', team: 'payments', verdict: 'possible-toil', hours: 3, unanswered: ['automatable', 'noEnduringValue', 'scales'],
        command: 'toil task edit "approve access" --team payments --automatable --no-enduring-value --scales'},
    ])

    // Refunds, first logged in March: 30 h over March–June = 7.5 h a month, net 6.5 after 1 h maintenance, cost 20 h.
    const rate = refundHours.reduce((a, b) => a + b, 0) / 4
    expect(rate).toBeCloseTo(7.5, 12)
    expect(json.candidates[0]).toMatchObject({rank: 1, task: REFUNDS, team: 'payments', verdict: 'toil', costHours: 20, rateSource: 'logged'})
    expect(json.candidates[0].hoursPerMonth).toBeCloseTo(rate, 2)
    expect(json.candidates[0].netHoursPerMonth).toBeCloseTo(rate - 1, 2)
    expect(json.candidates[0].paybackMonths).toBeCloseTo(20 / (rate - 1), 2)
    expect(json.candidates[0].horizonNetHours).toBeCloseTo((rate - 1) * 12 - 20, 2)
    expect(json.candidates[0].breakEvenHours).toBeCloseTo((rate - 1) * 12, 2)
    expect(json.candidates.map((c: any) => c.task)).not.toContain('purge old logs')
    expect(json.candidates.length).toBeLessThanOrEqual(5)

    // purge old logs, first logged in September 2025: 12 h over September–December = 3 h a month before,
    // 1.5 h over the 6 months after; 80% reduction (2.4 h saved), 0.5 h maintenance; realized 3 − 0.25 = 2.75.
    expect(json.automations).toEqual([
      {task: 'purge old logs', team: 'payments', since: '2026-01-01', rateBefore: 3, rateSource: 'logged', rateAfter: 0.25, monthsAfter: 6,
        forecastSavedHoursPerMonth: 2.4, forecastNetHoursPerMonth: 1.9, realizedSavedHoursPerMonth: 2.75, realizedNetHoursPerMonth: 2.25,
        realizedRatio: expect.closeTo(2.75 / 2.4, 3), costHours: 6},
    ])
    expect(json.status).toBe(json.forecast.status)
    expect(json.status).toBe('crossing')
  })

  it('JSON: forecast and candidates are what toil forecast and toil candidates say as of the first day after the month', async () => {
    // The report of June is the analysis as of 2026-07-01, whatever day it is run.
    for (const scope of [['--team', 'payments'], []]) {
      const [json, forecast, candidates] = await Promise.all([
        reportJson(scope),
        toilJson(t.db, ['forecast', '--as-of', '2026-07-01', ...scope]),
        toilJson(t.db, ['candidates', '--as-of', '2026-07-01', ...scope]),
      ])
      expect(json.forecast).toEqual(forecast.json)
      expect(json.candidates).toEqual(candidates.json.candidates.slice(0, 5))
      const june = forecast.json.history.find((h: any) => h.month === '2026-06')
      expect(json.share).toBe(june.share)
      expect(json.toilHours).toBe(june.toilHours)
    }
  })

  it('JSON for all teams: hours and capacities summed, capacity assumed for web', async () => {
    const json = await reportJson([])
    expect(json.team).toBeNull()
    expect([...json.teams].sort()).toEqual(['ghost', 'payments', 'web'])
    const capacity = 300 / 7 + oneEngineer(30)
    expect(json.capacityAssumed).toBe(true)
    expect(json.capacityHours).toBeCloseTo(capacity, 2)
    expect(json.toilHours).toBe(16.5)
    expect(json.share).toBeCloseTo(16.5 / capacity, 4)
    expect(json.previousShare).toBeCloseTo((50 / 6 + 2) / (paymentsCapacity[4]! + oneEngineer(31)), 4)
    expect(json.topTasks.find((x: any) => x.task === 'restart web pods')).toMatchObject({team: 'web', hours: 2, occurrences: 4})
    expect(json.byCategory.find((c: any) => c.category === 'other').hours).toBe(4.5)
    expect(json.notes.join(' ')).toContain('assumed')
    // --json prints the same document.
    expect((await toilJson(t.db, ['report', ...AS_OF], {env: ENV})).json).toEqual(json)
  })

  it('table: the sections, trend and charts within 80 columns, no colour codes in a pipe', async () => {
    const out = await report(['--team', 'payments', '--format', 'table'])
    const lines = out.split('\n')
    expect(lines[0]).toBe('Toil report — payments — June 2026 (2026-06-01 to 2026-06-30)')
    for (const heading of ['Trend, last 6 months', 'Top toil tasks', 'Toil by category', 'Needs answers', 'Top automation candidates', 'Automations: forecast vs realized savings', 'Forecast (trend model, threshold 50%)']) {
      expect(lines.some((l) => l.startsWith(heading)), heading).toBe(true)
    }
    expect(out).toMatch(/^Toil\s+14\.5 h = 33\.8% of capacity, up to 40\.8% with possible toil \(3\.0 h\)$/m)
    expect(out).toMatch(/^Change\s+\+15\.0 points from May 2026 \(18\.8%\)$/m)
    // The trend table, its chart and the forecast chart.
    const trendStart = lines.findIndex((l) => l.startsWith('Trend, last 6 months'))
    const trendEnd = lines.findIndex((l, i) => i > trendStart && l.includes('└'))
    const forecastStart = lines.findIndex((l) => l.startsWith('Forecast (trend model'))
    const forecastEnd = lines.findIndex((l, i) => i > forecastStart && l.includes('└'))
    const charted = [...lines.slice(trendStart, trendEnd + 1), ...lines.slice(forecastStart, forecastEnd + 1)]
    expect(charted.length).toBeGreaterThan(6 + 2 + 6 + 12)
    for (const line of charted) expect([...line].length, line).toBeLessThanOrEqual(80)
    expect(lines[trendStart + 1]).toMatch(/Jan 26\s+Feb 26\s+Mar 26\s+Apr 26\s+May 26\s+Jun 26\s+Total\s+Avg$/)
    // Rate before 3.0 h a month, logged; forecast saved 2.4, realized 2.75, 115%.
    expect(lines.find((l) => l.startsWith('purge old logs'))).toMatch(/2026-01-01\s+3\.0\s+logged\s+2\.4\s+2\.8\s+115%/)
  })

  it('Markdown: valid GFM tables with escaped pipes', async () => {
    const md = await report(['--team', 'payments', '--format', 'markdown'])
    expect(md.startsWith('## Toil report — payments — June 2026 (2026-06-01 to 2026-06-30)')).toBe(true)
    const tables = checkMarkdownTables(md)
    // Headline, trend, top tasks, categories, review, candidates, automations, forecast.
    expect(tables).toHaveLength(8)
    expect(md).toContain('| manual refunds \\| chargebacks | business-process | 10.0 | 60 | 69.0% |')
    const top = tables.find((x) => x[0]![0] === 'Task' && x[0]!.includes('Category'))!
    expect(top.slice(2).map((row) => row[0])).toContain('manual refunds \\| chargebacks')
    const trend = tables.find((x) => x[0]!.includes('Jun 26'))!
    expect(trend[0]).toEqual(['', 'Jan 26', 'Feb 26', 'Mar 26', 'Apr 26', 'May 26', 'Jun 26', 'Total', 'Avg'])
    expect(trend.find((row) => row[0] === 'Toil h')!.slice(1, 7)).toEqual(paymentsToil.map((h) => h.toFixed(1)))
  })

  it('CSV: one tidy table, formula-like task names neutralised', async () => {
    const rows = parseCsv(await report(['--team', 'payments', '--format', 'csv']))
    expect(new Set(rows.map((r) => r.section))).toEqual(new Set(['summary', 'trend', 'topTasks', 'byCategory', 'needsReview', 'candidates', 'automations', 'forecast']))
    const top = rows.filter((r) => r.section === 'topTasks')
    expect(top.map((r) => r.task)).toEqual(expect.arrayContaining([REFUNDS, ...FORMULAS.map((name) => `'${name}`)]))
    expect(top.find((r) => r.task === REFUNDS)).toMatchObject({month: '2026-06', team: 'payments', category: 'business-process', hours: '10', occurrences: '60'})
    expect(Number(top.find((r) => r.task === REFUNDS)!.share)).toBeCloseTo(10 / 14.5, 4)
    // No cell anywhere starts like a formula except numbers.
    for (const row of rows) for (const cell of Object.values(row)) if (/^[=+\-@]/.test(cell)) expect(Number.isFinite(Number(cell)), cell).toBe(true)
    const trend = rows.filter((r) => r.section === 'trend')
    expect(trend.map((r) => r.month)).toEqual(MONTHS)
    trend.forEach((r, i) => expect(Number(r.hours)).toBeCloseTo(paymentsToil[i]!, 3))
  })

  it('HTML: one self-contained page', async () => {
    const html = await report(['--team', 'payments', '--format', 'html'])
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<figure id="trend-chart"><svg')
    expect(html).toContain('<figure id="forecast-chart"><svg')
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i)
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)')
    expect(html).toContain('manual refunds | chargebacks')
  })

  it('aggregates by default: no engineer name in any format, for one team or all', async () => {
    const runs = [['--team', 'payments'], []].flatMap((scope) => FORMATS.map((format) => [...scope, '--format', format]))
    const outputs = await pool(runs.map((args) => () => report(args)))
    outputs.forEach((out, i) => {
      for (const name of ENGINEERS) expect(out, runs[i]!.join(' ')).not.toContain(name)
    })
  })

  it('--by-engineer adds each engineer and flags anyone over the threshold, in every format', async () => {
    const args = BY_ENGINEER
    const json = await reportJson(args)
    // June toil: xavier 40 × 10 min; yolanda 20 × 10 min; wilhelmina 1 + 3 × 0.5 + 2 h of pages.
    // Against the team's own 10 h a week: 10 × 30 ÷ 7 = 42.86 h in June.
    const teamMonth = (10 * 30) / 7
    expect(json.byEngineer.map((e: any) => [e.engineer, e.toilHours, e.hoursPerWeek, e.overThreshold])).toEqual([
      ['xavier', 6.67, 10, true],
      ['wilhelmina', 4.5, 10, true],
      ['yolanda', 3.33, 10, true],
    ])
    expect(json.byEngineer[0].capacityHours).toBeCloseTo(teamMonth, 2)
    expect(json.byEngineer[0].share).toBeCloseTo(40 / 6 / teamMonth, 4)

    const table = await report([...args, '--format', 'table'])
    expect(table).toMatch(/^xavier\s+6\.7\s+10\.0\s+15\.6%\s+over 3%$/m)
    expect(table).toMatch(/^yolanda\s+3\.3\s+10\.0\s+7\.8%\s+over 3%$/m)
    const md = await report([...args, '--format', 'markdown'])
    checkMarkdownTables(md)
    expect(md).toContain('| xavier | 6.7 | 10.0 | 15.6% | over 3% |')
    const csv = parseCsv(await report([...args, '--format', 'csv'])).filter((r) => r.section === 'byEngineer')
    expect(csv.map((r) => [r.detail, r.value])).toEqual([['xavier', 'over threshold'], ['wilhelmina', 'over threshold'], ['yolanda', 'over threshold']])
    const html = await report([...args, '--format', 'html'])
    expect(html).toContain('<td>xavier</td>')

    const all = await reportJson(['--by-engineer'])
    expect(all.byEngineer.map((e: any) => e.engineer).sort()).toEqual([...ENGINEERS].sort())
    expect(all.byEngineer.find((e: any) => e.engineer === 'walter').toilHours).toBe(2)
    expect(all.byEngineer.every((e: any) => e.overThreshold === false)).toBe(true)
  })

  it('--out writes the file and prints nothing on stdout', async () => {
    const formats = ['html', 'csv']
    const file = (format: string) => join(t.dir, `report.${format}`)
    const results = await pool(formats.map((format) => () => toil(['report', ...AS_OF, '--team', 'payments', '--format', format, '--out', file(format), '--db', t.db], {env: ENV})))
    for (const [i, format] of formats.entries()) {
      expect(results[i]!.code).toBe(0)
      expect(results[i]!.stdout).toBe('')
      expect(results[i]!.stderr).toContain(file(format))
      expect(readFileSync(file(format), 'utf8')).toBe(await report(['--team', 'payments', '--format', format]))
    }
  })

  describe('says plainly what is missing', () => {
    it('a month with no work logged (capacity set)', async () => {
      const json = await reportJson(['--team', 'payments', '--month', '2026-01'])
      expect(json).toMatchObject({toilHours: 0, share: 0, period: {from: '2026-01-01', to: '2026-01-31', month: '2026-01'}})
      expect(json.notes).toEqual(['No work was logged in 2026-01.', 'Not logging yet in 2025-08: those months count in no average or trend.'])
      // December 2025: 6 h of purging against wilhelmina's assumed 40 h a week.
      expect(json.previousShare).toBeCloseTo(6 / oneEngineer(31), 4)
      const table = await report(['--team', 'payments', '--month', '2026-01', '--format', 'table'])
      expect(table).toMatch(/^Toil\s+no work logged$/m)
      expect(table).toMatch(/^Change\s+−3\.4 points from December 2025 \(3\.4%\)$/m)
    })

    it('a first month of toil: the month before, logged and with capacity, counts as 0%', async () => {
      const json = await reportJson(['--team', 'payments', '--month', '2026-03'])
      expect(json.toilHours).toBe(5)
      expect(json.previousShare).toBe(0)
      expect(await report(['--team', 'payments', '--month', '2026-03', '--format', 'markdown'])).toContain('| **Change** | +11.3 points from February 2026 (0.0%) |')
    })

    it('a team with no capacity set: assumed, and said so', async () => {
      const json = await reportJson(['--team', 'web'])
      expect(json).toMatchObject({capacityAssumed: true, toilHours: 2})
      expect(json.capacityHours).toBeCloseTo(oneEngineer(30), 2)
      expect(json.notes.some((n: string) => n.startsWith('Capacity of 2026-06 is assumed'))).toBe(true)
      expect(await report(['--team', 'web', '--format', 'table'])).toMatch(/^Capacity\s+171\.4 h \(assumed\)$/m)
      expect(await report(['--team', 'web', '--format', 'html'])).toContain('171.4 h (assumed)')
    })

    it('a team with neither capacity nor entries', async () => {
      const json = await reportJson(['--team', 'ghost'])
      expect(json).toMatchObject({capacityHours: 0, share: null, shareUpper: null, operationalShare: null, previousShare: null, status: 'insufficient-data', topTasks: []})
      // Its one task, never logged and never answered, is possible toil: listed, with nothing to save.
      expect(json.candidates.map((c: any) => [c.verdict, c.hoursPerMonth, c.neverPays])).toEqual([['possible-toil', 0, true]])
      expect(json.notes).toEqual([
        'No work was logged in 2026-06.',
        'No capacity is known for 2026-06: set it with toil team set, or log work so it can be assumed.',
        'No previous month with data (2026-05) to compare with.',
        'Not logging yet in 2026-01 – 2026-06: those months count in no average or trend.',
      ])
      const table = await report(['--team', 'ghost', '--format', 'table'])
      expect(table).toMatch(/^Capacity\s+unknown \(no capacity set and nobody logged\)$/m)
      expect(table).toContain('No toil logged this month.')
    })

    it('the month in progress covers the days so far', async () => {
      const json = await reportJson(['--team', 'payments', '--month', 'this'])
      expect(json.period).toEqual({from: '2026-07-01', to: '2026-07-15', month: '2026-07', inProgress: true})
      expect(json.toilHours).toBe(16.5)
      expect(json.notes.join(' ')).toContain('in progress')
    })

    it('no NaN, Infinity, undefined or null% in any format', async () => {
      // report() checks every output; these ran in beforeAll. The unit tests render every format of such reports too.
      const outputs = await Promise.all(PLAIN_SPEECH.map((args) => report(args)))
      expect(outputs).toHaveLength(14)
      for (const out of outputs) expectPlain(out)
    })
  })

  it('reads without writing', async () => {
    const before = dump()
    const result = await toil(['report', ...AS_OF, '--by-engineer', '--db', t.db], {env: {...ENV, NO_COLOR: '1'}})
    expect(result.code).toBe(0)
    expectPlain(result.stdout)
    expect(result.stdout).toContain('Toil by engineer')
    expect(dump()).toBe(before)
  })

  it.each([
    [['--month', '2026-13'], 'month: "2026-13" is not a month'],
    [['--month', '2026-08'], 'month: "2026-08" is in the future'],
    [['--format', 'pdf'], 'pdf'],
    [['--team', 'nosuch'], 'team: "nosuch" is not a team'],
    [['--threshold', '0%'], 'threshold: "0%" must be more than 0%'],
  ])('refuses %j with exit 2, one line on stderr, nothing written', async (args, message) => {
    const before = dump()
    const out = join(t.dir, 'refused.html')
    const result: RunResult = await toil(['report', ...AS_OF, ...args, '--out', out, '--db', t.db], {env: ENV})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    expect(existsSync(out)).toBe(false)
    expect(dump()).toBe(before)
  })
})
