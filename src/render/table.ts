import stringWidth from 'string-width'

import {cut, tableWidth, termText, useColor} from './text.js'
import {wrap} from './wrap.js'

export type Align = 'left' | 'right'

const GAP = 2

/** A text column is not shrunk below this, so what is left of a name still says which it is. */
const MIN_TEXT_WIDTH = 12

const width = (text: string) => [...text].length

/** The largest of `values`, without spreading them into arguments (a table can have 100,000 rows). */
const largest = (values: Iterable<number>, start = 0): number => {
  let max = start
  for (const v of values) if (v > max) max = v
  return max
}

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
const tableSpan = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1)

/** Columns `text` takes on a terminal; printable ASCII is one each (string-width is slow on a 100,000-row table). */
const display = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text))

const pad = (text: string, to: number, align: Align) => {
  const fill = ' '.repeat(Math.max(0, to - display(text)))
  return align === 'right' ? fill + text : text + fill
}

export interface TableOptions {
  /** Columns a narrow terminal can do without, in the order they go. */
  optional?: readonly string[]
  /** Text columns never cut (a verdict's words): a narrow terminal leaves out other columns first. */
  whole?: readonly string[]
}

/**
 * A borderless terminal table with a rule under the header (hledger-like: dense enough for six
 * months plus Total and Average in 80 columns). On a terminal narrower than the table, columns
 * holding one value on every row go first (the note names the value), then the optional ones,
 * then text columns are cut with `…`; in a pipe or a file nothing is cut or left out. Headers
 * bold on a colour terminal; plain text elsewhere. Linear in its rows.
 */
export function renderTable(head: string[], rows: (string | number)[][], align: Align[] = [], options: TableOptions = {}): string {
  const max = tableWidth()
  let columns = head.map((_, i) => i)
  // Cells hold user text (names, notes, tags): escaped here, once for every terminal table.
  const cells = rows.map((row) => row.map((cell) => termText(String(cell))))
  const header = head.map(termText)
  const natural = header.map((h, i) => largest(cells.map((row) => width(row[i] ?? '')), width(h)))
  const floor = (i: number) => (options.whole?.includes(head[i]!) ? natural[i]! : width(header[i]!))
  const fit = () => fitColumns(columns.map((i) => natural[i]!), columns.map((i) => align[i] ?? 'left'), max, columns.map(floor))
  const alignOf = (i: number) => align[i] ?? 'left'
  // What a narrow terminal leaves out: a text column that says the same on every row, then the optional ones.
  const same = cells.length < 2 ? [] : head.map((_, i) => i).filter((i) => i > 0 && alignOf(i) === 'left' && cells.every((row) => row[i] === cells[0]![i]))
  const constant: string[] = []
  const dropped: string[] = []
  const leaveOut = (index: number) => (columns = columns.filter((i) => i !== index))
  for (const index of same) {
    if (tableSpan(fit()) <= max) break
    leaveOut(index)
    // An empty column goes without a word: nothing of it is lost.
    if (cells[0]![index] !== '') constant.push(`${header[index]}: ${cells[0]![index]} on every row`)
  }
  for (const name of options.optional ?? []) {
    if (tableSpan(fit()) <= max) break
    const index = head.indexOf(name)
    if (index < 0 || !columns.includes(index)) continue
    leaveOut(index)
    dropped.push(name)
  }
  const fitted = fit()
  const shown = cells.map((row) => columns.map((i, c) => cut(row[i] ?? '', fitted[c]!)))
  const widths = columns.map((i, c) => largest(shown.map((row) => display(row[c]!)), display(header[i]!)))
  const bold = useColor() ? (text: string) => `\u001b[1m${text}\u001b[22m` : (text: string) => text
  const line = (texts: readonly string[], style = (text: string) => text) =>
    texts.map((text, c) => {
      const padded = pad(text, widths[c]!, alignOf(columns[c]!))
      // Style the text, not its padding, so a full-width header never wraps on a colour terminal.
      return alignOf(columns[c]!) === 'right' ? padded.slice(0, padded.length - text.length) + style(text) : style(text) + padded.slice(text.length)
    }).join(' '.repeat(GAP)).trimEnd()
  const rule = widths.map((w) => '─'.repeat(Math.max(w, 1))).join(' '.repeat(GAP))
  const notes = [
    ...(constant.length === 0 ? [] : [wrap(`(${constant.join('; ')})`)]),
    ...(dropped.length === 0 ? [] : [wrap(`(${dropped.join(', ')} left out to fit ${max} columns; --json has every figure)`)]),
  ]
  return [line(columns.map((i) => header[i]!), bold), rule, ...shown.map((row) => line(row)), ...notes].join('\n')
}
