import {stringify} from 'csv-stringify/sync'

import {neutraliseCell} from '../domain/records.js'
import type {Report} from '../domain/report.js'
import {answerCommand} from './analysis.js'
import {barChart} from './chart.js'
import {headline, longMonth, pct, reportTitle, scopeName, shortMonth} from './report-text.js'
import {type Section, bodySections, trendMark, trendNotes, trendSection} from './report-sections.js'
import {escapeHtml, svgChart} from './svg.js'
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
    rows.push({section: 'automations', month, team: a.team, task: a.task, hours: a.realizedSavedHoursPerMonth, value: a.forecastSavedHoursPerMonth, share: a.realizedRatio, detail: `since ${a.since}`})
  }
  for (const p of r.forecast.projection) rows.push({section: 'forecast', month: p.month, team, share: p.share, value: r.forecast.status})
  for (const e of r.byEngineer ?? []) rows.push({section: 'byEngineer', month, team, task: '', detail: e.engineer, hours: e.toilHours, share: e.share, value: e.overThreshold ? 'over threshold' : ''})
  const cells = rows.map((row) =>
    CSV_COLUMNS.map((c) => {
      const v = row[c]
      if (v === null || v === undefined) return ''
      return typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : neutraliseCell(v)
    }),
  )
  return stringify([[...CSV_COLUMNS], ...cells])
}

// HTML: one self-contained page

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:960px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0;font-variant-numeric:tabular-nums}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left}
td.r,th.r{text-align:right}th{background:#f6f6f6}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}
.status-bankrupt{color:#c0392b;font-weight:700}.status-crossing{color:#d35400;font-weight:700}.status-stable{color:#1e8449}
figure{margin:1em 0}svg{max-width:100%;height:auto}.note{color:#555}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}
`

function htmlTable(s: Section): string {
  if (s.rows.length === 0) return `<p class="note">${escapeHtml(s.empty)}</p>`
  const cls = (i: number) => (s.align[i] === 'right' ? ' class="r"' : '')
  const head = `<tr>${s.head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr>`
  const body = s.rows.map((row) => `<tr>${row.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`
}

export function reportHtml(r: Report): string {
  const trend = trendSection(r)
  const trendChart = svgChart({
    title: 'Toil share of capacity',
    categories: r.trend.map((m) => m.month),
    threshold: r.threshold,
    series: [
      {name: 'toil', values: r.trend.map((m) => m.share), kind: 'bar', color: '#2e86c1'},
      {name: 'with possible toil', values: r.trend.map((m) => m.shareUpper), kind: 'bar', color: '#aed6f1'},
      {name: 'operational', values: r.trend.map((m) => m.operationalShare), kind: 'line', color: '#7d3c98'},
    ],
  })
  const f = r.forecast
  const history = r.trend.map((m) => m.share)
  const months = [...r.trend.map((m) => m.month), ...f.projection.map((p) => p.month)]
  const pad = (values: (number | null)[], before: number) => [...Array.from({length: before}, () => null), ...values]
  const forecastChart = svgChart({
    title: `Forecast (${f.model} model)`,
    categories: months,
    threshold: f.threshold,
    series: [
      {name: 'history', values: [...history, ...f.projection.map(() => null)], kind: 'line', color: '#2e86c1'},
      {name: 'projection', values: pad(f.projection.map((p) => p.share), history.length), kind: 'dashed', color: '#d35400'},
      ...(f.whatIf ? [{name: `automating top ${f.whatIf.automate}`, values: pad(f.whatIf.projection.map((p) => p.share), history.length), kind: 'dashed' as const, color: '#1e8449'}] : []),
    ],
  })
  const dl = headline(r)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd${k === 'Status' ? ` class="status-${f.status}"` : ''}>${escapeHtml(v)}</dd>`)
    .join('\n')
  const body = bodySections(r).map((s) => {
    const chart = s.id === 'forecast' ? `\n<figure id="forecast-chart">${forecastChart}</figure>` : ''
    return `<h2 id="${s.id}">${escapeHtml(s.title)}</h2>${chart}\n${htmlTable(s)}`
  })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title(r))}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title(r))}</h1>
<dl>
${dl}
</dl>
<h2 id="trend">${escapeHtml(trend.title)}</h2>
<figure id="trend-chart">${trendChart}</figure>
${htmlTable(trend)}
${trendNotes(r).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
${body.join('\n')}
${f.projection.length > 0 ? `<p>${escapeHtml(`Forecast: ${f.reason}`)}</p>` : ''}
${r.notes.length > 0 ? `<h2>Notes</h2>\n<ul>${r.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
<p class="note">Threshold ${escapeHtml(pct(r.threshold, 0))}: past it a team has no capacity left to engineer its way out of toil.</p>
</body>
</html>
`
}
