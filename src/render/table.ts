import Table from 'cli-table3'

import {termText, useColor} from './text.js'

export type Align = 'left' | 'right'

const NO_BORDERS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid', 'middle'].map((k) => [k, '']),
)
const GAP = 2

/**
 * A borderless terminal table with a rule under the header (hledger-like: dense
 * enough for six months plus Total and Average in 80 columns). Plain text unless
 * stdout is a colour TTY.
 */
export function renderTable(head: string[], rows: (string | number)[][], align: Align[] = []): string {
  const color = useColor()
  const table = new Table({
    head: head.map(termText),
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    chars: NO_BORDERS,
    style: {'padding-left': 0, 'padding-right': GAP, ...(color ? {} : {head: [], border: []})},
  })
  // Cells hold user text (names, notes, tags): escaped here, once for every terminal table.
  table.push(...rows.map((row) => row.map((cell) => termText(String(cell)))))
  const lines = table.toString().split('\n').map((line) => line.trimEnd())
  const widths = (table.options as unknown as {colWidths: number[]}).colWidths
  const rule = widths.map((w) => '─'.repeat(Math.max(w - GAP, 1))).join(' '.repeat(GAP))
  return [lines[0], rule, ...lines.slice(1)].join('\n')
}
