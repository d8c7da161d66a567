/**
 * The records of an export file (SPEC §5, §7): one JSON object a line, or one CSV row an entry.
 * Every record read from a file is validated here before the store sees it; a problem names
 * the line, the field, the value and what is accepted.
 */
import {isRealDay} from './calendar.js'
import {parseDay} from './day.js'
import {MAX_ESTIMATE_HOURS, MAX_OCCURRENCE_MINUTES, roundHours} from './duration.js'
import {ToilError, inputError} from './errors.js'
import {FREQUENCY_UNITS, type Frequency, MAX_FREQUENCY_COUNT, MAX_FREQUENCY_EVERY} from './frequency.js'
import {checkCount, parseName, parseNote, parseTags} from './inputs.js'
import {parseCapacity} from './task-input.js'
import {type Answer, type AutomationEstimate, type CapacityPeriod, type Category, type Criteria, type Entry, type Status, type Task, CATEGORIES, CRITERIA, STATUSES, entryHours, unknownCriteria} from './types.js'

/** Estimates as the CLI accepts them: no figure derived from them can overflow. */
const ESTIMATE_RANGE = `a number of hours from 0 to ${MAX_ESTIMATE_HOURS}`

type Json = Record<string, unknown>


export interface TeamRecord {
  type: 'team'
  name: string
  capacity: Omit<CapacityPeriod, 'team'>[]
  /** Present only when the team set one. */
  toilBudget?: number
}
export type TaskRecord = {type: 'task'} & Omit<Task, 'id'>
export type EntryRecord = {type: 'entry'} & Entry
/** One line of an export file: teams first, then tasks, then entries. */
export type ExportRecord = TeamRecord | TaskRecord | EntryRecord
/** A record read from a file, with its line for error messages. */
export type ImportRecord = (TeamRecord | TaskRecord | (Omit<EntryRecord, 'createdAt'> & {createdAt?: string; category?: Task['category']})) & {line: number}

/** Columns of the CSV export, one row an entry; `hours` is derived and ignored on import. */
export const CSV_COLUMNS = ['id', 'team', 'task', 'category', 'engineer', 'day', 'minutes', 'count', 'hours', 'tags', 'note', 'createdAt'] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]
const CSV_REQUIRED: readonly CsvColumn[] = ['id', 'team', 'task', 'engineer', 'day', 'minutes']
/** Tags share one CSV cell; a tag cannot contain this character. */
export const CSV_TAG_SEPARATOR = ';'

const ENTRY_KEYS = ['type', 'id', 'task', 'team', 'engineer', 'day', 'minutes', 'count', 'tags', 'note', 'createdAt', 'category', 'sourceKey', 'loggedBy']
const TASK_KEYS = ['type', 'team', 'name', 'category', 'criteria', 'frequency', 'durationMinutes', 'estimate', 'status', 'automatedSince', 'createdAt']
const TEAM_KEYS = ['type', 'name', 'capacity', 'toilBudget']
const CAPACITY_KEYS = ['fromMonth', 'members', 'hoursPerWeek', 'rotation', 'shifts']
const ESTIMATE_KEYS = ['costHours', 'reduction', 'maintenanceHoursPerMonth']
const FREQUENCY_KEYS = ['count', 'unit', 'every']
const ANSWERS: readonly Answer[] = ['yes', 'no', 'unknown']

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/** The value as a message shows it: JSON, cut short. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return [...text].length > 60 ? `${[...text].slice(0, 57).join('')}…` : text
}

/** Distinct texts a cache keeps before it starts afresh: bounds memory on a file of all-different names. */
const MEMO_LIMIT = 10_000

/**
 * Results of a pure check, by its input. An export names the same teams, tasks, engineers,
 * days and tags on line after line, so each distinct text is checked once per file.
 * A check that throws leaves nothing behind: the next line with that text is checked again.
 */
class Memo<T> {
  private readonly known = new Map<string, T>()

  of(key: string, check: () => T): T {
    const hit = this.known.get(key)
    if (hit !== undefined) return hit
    const value = check()
    if (this.known.size >= MEMO_LIMIT) this.known.clear()
    this.known.set(key, value)
    return value
  }
}

/** What the checks of one file share: the created-at of records without one, and the caches. */
interface Context {
  readonly now: string
  readonly names: Memo<string>
  readonly days: Memo<string>
  readonly realDays: Memo<boolean>
  readonly tags: Memo<string[]>
}

