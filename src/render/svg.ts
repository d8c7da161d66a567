/** Inline SVG charts for the HTML report: no script, no network, printable. */

export interface SvgSeries {
  name: string
  /** One value per category (fraction), null for a gap. */
  values: (number | null)[]
  kind: 'bar' | 'line' | 'dashed'
  color: string
  /** A bar's range: the top of each month's range (at least its value), drawn as the lighter, hatched upper part of the same bar. */
  upper?: (number | null)[]
  /** The legend's words for the upper part. */
  upperName?: string
}

export interface SvgMarker {
  /** The category the vertical marker stands on. */
  index: number
  label: string
}

export interface SvgChartSpec {
  title: string
  /** A sentence for screen readers (`<desc>`): what the chart shows, in figures. */
  description?: string
  /** Labels of the x axis, one per category. */
  categories: string[]
  series: SvgSeries[]
  threshold: number
  /** The team's own toil budget, drawn as a second line under the threshold. */
  budget?: number | null
  /** Why a category has no value (e.g. "not logging yet"): a grey band, never a 0% bar. */
  missing?: (string | null | undefined)[]
  /** Categories from this index on are a projection: shaded and labelled. */
  projectionFrom?: number
  markers?: SvgMarker[]
  /** Print each bar's value (its range when it has one) above it. */
  barLabels?: boolean
  /** Categories still in progress: their bars drawn faded with a dashed outline, said "so far". */
  partial?: boolean[]
  /** Unique within the page: the title's and description's ids derive from it. */
  id?: string
  width?: number
}

export interface AxisScale {
  /** The axis maximum (fraction), a whole number of steps. */
  top: number
  /** The gridline step (fraction). */
  step: number
  ticks: number[]
}

/** Room above the highest value or mark, so a bar's label and the threshold's line never sit on the frame. */
export const AXIS_HEADROOM = 0.08
/** At most this many gridline steps, each 1, 2 or 5 times a power of ten. */
export const AXIS_MAX_STEPS = 8
const NICE_STEPS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]

/**
 * The share axis for `values` that must also show `marks` (the threshold, a toil budget): from 0 to
 * the highest of them plus headroom, rounded up to a nice step. Scaled to the data, never a fixed
 * range, and a mark is always inside it. It stops at 100% when nothing goes past 100%.
 */
export function shareAxis(values: readonly (number | null | undefined)[], marks: readonly (number | null | undefined)[]): AxisScale {
  const known = [...values, ...marks].filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0)
  const highest = Math.max(0.01, ...known)
  const need = highest * (1 + AXIS_HEADROOM)
  const step = NICE_STEPS.find((s) => Math.ceil(need / s - 1e-9) <= AXIS_MAX_STEPS) ?? Math.ceil(need / AXIS_MAX_STEPS)
  let top = Math.ceil(need / step - 1e-9) * step
  if (top > 1 && highest <= 1) top = 1
  const count = Math.round(top / step)
  // Rounded so the tick labels read 30%, not 30.000000000000004%.
  const ticks = Array.from({length: count + 1}, (_, k) => Math.round(k * step * 1e6) / 1e6)
  return {top: ticks.at(-1)!, step, ticks}
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
/** 50%, 2.5%: no trailing zeros on an axis. */
const pct = (v: number) => `${Number((v * 100).toFixed(1))}%`
const pct1 = (v: number) => `${(v * 100).toFixed(1)}%`
const f1 = (v: number) => v.toFixed(1)
/** A label's width in px at `size`, for laying out the legend (system-ui averages about 0.56 em a character). */
const textWidth = (text: string, size: number) => [...text].length * size * 0.56

const THRESHOLD_COLOR = '#c0392b'
const BUDGET_COLOR = '#b7950b'
const MISSING_FILL = '#f4f4f4'
const MISSING_LINE = '#d0d0d0'

/**
 * Diagonal hatching inside a rectangle, as plain line segments: a pattern fill would need a
 * url(#id) reference, and the page holds no url() at all (nothing that could fetch).
 */
