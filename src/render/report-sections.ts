import type {Report} from '../domain/report.js'
import {answerCommand} from './analysis.js'
import type {Align} from './table.js'
import {h1, pct, shortMonth} from './report-text.js'

/** A report section as plain cells, rendered alike in the terminal, Markdown and HTML. */
export interface Section {
  id: string
  title: string
  head: string[]
  rows: string[][]
  align: Align[]
  /** Said instead of an empty table. */
  empty: string
}

const num = (v: number) => v.toFixed(1)
const months = (m: number | null) => (m === null ? '—' : `${m.toFixed(1)} mo`)

/** Marks after a trend month's label: * capacity assumed, † partial month. */
export function trendMark(m: Report['trend'][number]): string {
  return (m.capacityAssumed ? '*' : '') + (m.partial ? '†' : '')
}

/**
 * Months as columns with Total and Avg; the averages are over the counted months only
 * (logged, complete, with capacity); a month before logging shows "–" in every row.
 */
export function trendSection(r: Report): Section {
  const t = r.trend
  const counted = t.filter((m) => m.counts)
  const mean = (values: number[]) => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null)
  const cell = (m: (typeof t)[number], text: string) => (m.covered ? text : '–')
  const hours = (label: string, pick: (m: (typeof t)[number]) => number) => [
    label,
    ...t.map((m) => cell(m, num(pick(m)))),
    num(t.reduce((a, m) => a + pick(m), 0)),
    counted.length > 0 ? num(mean(counted.map(pick))!) : 'n/a',
  ]
  const shares = (label: string, pick: (m: (typeof t)[number]) => number | null) => [
    label,
    ...t.map((m) => cell(m, pct(pick(m)))),
    '',
    pct(mean(counted.map((m) => pick(m) ?? 0))),
  ]
  return {
    id: 'trend',
    title: `Trend, last ${t.length} months (hours and share of capacity)`,
    head: ['', ...t.map((m) => shortMonth(m.month) + trendMark(m)), 'Total', 'Avg'],
    rows: [
      hours('Toil h', (m) => m.toilHours),
      hours('Possible h', (m) => m.possibleToilHours),
      hours('Capacity h', (m) => m.capacityHours),
      shares('Toil', (m) => m.share),
      shares('Upper', (m) => m.shareUpper),
      shares('Operational', (m) => m.operationalShare),
    ],
    align: ['left', ...t.map((): Align => 'right'), 'right', 'right'],
    empty: 'No months to show.',
  }
}

/** The footnotes the trend's marks need, in the order the marks appear. */
export function trendNotes(r: Report): string[] {
  const notes: string[] = []
  if (r.trend.some((m) => !m.covered)) notes.push('– not logging yet: before the first logged entry; not counted in any average')
  if (r.trend.some((m) => m.capacityAssumed)) notes.push('* capacity assumed from who logged (40 h a week each, split across teams by hours)')
  const partial = r.trend.find((m) => m.partial)
  if (partial) notes.push(`† in progress: ${r.period.from} to ${r.period.to}; shown, not averaged or fitted`)
  if (r.trendTotals.countedMonths > 0 && r.trendTotals.countedMonths < r.trend.length) notes.push(`Avg: over the ${r.trendTotals.countedMonths} counted months`)
  return notes
}

export function topTasksSection(r: Report): Section {
  const teamCol = r.team === null
  return {
    id: 'topTasks',
    title: 'Top toil tasks',
    head: ['Task', ...(teamCol ? ['Team'] : []), 'Category', 'Hours', 'Times', 'Of toil'],
    rows: r.topTasks.map((t) => [t.task, ...(teamCol ? [t.team] : []), t.category, num(t.hours), String(t.occurrences), pct(t.shareOfToil)]),
    align: ['left', ...(teamCol ? ['left' as Align] : []), 'left', 'right', 'right', 'right'],
    empty: 'No toil logged this month.',
  }
}

