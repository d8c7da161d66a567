import {outputWidth, percent} from './text.js'

export interface ChartRow {
  label: string
  /** Fraction; null when unknown (no capacity). */
  value: number | null
  /** Upper bound of a range (possible toil), drawn lighter. */
  upper?: number | null
  note?: string
  /** Said instead of the value when it is null (default: no capacity). */
  missing?: string
}

/**
 * Horizontal bars against a threshold marker, sized for 80 columns:
 * `2026-06  ██████████████░░░  │   41.0%`.
 */
export function barChart(rows: readonly ChartRow[], threshold: number, maxWidth = 40): string[] {
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 5)
  const text = (r: ChartRow) => `${valueText(r)}${r.note ? ` ${r.note}` : ''}`
  // As wide as maxWidth, narrower where the output is, never under 10 columns.
  const width = Math.max(10, Math.min(maxWidth, outputWidth() - labelWidth - 5 - Math.max(...rows.map((r) => text(r).length), 0)))
  const top = Math.max(threshold * 1.25, ...rows.map((r) => Math.max(r.value ?? 0, r.upper ?? 0)))
  const col = (v: number) => Math.round((Math.min(v, top) / top) * width)
  const mark = col(threshold)
  const lines = rows.map((r) => {
    const cells = Array.from({length: width + 1}, () => ' ')
    if (r.value !== null) {
      const upper = col(Math.max(r.value, r.upper ?? 0))
      for (let i = 0; i < upper; i++) cells[i] = i < col(r.value) ? '█' : '░'
    }
    // The marker is drawn over a bar too, so a month past the threshold shows by how much.
    cells[mark] = '│'
    return `${r.label.padEnd(labelWidth)}  ${cells.join('')}  ${text(r)}`.trimEnd()
  })
  const axis = `${''.padEnd(labelWidth)}  ${' '.repeat(mark)}└ ${percent(threshold, 0)} threshold`
  return [...lines, axis]
}

/** "41.0%", "38.6%–41.8%" for a range, or what stands for a missing value. */
function valueText(r: ChartRow): string {
  if (r.value === null) return r.missing ?? 'no capacity'
  return r.upper != null && r.upper > r.value + 1e-9 ? `${percent(r.value)}–${percent(r.upper)}` : percent(r.value)
}
