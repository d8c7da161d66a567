import {stringify} from 'csv-stringify/sync'

import {csvText} from '../domain/records.js'
import type {Report} from '../domain/report.js'
import {answerCommand} from './analysis.js'
import {barChart} from './chart.js'
import {headline, pct, reportTitle, shortMonth} from './report-text.js'
import {type Section, bodySections, trendMark, trendNotes, trendSection} from './report-sections.js'
import {renderTable} from './table.js'
import {markdownText, termText} from './text.js'
import {wrap} from './wrap.js'

const title = reportTitle

function trendRows(r: Report) {
  return r.trend.map((m) => ({label: shortMonth(m.month), value: m.share, upper: m.shareUpper, note: trendMark(m), missing: m.covered ? undefined : 'not logging yet'}))
}

// Terminal

export function reportTable(r: Report): string {
  const out: string[] = [wrap(termText(title(r))), '']
  const pairs = headline(r)
  const width = Math.max(...pairs.map(([k]) => k.length))
  const hanging = ' '.repeat(width + 2)
  for (const [k, v] of pairs) out.push(`${k.padEnd(width)}  ${wrap(v, hanging).slice(hanging.length)}`)
  const trend = trendSection(r)
  out.push('', trend.title, renderTable(trend.head, trend.rows, trend.align), '')
  out.push(...barChart(trendRows(r), r.threshold))
  out.push(...trendNotes(r).map((note) => wrap(note)))
  const sections = bodySections(r)
  const review = sections.find((s) => s.id === 'review')
  const forecast = sections.find((s) => s.id === 'forecast')
  for (const s of sections) {
    out.push('', s.title)
    if (s.rows.length === 0) out.push(wrap(s.empty, '  '))
    // The command to answer stays on a line of its own, whole, to be copied.
    else if (s === review) out.push(...r.needsReview.flatMap((n) => [wrap(termText(`- ${n.task} (${n.verdict}, ${n.hours.toFixed(1)} h):`), '', '  '), termText(`  ${answerCommand(n)}`)]))
    else if (s === forecast) {
      out.push(...forecastChart(r))
      // With no projection the section's empty line already says why.
      out.push('', wrap(`Forecast: ${r.forecast.reason}`))
    } else out.push(renderTable(s.head, s.rows, s.align))
  }
  if (r.notes.length > 0) out.push('', 'Notes', ...r.notes.map((n) => wrap(termText(`- ${n}`), '', '  ')))
  return out.join('\n')
}

/** Projected months as bars against the threshold; the what-if beside each. */
function forecastChart(r: Report): string[] {
  const f = r.forecast
  return barChart(
    f.projection.map((p, i) => {
      const alt = f.whatIf?.projection[i]?.share
      return {label: shortMonth(p.month), value: p.share, note: alt === undefined ? '' : `(top ${f.whatIf!.automate} automated: ${pct(alt)})`}
    }),
    f.threshold,
    f.whatIf ? 30 : 40,
  )
}

// Markdown

const mdCell = markdownText

function mdTable(s: Section): string {
  if (s.rows.length === 0) return `_${s.empty}_`
  const sep = s.head.map((_, i) => (s.align[i] === 'right' ? '---:' : ':---'))
  return [s.head, sep, ...s.rows].map((row) => `| ${row.map(mdCell).join(' | ')} |`).join('\n')
}

export function reportMarkdown(r: Report): string {
  const out: string[] = [`## ${mdCell(title(r))}`, '']
  out.push('| | |', '| :--- | :--- |', ...headline(r).map(([k, v]) => `| **${k}** | ${mdCell(v)} |`), '')
  const trend = trendSection(r)
  out.push(`### ${trend.title}`, '', mdTable(trend), '')
  out.push('```text', ...barChart(trendRows(r), r.threshold), '```', '')
  for (const note of trendNotes(r)) out.push(`_${mdCell(note)}_`, '')
  for (const s of bodySections(r)) out.push(`### ${s.title}`, '', mdTable(s), '')
  if (r.forecast.projection.length > 0) out.push(`**Forecast:** ${mdCell(r.forecast.reason)}`, '')
  if (r.notes.length > 0) out.push('### Notes', '', ...r.notes.map((n) => `- ${mdCell(n)}`), '')
  return out.join('\n')
}

