import {formatDuration, roundHours} from '../domain/duration.js'
import type {Entry} from '../domain/types.js'
import {entryHours} from '../domain/types.js'
import {shortId} from '../domain/uuid.js'

/**
 * What a terminal may act on in user text: C0 and C1 controls and DEL (a clear-screen, an OSC 8
 * link, a title change), line and paragraph separators, and the marks and overrides that change
 * text direction (U+202E makes a name print backwards).
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * User text (a name, a note, a tag) as a terminal shows it: every such character as a visible
 * escape (`\x1b`, `\u202e`), never sent raw. Applied wherever user text enters a terminal
 * table (renderTable) or line.
 */
export function termText(text: string): string {
  return text.replaceAll(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/**
 * Text for a Markdown table cell or line: HTML escaped (a name holding `<script>` or `<img>`
 * stays text on a rendered page), `|` escaped, line breaks as spaces, controls as in termText.
 */
export function markdownText(text: string): string {
  const html = {'&': '&amp;', '<': '&lt;', '>': '&gt;'} as const
  return termText(text.replaceAll(/\r?\n/g, ' ')).replaceAll(/[&<>]/g, (c) => html[c as keyof typeof html]).replaceAll('|', '\\|')
}

/** Columns terminal output fits in: `$COLUMNS`, else the terminal's width, else 80 (a pipe, a file). */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const columns = Number(process.env.COLUMNS)
  if (Number.isInteger(columns) && columns >= 20) return columns
  return stream.isTTY && stream.columns > 0 ? stream.columns : 80
}

/** Columns a table may take: the terminal's (outputWidth); in a pipe or a file no limit, so nothing is cut and grep finds every cell. */
export function tableWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return stream.isTTY ? outputWidth(stream) : Number.POSITIVE_INFINITY
}

/** Colour only on a TTY and never with NO_COLOR. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
}

export function hours(value: number): string {
  return `${roundHours(value)} h`
}

export function percent(share: number | null, digits = 1): string {
  return share === null || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(digits)}%`
}

/** `3 × 15m` or `15m`. */
export function occurrence(entry: Pick<Entry, 'minutes' | 'count'>): string {
  return entry.count === 1 ? formatDuration(entry.minutes) : `${entry.count} × ${formatDuration(entry.minutes)}`
}


/**
 * `text` cut to `max` characters, its end marked with `…`; a closing parenthetical such as
 * " (never pays)" is a verdict, kept whole while the text before it can give way.
 */
export function cut(text: string, max: number): string {
  const chars = [...text]
  if (chars.length <= max) return text
  const verdict = / \([^()]+\)$/.exec(text)?.[0]
  const kept = verdict === undefined ? 0 : [...verdict].length
  if (verdict !== undefined && kept + 2 <= max) return `${chars.slice(0, max - kept - 1).join('')}…${verdict}`
  return `${chars.slice(0, max - 1).join('')}…`
}

/** Who logged the entry, when that was someone other than its engineer. */
const otherLogger = (e: Pick<Entry, 'engineer' | 'loggedBy'>): string | undefined => (e.loggedBy === e.engineer ? undefined : e.loggedBy)

/** The engineer, and who logged the entry for them when that was someone else. */
export function engineerOf(e: Pick<Entry, 'engineer' | 'loggedBy'>): string {
  const by = otherLogger(e)
  return by === undefined ? e.engineer : `${e.engineer} (by ${by})`
}

/** ", logged by lee" when someone other than the engineer logged the entry. */
function loggedFor(e: Pick<Entry, 'engineer' | 'loggedBy'>): string {
  const by = otherLogger(e)
  return by === undefined ? '' : `, logged by ${by}`
}

/** One line describing an entry, its note included, as every write echoes it. */
export function describeEntry(entry: Entry): string {
  const tags = entry.tags.length > 0 ? ` [${entry.tags.join(', ')}]` : ''
  const note = entry.note === '' ? '' : `  note: ${JSON.stringify(entry.note)}`
  return termText(`${shortId(entry.id)}  ${entry.day}  ${JSON.stringify(entry.task)}  ${occurrence(entry)} = ${hours(entryHours(entry))}  ${entry.engineer} (${entry.team})${tags}${loggedFor(entry)}${note}`)
}
