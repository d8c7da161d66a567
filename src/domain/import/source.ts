/**
 * What the importers of other systems' files share (SPEC §10): the record one incident or
 * worklog becomes, the reasons a record is skipped, timestamps and figures as those files
 * write them, and the reading of CSV headers and JSON documents. Pure: no I/O.
 */
import {createHash, hash} from 'node:crypto'
import {parse} from 'csv-parse/sync'

import {type Day, MAX_YEAR, MIN_YEAR, fromDate, isRealDay} from '../calendar.js'
import {MAX_OCCURRENCE_MINUTES} from '../duration.js'
import {ToilError, quote} from '../errors.js'
import type {Category} from '../types.js'
import {QuoteTracker, unclosedQuote} from '../records.js'
import {firstLine, sniffDelimiter} from './sniff.js'

export const SOURCES = ['pagerduty', 'jira'] as const
export type Source = (typeof SOURCES)[number]

/** One piece of work read from a source's file, before it is given a team and a task. */
export interface SourceRecord {
  /** `pagerduty:Q1ABC`, `jira:OPS-42:worklog:10001`: the same upstream record always has the same key. */
  sourceKey: string
  /** Line of the file the record starts on. */
  line: number
  title: string
  /** PagerDuty's service; null for tickets. */
  service: string | null
  labels: string[]
  components: string[]
  /** Names a team map may know, most specific first (PagerDuty: team, service, escalation policy). */
  teamNames: string[]
  /** The source's own team (PagerDuty's team_name): the team when neither --team nor a map names one. */
  sourceTeam: string | null
  engineer: string
  day: Day
  minutes: number
  tags: string[]
  note: string
  /** The category of a task this record creates. */
  category: Category
  /**
   * The key the same record had, or will have, where its key depends on its neighbours (a CSV
   * worklog alone at its minute, or one of several): a stored record under it is this one.
   */
  alias?: string
}

/** A record of the file that becomes no entry, and why. */
export interface Skip {
  key: string
  line: number
  reason: string
}

/**
 * What a file says of one upstream issue as a whole: which records it gives of it, and
 * whether they are all it has (so a stored record of the issue the file lacks is gone upstream).
 */
export interface Covered {
  /** `jira:OPS-42:`: every record of the issue has a key starting so. */
  prefix: string
  /** Through its worklogs, or through the Time Spent fallback. */
  via: 'worklogs' | 'timespent'
  /** Whether the file holds every worklog of the issue. */
  complete: boolean
  keys: string[]
}

export interface ParsedSource {
  /** What the file is, for the summary: "PagerDuty incidents CSV". */
  format: string
  records: SourceRecord[]
  skipped: Skip[]
  /** Account ids to the display names the file itself pairs them with (Jira Cloud). */
  names?: Map<string, string>
  /** Issues the records come from, for the records stored of them before (Jira). */
  covered?: Covered[]
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const ACCOUNT_ID = new RegExp(`^(?:ug:|\\d{1,9}:)?${UUID}$`, 'i')
const OLD_ACCOUNT_ID = /^(?=[a-z]*\d)[0-9a-z]{24}$/i

/**
 * Whether a name is an Atlassian account id rather than a person's name: `ug:` and a UUID,
 * a UUID, `557058:` and a UUID, or the 24-character ids of older Cloud sites.
 */
export function isAccountId(name: string): boolean {
  return ACCOUNT_ID.test(name) || OLD_ACCOUNT_ID.test(name)
}

/** A bad row or field: names the line, the field and the value. */
export function badField(line: number, field: string, value: unknown, accepted: string): ToilError {
  const shown = typeof value === 'string' ? quote(value) : JSON.stringify(value) ?? String(value)
  return new ToilError('invalid-input', `line ${line}: ${field}: ${shown} ${accepted}`)
}

/** The entry id of a source key: the same on every import, into any database, so exports of two databases merge. */
export function entryIdOf(sourceKey: string): string {
  // The one-shot hash where Node has it (20.12+): no Hash object a record.
  const hex = typeof hash === 'function' ? hash('sha256', sourceKey, 'hex') : createHash('sha256').update(sourceKey).digest('hex')
  // RFC 9562 layout, version 8 (custom), variant 10.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Whole minutes of hands-on seconds: rounded, at least 1. */
export function minutesOf(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60))
}

/** `2h 5m`, `45m`: how a note states a duration. */
export function showMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h === 0 ? `${m}m` : m === 0 ? `${h}h` : `${h}h ${m}m`
}

export const MAX_MINUTES = MAX_OCCURRENCE_MINUTES