/** Where in a file a value sits: the line, and the field's path inside the record. */
class At {
  constructor(
    readonly line: number,
    readonly path: string = '',
  ) {}

  field(name: string | number): At {
    return new At(this.line, typeof name === 'number' ? `${this.path}[${name}]` : this.path === '' ? name : `${this.path}.${name}`)
  }

  fail(value: unknown, accepted: string): never {
    throw new ToilError('invalid-input', `line ${this.line}: ${this.path}: ${preview(value)} ${accepted}`)
  }

  missing(): never {
    throw new ToilError('invalid-input', `line ${this.line}: ${this.path} is missing`)
  }

  /**
   * Runs a domain parser and puts the line and this path in front of its message. The parser's
   * own field name (`field: "value" accepted`) gives way to the path, unless `keepField`.
   */
  run<T>(fn: () => T, keepField = false): T {
    try {
      return fn()
    } catch (error) {
      if (!(error instanceof ToilError) || error.message.startsWith(`line ${this.line}: `)) throw error
      const message = keepField ? error.message : error.message.replace(/^[\w.-]+: /, '')
      throw new ToilError(error.code, `line ${this.line}: ${this.path}: ${message}`, error.exit)
    }
  }
}

function object(value: unknown, at: At, keys: readonly string[], what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) at.fail(value, `is not ${what}`)
  const unknown = Object.keys(value).find((k) => !keys.includes(k))
  if (unknown !== undefined) at.field(unknown).fail((value as Json)[unknown], `is not a field of ${what}; its fields are ${keys.join(', ')}`)
  return value as Json
}

function text(value: unknown, at: At): string {
  if (value === undefined) at.missing()
  if (typeof value !== 'string') at.fail(value, 'is not a string')
  if (LONE_SURROGATE.test(value)) at.fail(value, 'is not valid Unicode text')
  return value
}

function name(value: unknown, at: At, cx: Context): string {
  const check = () => {
    const given = text(value, at)
    return at.run(() => parseName(given, at.path))
  }
  return typeof value === 'string' ? cx.names.of(value, check) : check()
}

function note(value: unknown, at: At): string {
  const given = text(value, at)
  return at.run(() => parseNote(given))
}

function oneOf<T extends string>(value: unknown, at: At, options: readonly T[]): T {
  if (!(options as readonly unknown[]).includes(value)) at.fail(value, `is not one of ${options.join(', ')}`)
  return value as T
}

function whole(value: unknown, at: At, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) at.fail(value, `must be a whole number from ${min} to ${max}`)
  return value
}

/** A finite number in [min, max]. */
function amount(value: unknown, at: At, min: number, max = Number.MAX_VALUE, what = `a number from ${min}`): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) at.fail(value, `must be ${what}`)
  return value
}

function day(value: unknown, at: At, cx: Context): string {
  const check = () => {
    const given = text(value, at)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(given)) at.fail(given, 'is not a day; use YYYY-MM-DD')
    // Imports keep days as they are, future ones included (a file may come from a zone ahead of ours).
    return at.run(() => parseDay(given, '2100-12-31', at.path, true))
  }
  return typeof value === 'string' ? cx.days.of(value, check) : check()
}

function timestamp(value: unknown, at: At, cx: Context): string {
  if (value === undefined) return cx.now
  const given = text(value, at)
  const day = given.slice(0, 10)
  if (!TIMESTAMP.test(given) || !cx.realDays.of(day, () => isRealDay(day)) || Number.isNaN(Date.parse(given))) {
    at.fail(given, 'is not a timestamp; use ISO 8601, e.g. 2026-01-31T17:05:00.000Z')
  }
  return given
}

function nullable<T>(value: unknown, parse: (v: unknown) => T): T | null {
  return value === null || value === undefined ? null : parse(value)
}

type EntryImport = Extract<ImportRecord, {type: 'entry'}>

/** `pagerduty:Q1ABC`: a source name, a colon, then the record's key (printable, 3 to 300 characters). */
function sourceKey(value: unknown, at: At): string {
  const given = text(value, at)
  if (!/^[a-z][a-z0-9-]*:[^\s\p{Cc}]+$/u.test(given) || given.length > 300) at.fail(given, 'is not a source key; use SOURCE:KEY, e.g. pagerduty:Q1ABC (at most 300 characters, no spaces)')
  return given
}

