import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {analyze, defaultOptions} from '../../src/domain/analysis/analyze.js'
import type {AnalysisInput} from '../../src/domain/analysis/types.js'
import {type EngineerTaskHours, type ReportPeriod, buildReport} from '../../src/domain/report.js'
import {neutraliseCell} from '../../src/domain/records.js'
import {reportCsv, reportHtml, reportMarkdown, reportTable} from '../../src/render/report.js'
import {reportJson} from '../../src/render/report-json.js'
import {capacity, engineers as engineersWho, input, row, task} from './analysis/fixtures.js'

// buildReport and its renderers on analyses built by analyze() from small inputs,
// as of 2026-07-15: the report's month is 2026-06, the window 2026-01 … 2026-06.

const AS_OF = '2026-07-15'
const JUNE: ReportPeriod = {from: '2026-06-01', to: '2026-06-30', month: '2026-06', inProgress: false}
const toilCriteria = {manual: 'yes', automatable: 'yes', noEnduringValue: 'yes'} as const

const deploys = task('deploys | restarts', {category: 'release', criteria: toilCriteria, estimate: {costHours: 20, reduction: 1, maintenanceHoursPerMonth: 1}})
const script = task('<script>alert(1)</script>', {criteria: toilCriteria})
const approve = task('approve access', {criteria: {manual: 'yes'}})
// Toil with `automatable` unanswered: a "no" would make it not-toil, so it needs answers.
const triage = task('triage', {category: 'oncall', criteria: {manual: 'yes', noEnduringValue: 'yes'}})
// Toil missing only `scales`: no answer can change its verdict.
const purge = task('purge', {criteria: toilCriteria})
const planning = task('planning', {category: 'overhead'})
const formula = task('=HYPERLINK("http://x")', {criteria: toilCriteria})

const platform: AnalysisInput = input({
  tasks: [deploys, script, approve, triage, purge, planning, formula],
  taskMonths: [
    row(deploys, '2026-04', 4, 24),
    row(deploys, '2026-05', 5, 30),
    row(deploys, '2026-06', 10, 60),
    row(script, '2026-06', 2, 6),
    row(approve, '2026-06', 3, 3),
    row(triage, '2026-06', 2, 4, 2),
    row(purge, '2026-06', 1, 3),
    row(planning, '2026-06', 4, 4),
    row(formula, '2026-06', 0.5, 3),
  ],
  capacity: [capacity('2026-01', 1, 10)],
})
/** The platform input without its derived histories, to build variants from. */
const {taskHistory: _derived, ...platformParts} = platform
const days = [31, 28, 31, 30, 31, 30]
const cap = (d: number) => (10 * d) / 7
const JUNE_TOIL = 10 + 2 + 2 + 1 + 0.5

const analysis = (data: AnalysisInput, overrides = {}) => analyze(data, defaultOptions(AS_OF, {team: 'platform', ...overrides}))

function renderAll(report: ReturnType<typeof buildReport>): Record<string, string> {
  return {
    table: reportTable(report),
    markdown: reportMarkdown(report),
    csv: reportCsv(report),
    json: JSON.stringify(reportJson(report)),
    html: reportHtml(report),
  }
}

/** Cells of a GFM table row, split on unescaped pipes. */
const cells = (line: string) => line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/)

function markdownTables(markdown: string): string[][] {
  const tables: string[][] = []
  let fenced = false
  let block: string[] = []
  for (const line of [...markdown.split('\n'), '']) {
    if (line.startsWith('```')) fenced = !fenced
    if (!fenced && line.startsWith('|')) {
      block.push(line)
      continue
    }
    if (block.length > 0) tables.push(block)
    block = []
  }
  return tables
}

function expectValidMarkdown(markdown: string): void {
  for (const table of markdownTables(markdown)) {
    expect(table[1]).toMatch(/^\|(\s*:?-{3,}:?\s*\|)+$/)
    for (const line of table) expect(cells(line), line).toHaveLength(cells(table[0]!).length)
  }
}