/** A note's text of a title: one line, cut at 120 characters. */
export function titleForNote(title: string): string {
  const line = title.replaceAll(/\s+/g, ' ').trim()
  // Code units are at least as many as characters: most titles are cut-free without counting.
  if (line.length <= 120) return line
  const chars = [...line]
  return chars.length > 120 ? `${chars.slice(0, 119).join('')}…` : line
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
/** Jira's default CSV date: `06/Mar/24 2:15 PM` (also 4-digit years, 24-hour times, or no time). */
const JIRA_DATE = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/
/** ISO 8601 with or without a time and an offset; a space may stand for the T and before the offset. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * The local calendar day of a timestamp as these files write it. One with an offset (`Z`,
 * `+0000`, `-08:00`) is an instant: its day where this machine is (set TZ for another zone).
 * One without is a wall-clock time already in the exporting user's zone: its day as written.
 * Undefined when the text is no such timestamp or its day is not real or out of 2000–2100.
 */
export function dayOfTimestamp(text: string): Day | undefined {
  const value = text.trim()
  let day: string
  const jira = JIRA_DATE.exec(value)
  const iso = jira ? null : ISO_DATE.exec(value)
  if (jira) {
    const month = MONTHS.indexOf(jira[2]!.toLowerCase()) + 1
    if (month === 0) return undefined
    const year = jira[3]!.length === 2 ? 2000 + Number(jira[3]) : Number(jira[3])
    const hour = jira[4] === undefined ? 0 : Number(jira[4])
    if (jira[7] !== undefined ? hour < 1 || hour > 12 : hour > 23) return undefined
    if (jira[5] !== undefined && Number(jira[5]) > 59) return undefined
    day = `${year}-${pad(month)}-${pad(Number(jira[1]))}`
  } else if (iso) {
    day = `${iso[1]}-${iso[2]}-${iso[3]}`
    if (iso[4] !== undefined && (Number(iso[4]) > 23 || Number(iso[5]) > 59)) return undefined
    if (iso[7] !== undefined) {
      if (!isRealDay(day)) return undefined
      const offset = iso[7].toUpperCase() === 'Z' ? 'Z' : `${iso[7].slice(0, 3)}:${iso[7].slice(-2)}`
      const instant = new Date(`${day}T${iso[4] ?? '00'}:${iso[5] ?? '00'}:${iso[6] ?? '00'}${offset}`)
      if (Number.isNaN(instant.getTime())) return undefined
      day = fromDate(instant)
    }
  } else {
    return undefined
  }
  const year = Number(day.slice(0, 4))
  if (!isRealDay(day) || year < MIN_YEAR || year > MAX_YEAR) return undefined
  return day
}

export const TIMESTAMP_ACCEPTED = 'is not a date; use ISO 8601 (2024-03-06T14:15:00Z) or Jira\'s 06/Mar/24 2:15 PM'

/** A count of seconds in a cell or a field: null when empty; anything else but a number of 0 or more is refused. */
export function seconds(value: unknown, line: number, field: string): number | null {
  if (value === null || value === undefined || value === '') return null
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isFinite(number) || number < 0) throw badField(line, field, value, 'is not a number of seconds')
  return number
}

/** Header cells by name (case-insensitive, trimmed), each name with all its positions: Jira repeats Labels, Components and Log Work. */
export type Header = Map<string, number[]>

export interface CsvRow {
  cells: readonly string[]
  /** Line the row starts on (a quoted cell may span lines). */
  line: number
}

/**
 * The rows of a CSV text, each with the line it starts on; the first row is the header. The
 * delimiter (`,` `;` or tab) is the header line's; a later row equal to the header (two
 * exports joined with cat) is left out.
 */
export function csvRows(text: string): CsvRow[] {
  let records: {record: string[]; info: {lines: number; empty_lines: number}}[]
  try {
    const delimiter = sniffDelimiter(firstLine(text))
    records = parse(text, {bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: true}) as unknown as typeof records
  } catch (error) {
    if ((error as {code?: string}).code === 'CSV_QUOTE_NOT_CLOSED') {
      const quotes = new QuoteTracker()
      quotes.feed(text)
      const opened = quotes.openedOn()
      if (opened !== undefined) throw unclosedQuote(opened)
    }
    const lines = (error as {lines?: number}).lines
    throw new ToilError('invalid-input', `line ${lines ?? '?'}: ${(error as Error).message}`)
  }
  let end = 0
  let empty = 0
  const rows = records.map(({record, info}) => {
    const line = end + 1 + (info.empty_lines - empty)
    end = info.lines
    empty = info.empty_lines
    return {cells: record, line}
  })
  const header = rows[0]?.cells.join('\u0000').replace(/^\uFEFF/, '')
  return rows.filter((row, i) => i === 0 || row.cells.join('\u0000') !== header)
}

