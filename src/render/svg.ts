/** Inline SVG charts for the HTML report: no script, no network, printable. */

export interface SvgSeries {
  name: string
  /** One value per category (fraction), null for a gap. */
  values: (number | null)[]
  kind: 'bar' | 'line' | 'dashed'
  color: string
}

export interface SvgChartSpec {
  title: string
  categories: string[]
  series: SvgSeries[]
  threshold: number
  width?: number
  height?: number
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
const pct = (v: number) => `${Math.round(v * 100)}%`

export function svgChart(spec: SvgChartSpec): string {
  const width = spec.width ?? 720
  const height = spec.height ?? 280
  // The right margin holds the threshold's label, clear of the plotted lines.
  const pad = {left: 48, right: 92, top: 28, bottom: 48}
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const {top, step: tickStep} = axisScale(Math.max(spec.threshold * 1.25, ...all))
  const n = Math.max(spec.categories.length, 1)
  const step = plotW / n
  const x = (i: number) => pad.left + step * (i + 0.5)
  const y = (v: number) => pad.top + plotH * (1 - Math.min(v, top) / top)
  const parts: string[] = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(spec.title)}">`)
  parts.push(`<title>${esc(spec.title)}</title>`)
  for (let k = 0; k * tickStep <= top + 1e-9; k++) {
    const tick = k * tickStep
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#ddd"/>`)
    parts.push(`<text x="${pad.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${pct(tick)}</text>`)
  }
  const bars = spec.series.filter((s) => s.kind === 'bar')
  const barW = (step * 0.7) / Math.max(bars.length, 1)
  bars.forEach((s, b) => {
    s.values.forEach((v, i) => {
      if (v === null) return
      const bx = x(i) - (step * 0.7) / 2 + b * barW
      parts.push(`<rect x="${bx.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(`${spec.categories[i]}: ${s.name} ${pct(v)}`)}</title></rect>`)
    })
  })
  for (const s of spec.series.filter((s) => s.kind !== 'bar')) {
    const segments: string[][] = [[]]
    s.values.forEach((v, i) => (v === null ? segments.push([]) : segments.at(-1)!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`)))
    for (const seg of segments.filter((points) => points.length > 0)) {
      parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${s.kind === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`)
    }
    s.values.forEach((v, i) => {
      if (v !== null) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(`${spec.categories[i]}: ${s.name} ${pct(v)}`)}</title></circle>`)
    })
  }
  const ty = y(spec.threshold).toFixed(1)
  parts.push(`<line class="threshold" x1="${pad.left}" x2="${width - pad.right}" y1="${ty}" y2="${ty}" stroke="#c0392b" stroke-width="2" stroke-dasharray="4 3"/>`)
  parts.push(`<text x="${width - pad.right + 6}" y="${(Number(ty) + 4).toFixed(1)}" font-size="12" fill="#c0392b">${pct(spec.threshold)} threshold</text>`)
  const every = Math.ceil(n / 12)
  spec.categories.forEach((c, i) => {
    if (i % every === 0) parts.push(`<text x="${x(i).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle" font-size="11" fill="#333">${esc(c)}</text>`)
  })
  spec.series.forEach((s, i) => {
    const lx = pad.left + i * 170
    const ly = height - 12
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="12" height="10" fill="${s.color}"/><text x="${lx + 16}" y="${ly}" font-size="12" fill="#333">${esc(s.name)}</text>`)
  })
  parts.push(`<text x="${pad.left}" y="16" font-size="14" font-weight="bold" fill="#222">${esc(spec.title)}</text>`)
  parts.push('</svg>')
  return parts.join('')
}

/** A round gridline step (1%, 2%, 5%, 10%, 20%, 25%, 50%, …) and the axis top it gives, at most 8 steps. */
function axisScale(max: number): {top: number; step: number} {
  const value = Number.isFinite(max) && max > 0 ? max : 1
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1]
  const step = steps.find((s) => Math.ceil(value / s - 1e-9) <= 8) ?? Math.ceil(value / 8)
  return {top: Math.ceil(value / step - 1e-9) * step, step}
}

export {esc as escapeHtml}