describe('buildReport', () => {
  const engineers: EngineerTaskHours[] = [
    {engineer: 'ann', taskId: deploys.id, hours: 8},
    {engineer: 'bo', taskId: deploys.id, hours: 2},
    {engineer: 'bo', taskId: approve.id, hours: 3},
    {engineer: 'ann', taskId: planning.id, hours: 4},
    {engineer: 'cy', taskId: script.id, hours: 90},
  ]
  const r = buildReport(analysis(platform), JUNE, engineers)

  it('the month: toil, possible toil and the previous month with data', () => {
    expect(r.month).toMatchObject({month: '2026-06', toilHours: JUNE_TOIL, possibleToilHours: 3, capacityAssumed: false})
    expect(r.month.share).toBeCloseTo(JUNE_TOIL / cap(30), 12)
    expect(r.previous?.month).toBe('2026-05')
    expect(r.previous?.share).toBeCloseTo(5 / cap(31), 12)
    expect(r.notes).toEqual(['Not logging yet in 2026-01 – 2026-03: those months count in no average or trend.'])
  })

  it('a six-month trend: months before the first entry (April) are not logging yet; averages over the 3 logged months', () => {
    expect(r.trend.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'])
    expect(r.trend.map((m) => m.covered)).toEqual([false, false, false, true, true, true])
    expect(r.trendTotals.toilHours).toBeCloseTo(4 + 5 + JUNE_TOIL, 12)
    expect(r.trendTotals.capacityHours).toBeCloseTo(days.slice(3).reduce((s, d) => s + cap(d), 0), 9)
    expect(r.trendTotals.countedMonths).toBe(3)
    expect(r.trendTotals.averageToilHours).toBeCloseTo((4 + 5 + JUNE_TOIL) / 3, 12)
    expect(r.trendTotals.averageShare).toBeCloseTo((4 / cap(30) + 5 / cap(31) + JUNE_TOIL / cap(30)) / 3, 12)
  })

  it('top toil tasks by hours with their share of toil, and toil by category', () => {
    expect(r.topTasks.map((x) => [x.task, x.hours, x.occurrences])).toEqual([
      ['deploys | restarts', 10, 60],
      ...[['<script>alert(1)</script>', 2, 6], ['triage', 2, 4]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ['purge', 1, 3],
      ['=HYPERLINK("http://x")', 0.5, 3],
    ])
    for (const x of r.topTasks) expect(x.shareOfToil).toBeCloseTo(x.hours / JUNE_TOIL, 12)
    expect(r.byCategory.map((c) => [c.category, c.hours])).toEqual([['release', 10], ['other', 3.5], ['oncall', 2]])
    expect(r.byCategory.reduce((s, c) => s + c.shareOfToil!, 0)).toBeCloseTo(1, 12)
  })

  it('needs answers: possible toil, and toil whose verdict an answer could still change', () => {
    expect(r.needsReview.map((n) => [n.task, n.verdict, n.hours, n.unanswered])).toEqual([
      ['approve access', 'possible-toil', 3, ['automatable', 'noEnduringValue', 'scales']],
      ['triage', 'toil', 2, ['automatable', 'scales']],
    ])
  })

  it('per engineer: toil tasks only, against the team\'s own 10 h a week, flagging anyone over the threshold', () => {
    const week = (10 * 30) / 7
    expect(r.byEngineer!.map((e) => e.hoursPerWeek)).toEqual([10, 10, 10])
    expect(r.byEngineer!.map((e) => [e.engineer, e.toilHours, e.overThreshold])).toEqual([['cy', 90, true], ['ann', 8, false], ['bo', 2, false]])
    expect(r.byEngineer![0]!.share).toBeCloseTo(90 / week, 12)
    expect(buildReport(analysis(platform), JUNE, null).byEngineer).toBeNull()
  })

  it('refuses a month outside the analysis', () => {
    expect(() => buildReport(analysis(platform), {...JUNE, month: '2026-07'}, null)).toThrow('2026-07')
  })
})

describe('buildReport says plainly what is missing', () => {
  it('nothing at all: no teams, no capacity, no previous month', () => {
    const r = buildReport(analyze(input({teams: []}), defaultOptions(AS_OF)), JUNE, null)
    expect(r.month.share).toBeNull()
    expect(r.notes).toEqual([
      'No work was logged in 2026-06.',
      'No capacity is known for 2026-06: set it with toil team set, or log work so it can be assumed.',
      'No previous month with data (2026-05) to compare with.',
      'Not logging yet in 2026-01 – 2026-06: those months count in no average or trend.',
    ])
    expect(r.trendTotals.averageShare).toBeNull()
    const out = renderAll(r)
    expect(out.table).toContain('Toil report — all teams (none yet) — June 2026 (2026-06-01 to 2026-06-30)')
    expect(out.table).toMatch(/^Capacity\s+unknown \(no capacity set and nobody logged\)$/m)
    for (const text of Object.values(out)) expect(text).not.toMatch(/NaN|Infinity|undefined|null%/)
    expectValidMarkdown(out.markdown)
    // The forecast's reason is said once, not twice.
    expect(out.table.replaceAll(/\s+/g, ' ').split(r.forecast.reason).length - 1).toBe(2)
  })

  it('capacity assumed from who logged, and said so', () => {
    const noCapacity = {...platform, capacity: [], engineerHours: engineersWho('platform', '2026-06', 3)}
    const r = buildReport(analysis(noCapacity), JUNE, null)
    expect(r.month.capacityAssumed).toBe(true)
    expect(r.month.capacityHours).toBeCloseTo((3 * 40 * 30) / 7, 9)
    expect(r.notes).toEqual([
      'Capacity of 2026-06 is assumed: engineers who logged × 40 h a week (set it with toil team set).',
      'No previous month with data (2026-05) to compare with.',
      'Not logging yet in 2026-01 – 2026-03: those months count in no average or trend.',
    ])
    const out = renderAll(r)
    expect(out.table).toMatch(/^Capacity\s+514\.3 h \(assumed\)$/m)
    expect(out.table).toContain('Jun 26*')
    // Too few months for a projection: the candidates still count over the 12-month horizon.
    expect(r.forecast.status).toBe('insufficient-data')
    expect(out.table).toMatch(/Payback\s+12-mo net\s+Break-even/)
    expect(out.markdown).toContain('514.3 h (assumed)')
    expect(out.html).toContain('514.3 h (assumed)')
    expect(JSON.parse(out.json).capacityAssumed).toBe(true)
    for (const text of Object.values(out)) expect(text).not.toMatch(/NaN|Infinity|undefined|null%/)
  })

  it('a month in progress', () => {
    const july = analyze(platform, defaultOptions('2026-07-15', {team: 'platform', partialThrough: '2026-07-15'}))
    const r = buildReport(july, {from: '2026-07-01', to: '2026-07-15', month: '2026-07', inProgress: true}, null)
    expect(r.notes).toContain("2026-07 is in progress: figures cover 2026-07-01 to 2026-07-15 against the whole month's capacity; it is shown, never fitted or averaged.")
    expect(r.month).toMatchObject({partial: true, counts: false})
    expect(r.forecast.fit?.months ?? []).not.toContain('2026-07')
    expect(r.notes).toContain('No work was logged in 2026-07.')
    expect(r.previous?.month).toBe('2026-06')
  })
})

describe('report renderers', () => {
  const r = buildReport(analysis(platform, {automate: 1}), JUNE, null)
  const out = renderAll(r)

  it('table: plain text, the trend and the charts within 80 columns', () => {
    // eslint-disable-next-line no-control-regex
    expect(out.table).not.toMatch(/\u001B\[/)
    const lines = out.table.split('\n')
    const trend = lines.findIndex((l) => l.startsWith('Trend, last 6 months'))
    const forecast = lines.findIndex((l) => l.startsWith('Forecast (trend model'))
    const axes = lines.flatMap((l, i) => (l.includes('└') ? [i] : []))
    expect(axes).toHaveLength(2)
    const charted = [...lines.slice(trend, axes[0]! + 1), ...lines.slice(forecast, axes[1]! + 1)]
    for (const line of charted) expect([...line].length, line).toBeLessThanOrEqual(80)
    expect(out.table).toMatch(/^Toil\s+15\.5 h = 36\.2% of capacity, up to 43\.2% with possible toil \(3\.0 h\)$/m)
    expect(out.table).toContain('(top 1 automated:')
  })

  it('Markdown: valid GFM tables, pipes in names escaped', () => {
    expectValidMarkdown(out.markdown)
    expect(markdownTables(out.markdown).length).toBeGreaterThanOrEqual(7)
    expect(out.markdown).toContain('| deploys \\| restarts | release | 10.0 | 60 |')
  })

  it('CSV: one table, every row as wide as the header, formula-like cells quoted', () => {
    const rows = parse(out.csv) as string[][]
    expect(rows[0]).toEqual(['section', 'month', 'team', 'task', 'category', 'hours', 'occurrences', 'share', 'value', 'detail'])
    for (const row of rows) expect(row).toHaveLength(10)
    const tasks = rows.filter((row) => row[0] === 'topTasks').map((row) => row[3])
    expect(tasks).toContain(`'=HYPERLINK("http://x")`)
    expect(tasks).toContain('deploys | restarts')
  })

  it('neutraliseCell quotes what a spreadsheet would run', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(cell)).toBe(`'${cell}`)
    for (const cell of ['plain', '', 'a=b', "'quoted"]) expect(neutraliseCell(cell)).toBe(cell)
  })

  it('HTML: escaped names, inline SVG, nothing fetched', () => {
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(out.html).not.toMatch(/<script|<link|<img|\ssrc=|\shref=|url\(/i)
    expect(out.html).toMatch(/<figure id="trend-chart"><svg [^>]*width="\d+" height="\d+"/)
    expect(out.html).toMatch(/<figure id="forecast-chart"><svg /)
    expect(out.html).toContain('automating top 1')
    expect(out.html).toContain('<h2 id="candidates">')
  })

  it('JSON: the SPEC §7 fields, shares as fractions, the answer command quoted for a shell', () => {
    const json = reportJson(r)
    expect(json).toMatchObject({period: {from: '2026-06-01', to: '2026-06-30', month: '2026-06'}, team: 'platform', threshold: 0.5, toilHours: 15.5, possibleToilHours: 3})
    expect(json.share).toBe(Math.round((JUNE_TOIL / cap(30)) * 10_000) / 10_000)
    expect(json.previousShare).toBe(Math.round((5 / cap(31)) * 10_000) / 10_000)
    expect(json.trend[5]).toMatchObject({month: '2026-06', toilHours: 15.5, capacityHours: Math.round(cap(30) * 100) / 100})
    expect(json.topTasks[0]).toEqual({task: 'deploys | restarts', team: 'platform', category: 'release', hours: 10, occurrences: 60, shareOfToil: Math.round((10 / JUNE_TOIL) * 10_000) / 10_000})
    expect(json.needsReview[0]!.command).toBe('toil task edit "approve access" --team platform --automatable --no-enduring-value --scales')
    expect(json.forecast.whatIf?.automate).toBe(1)
    expect(json.byEngineer).toBeNull()

    const dollar = task('costs $5', {criteria: {manual: 'yes'}})
    const withDollar = buildReport(analysis(input({...platformParts, tasks: [dollar], taskMonths: [row(dollar, '2026-06', 1, 3)]})), JUNE, null)
    expect(reportJson(withDollar).needsReview[0]!.command).toBe(`toil task edit 'costs $5' --team platform --automatable --no-enduring-value --scales`)
  })
})