/**
 * A reader of one CSV format, given the header when made: takes the rows after it one at a
 * time (the caller may stream them from a file) and gives the records at the end.
 */
export interface RowReader {
  row(cells: readonly string[], line: number): void
  finish(): ParsedSource
}

/** `reader`, passing over a row that repeats the header: two exports joined with cat hold two. */
export function skipRepeatedHeader(header: readonly string[], reader: RowReader): RowReader {
  const repeated = header.join('\u0000')
  return {
    row: (cells, line) => {
      if (cells.length !== header.length || cells.join('\u0000') !== repeated) reader.row(cells, line)
    },
    finish: () => reader.finish(),
  }
}

/** Reads a whole CSV text with the reader its header makes. */
export function readCsvText(text: string, make: (header: readonly string[]) => RowReader, empty: string): ParsedSource {
  const rows = csvRows(text)
  if (rows.length === 0) throw new ToilError('invalid-input', empty)
  const reader = skipRepeatedHeader(rows[0]!.cells, make(rows[0]!.cells))
  for (let i = 1; i < rows.length; i++) reader.row(rows[i]!.cells, rows[i]!.line)
  return reader.finish()
}

export function readHeader(cells: readonly string[]): Header {
  const header: Header = new Map()
  for (const [i, cell] of cells.entries()) {
    const name = cell.replace(/^\uFEFF/, '').trim().toLowerCase()
    header.set(name, [...(header.get(name) ?? []), i])
  }
  return header
}

/**
 * Refuses a file whose header lacks `required` columns, naming them: a CSV of another
 * tool, or of the other source, is caught here.
 */
export function requireColumns(header: Header, required: readonly string[], what: string): void {
  const missing = required.filter((c) => !header.has(c.toLowerCase()))
  if (missing.length > 0) {
    throw new ToilError('invalid-input', `line 1: this is not ${what}: it has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (see docs/import.md for how to export one)`)
  }
}

/** The first cell of a column, trimmed; '' when absent. */
export function cell(row: CsvRow, header: Header, name: string): string {
  const i = header.get(name.toLowerCase())?.[0]
  return i === undefined ? '' : (row.cells[i] ?? '').trim()
}

/** Every non-empty cell of a repeated column. */
export function cells(row: CsvRow, header: Header, name: string): string[] {
  return (header.get(name.toLowerCase()) ?? []).map((i) => (row.cells[i] ?? '').trim()).filter((c) => c !== '')
}

/**
 * The JSON values of a file, in order, each with the line it starts on: one document, or
 * several one after another (pages of an API saved to one file, or JSON Lines).
 */
export function jsonValues(text: string): {value: unknown; line: number}[] {
  const body = text.replace(/^\uFEFF/, '')
  const out: {value: unknown; line: number}[] = []
  let depth = 0
  let inString = false
  let escaped = false
  let start = -1
  let line = 1
  let startLine = 1
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c === '\n') line++
    if (inString) {
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    if (c === '{' || c === '[') {
      if (depth === 0) {
        start = i
        startLine = line
      }
      depth++
    } else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) {
        out.push({value: parseJson(body.slice(start, i + 1), startLine), line: startLine})
        start = -1
      }
    } else if (depth === 0 && !/\s/.test(c)) {
      throw new ToilError('invalid-input', `line ${line}: ${quote(body.slice(i, i + 20))} is not JSON; expected an object or a list`)
    }
  }
  if (depth !== 0 || inString) throw new ToilError('invalid-input', `line ${startLine}: the JSON document starting here is cut off`)
  return out
}

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ToilError('invalid-input', `line ${line}: the JSON document starting here is not valid JSON (${(error as Error).message})`)
  }
}

/**
 * Lines of the objects a JSON document lists, found by their identifying field (`"id": "Q1ABC"`)
 * in file order, from the document's first line: JSON.parse keeps no positions.
 */
export function lineFinder(text: string, field: string): (value: string, fallback: number) => number {
  const starts: number[] = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1)
  const lineAt = (offset: number) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  let from = 0
  return (value, fallback) => {
    const escaped = JSON.stringify(value).replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(`"${field}"\\s*:\\s*${escaped}`, 'g')
    pattern.lastIndex = from
    const match = pattern.exec(text)
    if (!match) return fallback
    from = match.index + match[0].length
    return lineAt(match.index)
  }
}

/** A JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}