/** Tags as stored: checked, lower-case, unique and sorted. The list is shared by records with the same tags. */
function tags(value: unknown, at: At, cx: Context): string[] {
  if (!Array.isArray(value)) at.fail(value, 'is not a list of tags')
  return cx.tags.of(JSON.stringify(value), () => {
    const texts = value.map((t, i) => text(t, at.field(i)))
    return Object.freeze(at.run(() => parseTags(texts))) as string[]
  })
}

function count(value: unknown, at: At): number {
  if (typeof value !== 'number') at.fail(value, 'is not a number')
  return at.run(() => checkCount(value, 'count'))
}

function entryRecord(value: Json, at: At, cx: Context): EntryImport {
  const json = object(value, at, ENTRY_KEYS, 'an entry')
  const id = text(json.id, at.field('id')).toLowerCase()
  if (!UUID.test(id)) at.field('id').fail(json.id, 'is not an entry id; use a UUID such as 2f1c0a4e-8b7d-4c3e-9a61-5d2b7e0f9c13')
  const record: EntryImport = {
    type: 'entry',
    id,
    task: name(json.task, at.field('task'), cx),
    team: name(json.team, at.field('team'), cx),
    engineer: name(json.engineer, at.field('engineer'), cx),
    day: day(json.day, at.field('day'), cx),
    minutes: whole(json.minutes, at.field('minutes'), 1, MAX_OCCURRENCE_MINUTES),
    count: json.count === undefined ? 1 : count(json.count, at.field('count')),
    tags: tags(json.tags ?? [], at.field('tags'), cx),
    note: json.note === undefined ? '' : note(json.note, at.field('note')),
    createdAt: timestamp(json.createdAt, at.field('createdAt'), cx),
    line: at.line,
  }
  if (json.category !== undefined) record.category = oneOf(json.category, at.field('category'), CATEGORIES)
  if (json.sourceKey !== undefined && json.sourceKey !== null) record.sourceKey = sourceKey(json.sourceKey, at.field('sourceKey'))
  if (json.loggedBy !== undefined && json.loggedBy !== null) record.loggedBy = name(json.loggedBy, at.field('loggedBy'), cx)
  return record
}

function criteria(value: unknown, at: At): Criteria {
  const out = unknownCriteria()
  if (value === undefined) return out
  const json = object(value, at, CRITERIA, 'a set of toil criteria')
  for (const c of CRITERIA) if (json[c] !== undefined) out[c] = oneOf(json[c], at.field(c), ANSWERS)
  return out
}

function frequency(value: unknown, at: At): Frequency {
  const json = object(value, at, FREQUENCY_KEYS, 'a frequency')
  return {
    count: json.count === undefined ? 1 : amount(json.count, at.field('count'), Number.MIN_VALUE, MAX_FREQUENCY_COUNT, `a number above 0 and at most ${MAX_FREQUENCY_COUNT}`),
    unit: json.unit === undefined ? at.field('unit').missing() : oneOf(json.unit, at.field('unit'), FREQUENCY_UNITS),
    every: json.every === undefined ? 1 : whole(json.every, at.field('every'), 1, MAX_FREQUENCY_EVERY),
  }
}

function estimate(value: unknown, at: At): AutomationEstimate {
  if (value === undefined) return {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0}
  const json = object(value, at, ESTIMATE_KEYS, 'an automation estimate')
  return {
    costHours: nullable(json.costHours, (v) => amount(v, at.field('costHours'), 0, MAX_ESTIMATE_HOURS, ESTIMATE_RANGE)),
    reduction: json.reduction === undefined ? 1 : amount(json.reduction, at.field('reduction'), 0, 1, 'a fraction from 0 to 1'),
    maintenanceHoursPerMonth: json.maintenanceHoursPerMonth === undefined ? 0 : amount(json.maintenanceHoursPerMonth, at.field('maintenanceHoursPerMonth'), 0, MAX_ESTIMATE_HOURS, ESTIMATE_RANGE),
  }
}