export function categorySection(r: Report): Section {
  return {
    id: 'byCategory',
    title: 'Toil by category',
    head: ['Category', 'Hours', 'Of toil'],
    rows: r.byCategory.map((c) => [c.category, num(c.hours), pct(c.shareOfToil)]),
    align: ['left', 'right', 'right'],
    empty: 'No toil logged this month.',
  }
}

export function reviewSection(r: Report): Section {
  return {
    id: 'review',
    title: 'Needs answers (classification incomplete)',
    head: ['Task', 'Verdict', 'Hours', 'Answer with'],
    rows: r.needsReview.map((t) => [t.task, t.verdict, num(t.hours), answerCommand(t)]),
    align: ['left', 'left', 'right', 'left'],
    empty: 'Every task with hours this month is classified.',
  }
}

export function candidatesSection(r: Report): Section {
  // The options' horizon: the projection is empty when the data are insufficient.
  const horizon = r.analysis.options.horizon
  return {
    id: 'candidates',
    title: 'Top automation candidates',
    head: ['#', 'Task', 'Net h/mo', 'Cost', 'Payback', `${horizon}-mo net`, 'Break-even'],
    rows: r.candidates.map((c) => [
      String(c.rank),
      c.task + (c.neverPays ? ' (never pays)' : ''),
      num(c.netHoursPerMonth),
      c.costHours === null ? '—' : h1(c.costHours),
      months(c.paybackMonths),
      c.horizonNetHours === null ? '—' : h1(c.horizonNetHours),
      h1(c.breakEvenHours),
    ]),
    align: ['right', 'left', 'right', 'right', 'right', 'right', 'right'],
    empty: 'No active toil tasks to automate.',
  }
}

export function automationsSection(r: Report): Section {
  return {
    id: 'automations',
    title: 'Automations: forecast vs realized savings',
    // The rate before, and where it came from, as the candidates view showed it on the go-live day.
    head: ['Task', 'Since', 'Before h/mo', 'From', 'Forecast', 'Realized', 'Ratio'],
    rows: r.automations.map((a) => [
      a.task,
      a.since,
      num(a.rateBefore),
      a.rateSource,
      num(a.forecastSavedHoursPerMonth),
      a.realizedSavedHoursPerMonth === null ? 'too early' : num(a.realizedSavedHoursPerMonth),
      pct(a.realizedRatio, 0),
    ]),
    align: ['left', 'left', 'right', 'left', 'right', 'right', 'right'],
    empty: 'No task is marked automated yet (toil task edit NAME --status automated --since DAY).',
  }
}

export function forecastSection(r: Report): Section {
  const f = r.forecast
  const whatIf = f.whatIf
  return {
    id: 'forecast',
    title: `Forecast (${f.model} model, threshold ${pct(f.threshold, 0)})`,
    head: ['Month', 'Projected', ...(whatIf ? [`Automating top ${whatIf.automate}`] : [])],
    rows: f.projection.map((p, i) => [p.month, pct(p.share), ...(whatIf ? [pct(whatIf.projection[i]?.share)] : [])]),
    align: ['left', 'right', 'right'],
    empty: f.reason,
  }
}

export function engineerSection(r: Report): Section | null {
  if (!r.byEngineer) return null
  return {
    id: 'byEngineer',
    title: 'Toil by engineer (against their team\'s hours a week)',
    head: ['Engineer', 'Toil h', 'h/week', 'Share', 'Flag'],
    rows: r.byEngineer.map((e) => [e.engineer, num(e.toilHours), num(e.hoursPerWeek), pct(e.share), e.overThreshold ? `over ${pct(r.threshold, 0)}` : '']),
    align: ['left', 'right', 'right', 'right', 'left'],
    empty: 'Nobody logged toil this month.',
  }
}

/** The sections in report order, after the headline and the trend. */
export function bodySections(r: Report): Section[] {
  const engineers = engineerSection(r)
  return [topTasksSection(r), categorySection(r), reviewSection(r), candidatesSection(r), automationsSection(r), forecastSection(r), ...(engineers ? [engineers] : [])]
}
