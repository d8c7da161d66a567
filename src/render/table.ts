import Table from 'cli-table3'

import {cut, outputWidth, termText, useColor} from './text.js'
import {wrap} from './wrap.js'

export type Align = 'left' | 'right'

const NO_BORDERS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid', 'middle'].map((k) => [k, '']),
)
const GAP = 2

/** A text column is not shrunk below this, so what is left of a name still says which it is. */
const MIN_TEXT_WIDTH = 12

const width = (text: string) => [...text].length

/**
 * The widths of left-aligned (text) columns after shrinking the widest of them, one character at
 * a time, until the table fits `max` columns or none can shrink further (below MIN_TEXT_WIDTH or
 * its header); numbers keep theirs. A table that still does not fit overflows rather than cut
 * days and ids into something unreadable.
 */
export function fitColumns(natural: readonly number[], align: readonly Align[], max: number, minimum: readonly number[] = []): number[] {
  const widths = [...natural]
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1)
  while (total() > max) {
    let widest = -1
    for (const [i, w] of widths.entries()) {
      const floor = Math.max(MIN_TEXT_WIDTH, minimum[i] ?? 0)
      if (align[i] !== 'right' && w > floor && (widest < 0 || w > widths[widest]!)) widest = i
    }
    if (widest < 0) break
    widths[widest]!--
  }
  return widths
}

/** The table's width once its columns are `widths` wide. */
const tableWidth = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1)

/**
 * A borderless terminal table with a rule under the header (hledger-like: dense
 * enough for six months plus Total and Average in 80 columns), its text columns cut
 * with `…` to fit the output's width. Headers bold on a colour TTY (cli-table3 makes
 * them red, which reads as an error); plain text elsewhere.
 */
export function renderTable(head: string[], rows: (string | number)[][], align: Align[] = [], options: {optional?: readonly string[]} = {}): string {
  const max = outputWidth()
  let columns = head.map((_, i) => i)
  // Cells hold user text (names, notes, tags): escaped here, once for every terminal table.
  const cells = rows.map((row) => row.map((cell) => termText(String(cell))))
  const header = head.map(termText)
  const natural = header.map((h, i) => Math.max(width(h), ...cells.map((row) => width(row[i] ?? ''))))
  const fit = () => fitColumns(columns.map((i) => natural[i]!), columns.map((i) => align[i] ?? 'left'), max, columns.map((i) => width(header[i]!)))
  // Columns a narrow terminal can do without go, in the order given, until the rest fits.
  const dropped: string[] = []
  for (const name of options.optional ?? []) {
    if (tableWidth(fit()) <= max) break
    const index = head.indexOf(name)
    if (index < 0) continue
    columns = columns.filter((i) => i !== index)
    dropped.push(name)
  }
  const fitted = fit()
  const table = new Table({
    head: columns.map((i) => header[i]!),
    colAligns: columns.map((i) => align[i] ?? 'left'),
    chars: NO_BORDERS,
    style: {'padding-left': 0, 'padding-right': GAP, head: useColor() ? ['bold'] : [], border: []},
  })
  table.push(...cells.map((row) => columns.map((i, c) => cut(row[i] ?? '', fitted[c]!))))
  const lines = table.toString().split('\n').map((line) => line.trimEnd())
  const widths = (table.options as unknown as {colWidths: number[]}).colWidths
  const rule = widths.map((w) => '─'.repeat(Math.max(w - GAP, 1))).join(' '.repeat(GAP))
  const note = dropped.length === 0 ? [] : [wrap(`(${dropped.join(', ')} left out to fit ${max} columns; --json has every figure)`)]
  return [lines[0], rule, ...lines.slice(1), ...note].join('\n')
}
