import type {Month} from '../domain/calendar.js'
import type {Report} from '../domain/report.js'
import {daysSoFar, headline, longMonth, pct, reportTitle, scopeName, shortMonth} from './report-text.js'
import {type Section, bodySections, trendMark, trendNotes, trendSection} from './report-sections.js'
import {escapeHtml, svgChart} from './svg.js'

// HTML: one self-contained page, read at a review on a laptop or a projector, or printed.

const CSS = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:980px;margin:2em auto;padding:0 1em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:1.5em;line-height:1.25;margin:0 0 .5em}
h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.nw{white-space:nowrap}
dl.headline{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2em 1em;margin:0}
dt{font-weight:600}dd{margin:0}
.status-bankrupt{color:#c0392b;font-weight:700}.status-crossing{color:#b9460b;font-weight:700}.status-stable{color:#1e8449}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0;font-variant-numeric:tabular-nums}
caption{text-align:left;color:#555;font-size:.9em;padding-bottom:.3em}
th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f6;white-space:nowrap}
tbody th{background:none}
.r{text-align:right;white-space:nowrap}
table.months{font-size:.92em}
table.months td,table.months th{padding:.25em .4em}
table.months tbody th{font-weight:400}table.months tbody th[scope=rowgroup]{font-weight:600}
table.months td{min-width:3.4em}
table.months tbody tr.year-start>*{border-top:1px solid #ccc}
td.over{color:#a93226;font-weight:700}
td.crossing{box-shadow:inset 0 0 0 2px #c0392b}
figure{margin:1em 0;max-width:100%}
svg{display:block;max-width:100%;height:auto}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f4f4f4;padding:.05em .3em;border-radius:3px}
.note{color:#555}
@media print{body{margin:0;max-width:none;font-size:12px}h2{break-after:avoid}table,figure{break-inside:avoid}.scroll{overflow:visible}}
`

const MONTH_NAMES = 'January|February|March|April|May|June|July|August|September|October|November|December'
const SHORT_NAMES = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec'
/**
 * The values a browser would otherwise break inside: dates and months, a number and its unit, a
 * range of two numbers, 4-person and 12-mo. A bare number (46.2%, +8.2) has no break in it already.
 */
const VALUE = new RegExp(
  [
    `(?:${MONTH_NAMES}) \\d{4}`,
    `\\d{4}-\\d{2}(?:-\\d{2})?`,
    `\\b(?:${SHORT_NAMES}) \\d{2}\\b[*†]*`,
    `\\d+(?:\\.\\d+)?%?–\\d+(?:\\.\\d+)?%?(?: (?:h|mo)\\b)?`,
    `[+−±]?\\d+(?:\\.\\d+)? (?:h/week|h/mo|h|mo|points?|months?)(?![\\w/])`,
    `\\d+-[a-z]+`,
  ].join('|'),
  'g',
)

/** Escaped text whose values (numbers, dates) each sit in a no-wrap span. */
export function inlineHtml(text: string): string {
  return escapeHtml(text).replaceAll(VALUE, (value) => `<span class="nw">${value}</span>`)
}

/** A shell command: it may wrap between words, never inside one (`--no-enduring-value`). */
function commandHtml(command: string): string {
  return `<code>${command
    .split(/( +)/)
    .map((word) => (word.trim() === '' ? word : `<span class="nw">${escapeHtml(word)}</span>`))
    .join('')}</code>`
}

/** A table in its own horizontal scroll box: a wide table never widens the page. */
function scrollBox(label: string, table: string): string {
  return `<div class="scroll" role="region" tabindex="0" aria-label="${escapeHtml(label)}">${table}</div>`
}

function htmlTable(s: Section, options: {rowHeaders?: boolean} = {}): string {
  if (s.rows.length === 0) return `<p class="note">${inlineHtml(s.empty)}</p>`
  const cls = (i: number) => (s.align[i] === 'right' ? ' class="r"' : '')
  const head = `<tr>${s.head.map((h, i) => `<th scope="col"${cls(i)}>${inlineHtml(h)}</th>`).join('')}</tr>`
  const command = s.head.indexOf('Answer with')
  const cell = (c: string, i: number) => {
    if (i === 0 && options.rowHeaders) return `<th scope="row">${inlineHtml(c)}</th>`
    if (i === command) return `<td>${commandHtml(c)}</td>`
    // Right-aligned cells are values and never wrap; plain escaping keeps them one text each.
    return s.align[i] === 'right' ? `<td class="r">${escapeHtml(c)}</td>` : `<td>${inlineHtml(c)}</td>`
  }
  const body = s.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n')
  return scrollBox(s.title, `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`)
}

function titleHtml(r: Report): string {
  const p = r.period
  const nw = (text: string) => `<span class="nw">${escapeHtml(text)}</span>`
  // The scope may be a long list of teams: it wraps between names, the dates never.
  const days = daysSoFar(p)
  return `${nw('Toil report')} — ${escapeHtml(scopeName(r))} — ${nw(`${longMonth(p.month)}${days ? ' so far' : ''}`)} ${nw(`(${p.from} to ${p.to}${days ? `, ${days}` : ''})`)}`
}

/** One bar a month: toil share solid, possible toil hatched above it, months before logging as no data. */
function trendChart(r: Report): string {
  const t = r.trend
  const budget = r.forecast.budget?.budget ?? null
  const said = t.map((m) => {
    if (!m.covered) return `${shortMonth(m.month)} not logging yet`
    if (m.share === null) return `${shortMonth(m.month)} no capacity`
    const upper = m.shareUpper !== null && m.shareUpper > m.share + 1e-9 ? ` (up to ${pct(m.shareUpper)} with possible toil)` : ''
    return `${shortMonth(m.month)} ${pct(m.share)}${upper}`
  })
  return svgChart({
    id: 'trend',
    title: 'Toil share of capacity',
    description: `Toil share of capacity by month against the ${pct(r.threshold, 0)} threshold${budget === null ? '' : ` and the ${pct(budget, 0)} toil budget`}: ${said.join('; ')}.`,
    categories: t.map((m) => shortMonth(m.month) + trendMark(m)),
    threshold: r.threshold,
    budget,
    barLabels: true,
    partial: t.map((m) => m.partial),
    missing: t.map((m) => (!m.covered ? 'not logging yet' : m.share === null ? 'no capacity' : null)),
    series: [
      {
        name: 'toil share',
        values: t.map((m) => (m.covered ? m.share : null)),
        upper: t.map((m) => (m.covered ? m.shareUpper : null)),
        upperName: 'possible toil (unanswered criteria): the upper end of the range',
        kind: 'bar',
        color: '#2e86c1',
      },
      // A month in progress would plunge the line: its bar says "so far" instead.
      {name: 'operational share', values: t.map((m) => (m.covered && !m.partial ? m.operationalShare : null)), kind: 'line', color: '#7d3c98'},
    ],
  })
}

/** History and projection on one time axis; the crossing month marked. */
function forecastChart(r: Report): string {
  const f = r.forecast
  const operational = f.basis === 'operational'
  // A month in progress is neither fitted nor drawn: a few days against a whole month's capacity.
  const shareOf = (m: Report['trend'][number]) => (!m.covered || m.partial ? null : operational ? m.operationalShare : m.share)
  const months: Month[] = [...new Set([...r.trend.map((m) => m.month), ...f.projection.map((p) => p.month)])].sort()
  const at = (values: Map<Month, number | null>) => months.map((m) => values.get(m) ?? null)
  const history = new Map(r.trend.map((m) => [m.month, shareOf(m)]))
  const projected = new Map(f.projection.map((p) => [p.month, p.share]))
  const markers = []
  const cross = f.crossingMonth ? months.indexOf(f.crossingMonth) : -1
  if (cross >= 0) markers.push({index: cross, label: `reaches ${pct(f.threshold, 0)} in ${shortMonth(f.crossingMonth!)}`})
  const budget = f.budget
  const budgetCross = budget?.crossingMonth ? months.indexOf(budget.crossingMonth) : -1
  if (budgetCross >= 0 && budgetCross !== cross) markers.push({index: budgetCross, label: `reaches the budget in ${shortMonth(budget!.crossingMonth!)}`})
  const what = operational ? 'operational share' : 'toil share'
  const first = f.projection[0]
  const last = f.projection.at(-1)
  return svgChart({
    id: 'forecast',
    title: `Projected ${what} (${f.model} model)`,
    description:
      first && last
        ? `Monthly ${what} against the ${pct(f.threshold, 0)} threshold, projected from ${pct(first.share)} in ${shortMonth(first.month)} to ${pct(last.share)} in ${shortMonth(last.month)}${f.crossingMonth ? `, reaching the threshold in ${shortMonth(f.crossingMonth)}` : ''}.`
        : `Monthly ${what} against the ${pct(f.threshold, 0)} threshold; no projection: ${f.reason}`,
    categories: months.map(shortMonth),
    threshold: f.threshold,
    budget: budget?.budget ?? null,
    missing: months.map((m) => (r.trend.find((t) => t.month === m)?.covered === false ? 'not logging yet' : null)),
    projectionFrom: first ? months.indexOf(first.month) : undefined,
    markers,
    series: [
      {name: operational ? 'operational share' : 'toil share', values: at(history), kind: 'line', color: '#2e86c1'},
      {name: 'projection', values: at(projected), kind: 'dashed', color: '#d35400'},
      ...(f.whatIf ? [{name: `automating top ${f.whatIf.automate}`, values: at(new Map(f.whatIf.projection.map((p) => [p.month, p.share]))), kind: 'dashed' as const, color: '#1e8449'}] : []),
    ],
  })
}

/** The projection as a calendar: a row a year (two with the what-if), months in columns. */
function forecastTable(r: Report, s: Section): string {
  const f = r.forecast
  if (f.projection.length === 0) return `<p class="note">${inlineHtml(s.empty)}</p>`
  const rows: {label: string; values: Map<Month, number>}[] = [{label: 'projected', values: new Map(f.projection.map((p) => [p.month, p.share]))}]
  if (f.whatIf) rows.push({label: `top ${f.whatIf.automate} automated`, values: new Map(f.whatIf.projection.map((p) => [p.month, p.share]))})
  const years = [...new Set(f.projection.map((p) => p.month.slice(0, 4)))]
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const labelled = rows.length > 1
  const head = `<tr><th scope="col">Year</th>${labelled ? '<th scope="col"></th>' : ''}${names.map((n) => `<th scope="col" class="r">${n}</th>`).join('')}</tr>`
  const body = years.flatMap((year) =>
    rows.map((row, k) => {
      const yearCell = k === 0 ? `<th scope="rowgroup"${labelled ? ` rowspan="${rows.length}"` : ''}>${year}</th>` : ''
      const label = labelled ? `<th scope="row">${escapeHtml(row.label)}</th>` : ''
      const cells = names.map((_, i) => {
        const month = `${year}-${String(i + 1).padStart(2, '0')}` as Month
        const v = row.values.get(month)
        if (v === undefined) return '<td></td>'
        const cls = ['r', ...(v >= f.threshold ? ['over'] : []), ...(k === 0 && month === f.crossingMonth ? ['crossing'] : [])]
        return `<td class="${cls.join(' ')}">${escapeHtml(pct(v))}</td>`
      })
      return `<tr${k === 0 ? ' class="year-start"' : ''}>${yearCell}${label}${cells.join('')}</tr>`
    }),
  )
  const caption = `Projected ${f.basis === 'operational' ? 'operational' : 'toil'} share of capacity by month; bold: at or above the ${pct(f.threshold, 0)} threshold${f.crossingMonth ? `, framed: the month it is first reached (${f.crossingMonth})` : ''}.`
  return scrollBox(s.title, `<table class="months" id="forecast-table"><caption>${inlineHtml(caption)}</caption><thead>${head}</thead><tbody>\n${body.join('\n')}\n</tbody></table>`)
}

export function reportHtml(r: Report): string {
  const plainTitle = reportTitle(r)
  const trend = trendSection(r)
  const f = r.forecast
  const dl = headline(r)
    // A short value (685.7 h (assumed)) is kept whole; a sentence wraps between its values.
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd${k === 'Status' ? ` class="status-${f.status}"` : ''}>${v.length <= 24 ? `<span class="nw">${escapeHtml(v)}</span>` : inlineHtml(v)}</dd>`)
    .join('\n')
  const body = bodySections(r).map((s) => {
    if (s.id === 'forecast') return `<h2 id="${s.id}">${inlineHtml(s.title)}</h2>\n<figure id="forecast-chart">${forecastChart(r)}</figure>\n${forecastTable(r, s)}`
    return `<h2 id="${s.id}">${inlineHtml(s.title)}</h2>\n${htmlTable(s)}`
  })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(plainTitle)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${titleHtml(r)}</h1>
<dl class="headline">
${dl}
</dl>
<h2 id="trend">${inlineHtml(trend.title)}</h2>
<figure id="trend-chart">${trendChart(r)}</figure>
${htmlTable(trend, {rowHeaders: true})}
${trendNotes(r).map((n) => `<p class="note">${inlineHtml(n)}</p>`).join('\n')}
${body.join('\n')}
${f.projection.length > 0 ? `<p>${inlineHtml(`Forecast: ${f.reason}`)}</p>` : ''}
${r.notes.length > 0 ? `<h2>Notes</h2>\n<ul>${r.notes.map((n) => `<li>${inlineHtml(n)}</li>`).join('')}</ul>` : ''}
<p class="note">${inlineHtml(`Threshold ${pct(r.threshold, 0)}: past it a team has no capacity left to engineer its way out of toil.`)}</p>
</body>
</html>
`
}