function taskRecord(value: Json, at: At, cx: Context): ImportRecord {
  const json = object(value, at, TASK_KEYS, 'a task')
  const status: Status = json.status === undefined ? 'active' : oneOf(json.status, at.field('status'), STATUSES)
  const automatedSince = nullable(json.automatedSince, (v) => day(v, at.field('automatedSince'), cx))
  if (automatedSince !== null && status !== 'automated') at.field('automatedSince').fail(automatedSince, 'needs status automated: it is the day the automation went live')
  const record: TaskRecord & {line: number} = {
    type: 'task',
    team: name(json.team, at.field('team'), cx),
    name: name(json.name, at.field('name'), cx),
    category: json.category === undefined ? 'other' : oneOf<Category>(json.category, at.field('category'), CATEGORIES),
    criteria: criteria(json.criteria, at.field('criteria')),
    frequency: nullable(json.frequency, (v) => frequency(v, at.field('frequency'))),
    durationMinutes: nullable(json.durationMinutes, (v) => whole(v, at.field('durationMinutes'), 1, MAX_OCCURRENCE_MINUTES)),
    estimate: estimate(json.estimate, at.field('estimate')),
    status,
    automatedSince,
    createdAt: timestamp(json.createdAt, at.field('createdAt'), cx),
    line: at.line,
  }
  return record
}

function capacity(value: unknown, at: At): TeamRecord['capacity'][number] {
  const json = object(value, at, CAPACITY_KEYS, 'a capacity period')
  const fromMonth = text(json.fromMonth, at.field('fromMonth'))
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(fromMonth)) at.field('fromMonth').fail(fromMonth, 'is not a month; use YYYY-MM')
  const members = whole(json.members, at.field('members'), 1, Number.MAX_SAFE_INTEGER)
  const hoursPerWeek = amount(json.hoursPerWeek, at.field('hoursPerWeek'), 0)
  const rotation = nullable(json.rotation, (v) => whole(v, at.field('rotation'), 1, Number.MAX_SAFE_INTEGER))
  const shifts = nullable(json.shifts, (v) => whole(v, at.field('shifts'), 1, Number.MAX_SAFE_INTEGER))
  // The bounds of `toil team set`, kept in one place.
  const parsed = at.run(() =>
    parseCapacity('', {members: String(members), hoursPerWeek: String(hoursPerWeek), from: fromMonth, rotation: rotation?.toString(), shifts: shifts?.toString()}, '2000-01-01'),
    true,
  )
  return {fromMonth: parsed.fromMonth, members: parsed.members, hoursPerWeek: parsed.hoursPerWeek, rotation: parsed.rotation, shifts: parsed.shifts}
}

function teamRecord(value: Json, at: At, cx: Context): ImportRecord {
  const json = object(value, at, TEAM_KEYS, 'a team')
  const periods = json.capacity ?? []
  const capacityAt: At = at.field('capacity')
  if (!Array.isArray(periods)) capacityAt.fail(periods, 'is not a list of capacity periods')
  const list = periods.map((p, i) => capacity(p, capacityAt.field(i)))
  const seen = new Set<string>()
  for (const [i, p] of list.entries()) {
    if (seen.has(p.fromMonth)) capacityAt.field(i).field('fromMonth').fail(p.fromMonth, 'appears twice; one capacity period a month')
    seen.add(p.fromMonth)
  }
  const record: TeamRecord & {line: number} = {type: 'team', name: name(json.name, at.field('name'), cx), capacity: list, line: at.line}
  if (json.toilBudget !== undefined) record.toilBudget = amount(json.toilBudget, at.field('toilBudget'), Number.MIN_VALUE, 1, 'a fraction above 0 and at most 1')
  return record
}

const RECORD_TYPES = ['team', 'task', 'entry'] as const

/**
 * Reads the records of one export file. Use one reader for a whole file: the checks of
 * names, days and tags it has seen are not repeated. Every method throws a ToilError
 * naming the line and the problem.
 */
export class RecordReader {
  private readonly cx: Context

  /** `now` is the created-at of records that carry none. */
  constructor(now: string) {
    this.cx = {now, names: new Memo(), days: new Memo(), realDays: new Memo(), tags: new Memo()}
  }

  /** One parsed object of an export file. */
  record(value: unknown, line: number): ImportRecord {
    const at = new At(line)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ToilError('invalid-input', `line ${line}: ${preview(value)} is not a JSON object; each line is one team, task or entry`)
    }
    const json = value as Json
    const type = json.type === undefined ? at.field('type').missing() : oneOf(json.type, at.field('type'), RECORD_TYPES)
    if (type === 'team') return teamRecord(json, at, this.cx)
    if (type === 'task') return taskRecord(json, at, this.cx)
    return entryRecord(json, at, this.cx)
  }

  /** One line of a JSONL file; undefined for a blank line. */
  jsonl(text: string, line: number): ImportRecord | undefined {
    const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    if (content.trim() === '') return undefined
    let value: unknown
    try {
      value = JSON.parse(content)
    } catch (error) {
      throw new ToilError('invalid-input', `line ${line}: is not valid JSON (${(error as Error).message})`)
    }
    return this.record(value, line)
  }

  /** One CSV row (after the header) as an entry record. Empty optional cells take their defaults. */
  csvRow(cells: readonly string[], header: CsvHeader, line: number): ImportRecord {
    return entryRecord(csvEntry(cells, header), new At(line), this.cx)
  }
}