function hatch(x: number, y: number, w: number, h: number, spacing: number, color: string): string {
  if (w <= 0 || h <= 1) return ''
  const d: string[] = []
  // Lines u + v = k, u from the left edge, v up from the bottom edge.
  for (let k = spacing / 2; k < w + h; k += spacing) {
    const v0 = Math.max(0, k - w)
    const v1 = Math.min(h, k)
    if (v1 - v0 < 0.5) continue
    d.push(`M${f1(x + k - v0)} ${f1(y + h - v0)}L${f1(x + k - v1)} ${f1(y + h - v1)}`)
  }
  return `<path class="hatch" d="${d.join('')}" stroke="${color}" stroke-width="1.2" fill="none"/>`
}

export function svgChart(spec: SvgChartSpec): string {
  const id = spec.id ?? (spec.title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart')
  const width = spec.width ?? 800
  // The right margin holds the threshold's and the budget's labels, clear of the plot.
  const pad = {left: 48, right: 112, top: 40}
  const plotW = width - pad.left - pad.right
  const plotH = 200
  const plotBottom = pad.top + plotH
  const n = Math.max(spec.categories.length, 1)
  const slot = plotW / n
  const x = (i: number) => pad.left + slot * (i + 0.5)
  const bars = spec.series.filter((s) => s.kind === 'bar')
  const lines = spec.series.filter((s) => s.kind !== 'bar')
  const budget = spec.budget ?? null
  const axis = shareAxis(
    spec.series.flatMap((s) => [...s.values, ...(s.upper ?? [])]),
    [spec.threshold, budget],
  )
  const y = (v: number) => pad.top + plotH * (1 - Math.max(0, Math.min(v, axis.top)) / axis.top)

  const legend = legendItems(spec)
  const legendRows = layoutLegend(legend, pad.left, width - 8)
  const height = plotBottom + 26 + legendRows.length * 20 + 4

  const titleId = `${id}-title`
  const descId = `${id}-desc`
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${titleId}${spec.description ? ` ${descId}` : ''}" font-family="system-ui,-apple-system,'Segoe UI',sans-serif">`,
  )
  parts.push(`<title id="${titleId}">${esc(spec.title)}</title>`)
  if (spec.description) parts.push(`<desc id="${descId}">${esc(spec.description)}</desc>`)
  parts.push(`<text x="${pad.left}" y="20" font-size="15" font-weight="bold" fill="#222">${esc(spec.title)}</text>`)

  // Months with no data: a hatched band with its reason, so nobody reads them as 0%.
  const missing = spec.missing ?? []
  missing.forEach((why, i) => {
    if (!why) return
    const bx = x(i) - slot / 2 + 2
    parts.push(`<g class="missing"><rect x="${f1(bx)}" y="${pad.top}" width="${f1(slot - 4)}" height="${plotH}" fill="${MISSING_FILL}"/>${hatch(bx, pad.top, slot - 4, plotH, 10, MISSING_LINE)}`)
    // Said in the band when it fits there, else by the legend alone.
    const size = fitSize(why, slot - 8, 11)
    parts.push(`${size >= 9 ? `<text x="${f1(x(i))}" y="${plotBottom - 8}" text-anchor="middle" font-size="${size}" fill="#666">${esc(why)}</text>` : ''}</g>`)
  })
  if (spec.projectionFrom !== undefined && spec.projectionFrom < n) {
    const px = pad.left + slot * spec.projectionFrom
    parts.push(`<rect class="projection" x="${f1(px)}" y="${pad.top}" width="${f1(width - pad.right - px)}" height="${plotH}" fill="#fdf6ee"/>`)
    parts.push(`<text x="${f1(px + 6)}" y="${pad.top + 14}" font-size="11" fill="#a04000">projection →</text>`)
  }

  // Gridlines and the y axis's labels.
  for (const tick of axis.ticks) {
    const ty = f1(y(tick))
    parts.push(`<line class="grid" x1="${pad.left}" x2="${width - pad.right}" y1="${ty}" y2="${ty}" stroke="${tick === 0 ? '#999' : '#e3e3e3'}"/>`)
    parts.push(`<text class="y-label" x="${pad.left - 6}" y="${f1(y(tick) + 4)}" text-anchor="end" font-size="11" fill="#555">${pct(tick)}</text>`)
  }

  // One bar per category and bar series: solid up to the value, hatched from there to the range's top.
  const valueLabels: string[] = []
  const groupW = slot * 0.64
  const barW = groupW / Math.max(bars.length, 1)
  bars.forEach((s, b) => {
    s.values.forEach((v, i) => {
      if (v === null) return
      const bx = f1(x(i) - groupW / 2 + b * barW)
      const upper = s.upper?.[i] ?? null
      const label = spec.categories[i] ?? ''
      const top = upper !== null && upper > v + 1e-9 ? upper : v
      // A share that rounds to nothing still shows as a hairline, so 0% reads as measured.
      const h = Math.max(y(0) - y(v), v > 0 ? 1.5 : 1)
      const partial = spec.partial?.[i] === true
      const faded = partial ? ` fill-opacity="0.4" stroke="${s.color}" stroke-dasharray="3 2"` : ''
      parts.push(`<rect class="bar" x="${bx}" y="${f1(y(0) - h)}" width="${f1(barW)}" height="${f1(h)}" fill="${s.color}"${faded}><title>${esc(`${label}: ${s.name} ${pct1(v)}${partial ? ' so far' : ''}`)}</title></rect>`)
      if (top > v) {
        const ry = y(top)
        const rh = Math.max(y(0) - h - ry, 0)
        parts.push(
          `<rect class="bar-range" x="${bx}" y="${f1(ry)}" width="${f1(barW)}" height="${f1(rh)}" fill="${s.color}" fill-opacity="0.22" stroke="${s.color}" stroke-width="1"><title>${esc(`${label}: ${s.upperName ?? 'upper end'} up to ${pct1(top)}`)}</title></rect>`,
          hatch(Number(bx), ry, barW, rh, 5, s.color),
        )
      }
      if (spec.barLabels) {
        const text = `${top > v ? `${pct1(v)}–${pct1(top)}` : pct1(v)}${spec.partial?.[i] ? ' so far' : ''}`
        valueLabels.push(`<text class="value" x="${f1(x(i) - groupW / 2 + (b + 0.5) * barW)}" y="${f1(y(top) - 5)}" text-anchor="middle" font-size="${fitSize(text, slot - 4, 11)}" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(text)}</text>`)
      }
    })
  })

  // Lines: a gap where a value is missing; points only where they stay apart.
  for (const s of lines) {
    const segments: string[][] = [[]]
    s.values.forEach((v, i) => (v === null ? segments.push([]) : segments.at(-1)!.push(`${f1(x(i))},${f1(y(v))}`)))
    for (const seg of segments.filter((points) => points.length > 0)) {
      parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${s.kind === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`)
    }
    if (slot >= 8) {
      s.values.forEach((v, i) => {
        if (v !== null) parts.push(`<circle cx="${f1(x(i))}" cy="${f1(y(v))}" r="3" fill="${s.color}"><title>${esc(`${spec.categories[i]}: ${s.name} ${pct1(v)}`)}</title></circle>`)
      })
    }
  }

  // Values over the lines, each on a white halo.
  parts.push(...valueLabels)

  for (const m of spec.markers ?? []) {
    const mx = f1(x(m.index))
    parts.push(`<line class="marker" x1="${mx}" x2="${mx}" y1="${pad.top}" y2="${plotBottom}" stroke="${THRESHOLD_COLOR}" stroke-width="1" stroke-dasharray="2 3"/>`)
    const anchor = x(m.index) + textWidth(m.label, 11) + 6 > width - pad.right ? 'end' : 'start'
    parts.push(`<text class="marker-label" x="${f1(x(m.index) + (anchor === 'end' ? -4 : 4))}" y="${pad.top + 28}" text-anchor="${anchor}" font-size="11" fill="${THRESHOLD_COLOR}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(m.label)}</text>`)
  }

  // The threshold (and the budget) last, over everything, labelled in the right margin.
  const ty = y(spec.threshold)
  const labelY = ty + 4
  parts.push(`<line class="threshold" x1="${pad.left}" x2="${width - pad.right}" y1="${f1(ty)}" y2="${f1(ty)}" stroke="${THRESHOLD_COLOR}" stroke-width="2" stroke-dasharray="5 3"/>`)
  parts.push(`<text class="threshold-label" x="${width - pad.right + 6}" y="${f1(labelY)}" font-size="12" fill="${THRESHOLD_COLOR}">${pct(spec.threshold)} threshold</text>`)
  if (budget !== null) {
    const by = y(budget)
    // Two labels closer than a line apart are pushed apart.
    const budgetLabelY = Math.abs(by + 4 - labelY) < 14 ? (by >= ty ? labelY + 14 : labelY - 14) : by + 4
    parts.push(`<line class="budget" x1="${pad.left}" x2="${width - pad.right}" y1="${f1(by)}" y2="${f1(by)}" stroke="${BUDGET_COLOR}" stroke-width="2" stroke-dasharray="2 3"/>`)
    parts.push(`<text class="budget-label" x="${width - pad.right + 6}" y="${f1(budgetLabelY)}" font-size="12" fill="${BUDGET_COLOR}">${pct(budget)} toil budget</text>`)
  }

  // The x axis's labels, as many as fit side by side.
  const every = Math.max(1, Math.ceil(spec.categories.reduce((w, c) => Math.max(w, textWidth(c, 11) + 8), 0) / slot))
  spec.categories.forEach((c, i) => {
    if (i % every === 0) parts.push(`<text class="x-label" x="${f1(x(i))}" y="${plotBottom + 16}" text-anchor="middle" font-size="11" fill="#333">${esc(c)}</text>`)
  })

  legendRows.forEach((row, r) => {
    const ly = plotBottom + 42 + r * 20
    for (const item of row) parts.push(item.draw(item.x, ly))
  })
  parts.push('</svg>')
  return parts.join('')
}

interface LegendItem {
  width: number
  draw: (x: number, y: number) => string
}

function legendItems(spec: SvgChartSpec): LegendItem[] {
  const items: LegendItem[] = []
  const text = (label: string) => (x: number, y: number) => `<text class="legend" x="${x + 20}" y="${y}" font-size="12" fill="#333">${esc(label)}</text>`
  const item = (label: string, swatch: (x: number, y: number) => string) => items.push({width: 20 + textWidth(label, 12) + 18, draw: (x, y) => swatch(x, y) + text(label)(x, y)})
  spec.series.forEach((s) => {
    if (s.kind === 'bar') {
      item(s.name, (x, y) => `<rect x="${x}" y="${y - 10}" width="14" height="11" fill="${s.color}"/>`)
      if (s.upper && s.upperName) item(s.upperName, (x, y) => `<rect x="${x}" y="${y - 10}" width="14" height="11" fill="${s.color}" fill-opacity="0.22" stroke="${s.color}"/>${hatch(x, y - 10, 14, 11, 5, s.color)}`)
    } else {
      item(s.name, (x, y) => `<line x1="${x}" x2="${x + 14}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${s.kind === 'dashed' ? ' stroke-dasharray="4 2"' : ''}/>`)
    }
  })
  const reasons = [...new Set((spec.missing ?? []).filter((why): why is string => Boolean(why)))]
  for (const why of reasons) item(`${why}: no data`, (x, y) => `<rect x="${x}" y="${y - 10}" width="14" height="11" fill="${MISSING_FILL}" stroke="#bbb"/>${hatch(x, y - 10, 14, 11, 5, MISSING_LINE)}`)
  return items
}

function layoutLegend(items: LegendItem[], left: number, right: number): (LegendItem & {x: number})[][] {
  const rows: (LegendItem & {x: number})[][] = []
  let x = right
  for (const it of items) {
    if (x + it.width > right && (rows.length === 0 || rows.at(-1)!.length > 0)) {
      rows.push([])
      x = left
    }
    rows.at(-1)!.push({...it, x})
    x += it.width
  }
  return rows
}

/** A font size at most `max` at which `text` fits in `room` px. */
function fitSize(text: string, room: number, max: number): number {
  return Math.max(7, Math.min(max, Math.floor((room / Math.max(textWidth(text, 1), 1)) * 10) / 10))
}

export {esc as escapeHtml}