// CSV: one tidy table

export const CSV_COLUMNS = ['section', 'month', 'team', 'task', 'category', 'hours', 'occurrences', 'share', 'value', 'detail'] as const
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>

export function reportCsv(r: Report): string {
  const month = r.period.month
  const team = r.team ?? 'all'
  const rows: CsvRow[] = []
  const m = r.month
  rows.push(
    {section: 'summary', month, team, detail: 'capacityHours', hours: m.capacityHours, value: m.capacityAssumed ? 'assumed' : 'set'},
    {section: 'summary', month, team, detail: 'toil', hours: m.toilHours, share: m.share},
    {section: 'summary', month, team, detail: 'toilUpper', hours: m.toilHours + m.possibleToilHours, share: m.shareUpper},
    {section: 'summary', month, team, detail: 'operational', hours: m.operationalHours, share: m.operationalShare},
    {section: 'summary', month: r.previous?.month ?? null, team, detail: 'previousShare', share: r.previous?.share ?? null},
    {section: 'summary', month, team, detail: 'threshold', share: r.threshold},
    {section: 'summary', month, team, detail: 'status', value: r.forecast.status},
    {section: 'summary', month, team, detail: 'recentShare', share: r.forecast.recentShare, value: r.forecast.recentMonths.join(' ')},
  )
  for (const t of r.trend) {
    const detail = !t.covered ? 'not logging yet' : `capacityHours${t.capacityAssumed ? ' assumed' : ''}${t.partial ? ' partial' : ''}`
    rows.push({section: 'trend', month: t.month, team, hours: t.toilHours, share: t.share, value: t.capacityHours, detail})
  }
  for (const t of r.topTasks) rows.push({section: 'topTasks', month, team: t.team, task: t.task, category: t.category, hours: t.hours, occurrences: t.occurrences, share: t.shareOfToil})
  for (const c of r.byCategory) rows.push({section: 'byCategory', month, team, category: c.category, hours: c.hours, share: c.shareOfToil})
  for (const n of r.needsReview) rows.push({section: 'needsReview', month, team: n.team, task: n.task, hours: n.hours, value: n.verdict, detail: n.unanswered.join(' ')})
  for (const c of r.candidates) {
    rows.push({section: 'candidates', month, team: c.team, task: c.task, hours: c.netHoursPerMonth, value: c.paybackMonths, detail: `rank ${c.rank}; cost ${c.costHours ?? 'none'}; break-even ${c.breakEvenHours.toFixed(2)}`})
  }
  for (const a of r.automations) {
    rows.push({section: 'automations', month, team: a.team, task: a.task, hours: a.realizedSavedHoursPerMonth, value: a.forecastSavedHoursPerMonth, share: a.realizedRatio, detail: `since ${a.since}; rate before ${a.rateBefore.toFixed(2)} h/month, ${a.rateSource}`})
  }
  for (const p of r.forecast.projection) rows.push({section: 'forecast', month: p.month, team, share: p.share, value: r.forecast.status})
  for (const e of r.byEngineer ?? []) rows.push({section: 'byEngineer', month, team, task: '', detail: e.engineer, hours: e.toilHours, share: e.share, value: e.overThreshold ? 'over threshold' : ''})
  const cells = rows.map((row) =>
    CSV_COLUMNS.map((c) => {
      const v = row[c]
      if (v === null || v === undefined) return ''
      return typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : csvText(v)
    }),
  )
  return stringify([[...CSV_COLUMNS], ...cells])
}

// HTML: one self-contained page (report-html.ts)

export {reportHtml} from './report-html.js'