/** One parsed object of an export file, read on its own. */
export function parseRecord(value: unknown, line: number, now: string): ImportRecord {
  return new RecordReader(now).record(value, line)
}

/** One line of a JSONL file, read on its own; undefined for a blank line. */
export function parseJsonlLine(text: string, line: number, now: string): ImportRecord | undefined {
  return new RecordReader(now).jsonl(text, line)
}

/** One line of a JSONL export. */
export function toJsonl(record: ExportRecord): string {
  return `${JSON.stringify(record)}\n`
}

/**
 * What a CSV cell never holds raw: what a terminal or a spreadsheet may act on, as the terminal
 * views escape it (C0 and C1 controls, DEL, line and paragraph separators, direction marks and
 * overrides), except the line feed: a note may span lines, and a quoted cell keeps them.
 */
const CSV_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/**
 * Text with every CSV_UNSAFE character as a visible escape (`\x1b`, `\u202e`). A backslash is
 * doubled only where it would otherwise read as the start of an escape (before `\`, `xHH`,
 * `uHHHH` or an escaped character), so `C:\temp` stays as it is and unescapeControls restores
 * every text exactly.
 */
/** What follows a backslash in an escape of a character (sticky: tested at a position). */
const ESCAPE_BODY = /x[\da-fA-F]{2}|u[\da-fA-F]{4}/y

export function escapeControls(value: string): string {
  if (!CSV_UNSAFE.test(value) && !value.includes('\\')) return value
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    if (CSV_UNSAFE.test(c)) {
      const code = c.charCodeAt(0)
      out += code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
    } else if (c === '\\') {
      ESCAPE_BODY.lastIndex = i + 1
      const next = value[i + 1] ?? ''
      out += next === '\\' || CSV_UNSAFE.test(next) || ESCAPE_BODY.test(value) ? '\\\\' : '\\'
    } else out += c
  }
  return out
}

/** The inverse of escapeControls: `\\`, `\xHH` and `\uHHHH` read back; any other backslash is itself. */
export function unescapeControls(value: string): string {
  if (!value.includes('\\')) return value
  return value.replaceAll(/\\(\\|x[\da-fA-F]{2}|u[\da-fA-F]{4})/g, (_, escape: string) => (escape === '\\' ? '\\' : String.fromCharCode(Number.parseInt(escape.slice(1), 16))))
}

/** A CSV cell for a file not read back (the report): controls escaped, a formula neutralised. */
export function csvText(value: string): string {
  return neutraliseCell(escapeControls(value))
}

/** Neutralises a spreadsheet formula: a cell starting with = + - @ tab or CR gets a leading `'`. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/**
 * A text cell of a file that is read back (toil's CSV export): controls escaped (escapeControls),
 * then a formula neutralised; a cell that already starts with `'` gets one more, so
 * unescapeCsvCell restores every cell exactly.
 */
export function escapeCsvCell(value: string): string {
  const text = escapeControls(value)
  return text.startsWith("'") ? `'${text}` : neutraliseCell(text)
}

/** The inverse of escapeCsvCell. */
export function unescapeCsvCell(value: string): string {
  return unescapeControls(value.startsWith("'") ? value.slice(1) : value)
}

/**
 * Follows the quotes of a CSV text fed a chunk at a time, to name the line where a quote
 * that is never closed was opened: the CSV parser only knows it at the end of the file.
 */
export class QuoteTracker {
  private line = 1
  private inQuote = false
  private opened = 0
  /** The character before was a quote that closed a field: a quote now is an escaped one (""). */
  private justClosed = false

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        if (this.inQuote) {
          this.inQuote = false
          this.justClosed = true
          continue
        }
        this.inQuote = true
        if (!this.justClosed) this.opened = this.line
      } else if (c === 0x0a) {
        this.line++
      }
      this.justClosed = false
    }
  }

  /** The line of the quote still open, if one is. */
  openedOn(): number | undefined {
    return this.inQuote ? this.opened : undefined
  }
}

/** The message for a CSV whose quote opened on `line` is never closed. */
export const unclosedQuote = (line: number) => new ToilError('invalid-input', `line ${line}: the quote opened on this line is never closed`)

/** Positions of the columns of a CSV header. */
export type CsvHeader = ReadonlyMap<CsvColumn, number>

export function parseCsvHeader(cells: readonly string[], line = 1): CsvHeader {
  const header = new Map<CsvColumn, number>()
  for (const [i, raw] of cells.entries()) {
    const cell = raw.replace(/^\uFEFF/, '').trim()
    const column = CSV_COLUMNS.find((c) => c.toLowerCase() === cell.toLowerCase())
    if (column === undefined) throw new ToilError('invalid-input', `line ${line}: column ${preview(cell)} is not a column of a toil CSV; the columns are ${CSV_COLUMNS.join(',')}`)
    if (header.has(column)) throw new ToilError('invalid-input', `line ${line}: column ${preview(cell)} appears twice`)
    header.set(column, i)
  }
  const missing = CSV_REQUIRED.filter((c) => !header.has(c))
  if (missing.length > 0) throw new ToilError('invalid-input', `line ${line}: the header has no ${missing.join(', ')} column; the columns are ${CSV_COLUMNS.join(',')}`)
  return header
}

/** A number cell as a number when it looks like one; else the text, for the validator to name. */
function numberCell(cell: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(cell) ? Number(cell) : cell
}

/** One CSV row, read on its own. */
export function parseCsvRow(cells: readonly string[], header: CsvHeader, line: number, now: string): ImportRecord {
  return new RecordReader(now).csvRow(cells, header, line)
}

/** The cells of a CSV row as the JSON an entry line would hold. */
function csvEntry(cells: readonly string[], header: CsvHeader): Json {
  const cell = (column: CsvColumn): string | undefined => {
    const index = header.get(column)
    return index === undefined ? undefined : cells[index]
  }
  const textCell = (column: CsvColumn) => {
    const value = cell(column)
    return value === undefined ? undefined : unescapeCsvCell(value)
  }
  const optional = (column: CsvColumn) => {
    const value = textCell(column)
    return value === '' ? undefined : value
  }
  const count = cell('count')
  const tags = textCell('tags')
  const json: Json = {
    type: 'entry',
    id: textCell('id'),
    team: textCell('team'),
    task: textCell('task'),
    category: optional('category'),
    engineer: textCell('engineer'),
    day: textCell('day'),
    minutes: numberCell(cell('minutes') ?? ''),
    count: count === undefined || count === '' ? undefined : numberCell(count),
    tags: tags === undefined || tags === '' ? [] : tags.split(CSV_TAG_SEPARATOR),
    note: textCell('note'),
    createdAt: optional('createdAt'),
  }
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
  return json
}

/** One CSV row of an entry, every text cell escaped against formula injection. */
export function toCsvRow(entry: Entry, category: Category): (string | number)[] {
  const row: Record<CsvColumn, string | number> = {
    id: escapeCsvCell(entry.id),
    team: escapeCsvCell(entry.team),
    task: escapeCsvCell(entry.task),
    category: escapeCsvCell(category),
    engineer: escapeCsvCell(entry.engineer),
    day: escapeCsvCell(entry.day),
    minutes: entry.minutes,
    count: entry.count,
    hours: roundHours(entryHours(entry)),
    tags: escapeCsvCell(entry.tags.join(CSV_TAG_SEPARATOR)),
    note: escapeCsvCell(entry.note),
    createdAt: escapeCsvCell(entry.createdAt),
  }
  return CSV_COLUMNS.map((c) => row[c])
}

const ID_PART_ACCEPTED = 'is not an entry id; give the short id toil entries shows, 4 or more of its first characters, or the whole id'

/** An entry id as typed: the whole id, or at least 4 characters of its start or end, lower-cased. */
export function parseEntryId(input: string): string {
  const id = input.trim().toLowerCase()
  if (!/^[0-9a-f-]{4,36}$/.test(id) || !/[0-9a-f]/.test(id)) throw inputError('id', input, ID_PART_ACCEPTED)
  return id
}

export function entryNotFound(input: string): ToilError {
  return new ToilError('not-found', `id: ${JSON.stringify(input)} matches no entry; toil entries lists them`)
}
