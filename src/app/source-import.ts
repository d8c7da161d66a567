/**
 * `toil import --from pagerduty|jira`: reads another system's export, plans what it adds,
 * and (unless a dry run) imports it in one transaction with a backup first (SPEC §10).
 */
import {CsvError, parse} from 'csv-parse'
import {closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync} from 'node:fs'
import {Readable, pipeline} from 'node:stream'


import {setting} from '../config.js'
import {parseDuration} from '../domain/duration.js'
import {ToilError, inputError} from '../domain/errors.js'
import {DEFAULT_INCIDENT_RULES, parsePagerDuty, pagerDutyRowReader} from '../domain/import/pagerduty.js'
import {DEFAULT_TOIL_RULE, jiraCsvReader, parseJira, parseToilRule} from '../domain/import/jira.js'
import {
  type ImportPlan, type SourceImportResult, TASK_FROM_OF, type TaskFrom, type UnmappedId, nameEngineers, parseEngineerMap, parseTeamMap,
  placeRecords, planImport,
} from '../domain/import/plan.js'
import {type ParsedSource, type RowReader, type Source, skipRepeatedHeader} from '../domain/import/source.js'
import {firstLine, isJson, lookLikeMessage, sniffDelimiter, sniffSourceFormat} from '../domain/import/sniff.js'
import {strictUtf8} from '../domain/utf8.js'
import type {Entry} from '../domain/types.js'
import {resolveDbPath} from './database.js'
import type {ImportRecord, Store} from '../store/store.js'
import {DEFAULT_TEAM, resolveTeam} from './teams.js'
import {guardTeam} from './names.js'
import {currentUser} from './engineer.js'

export interface SourceImportOptions {
  source: Source
  file: string
  dryRun: boolean
  team?: string
  teamMap?: string
  taskFrom?: TaskFrom
  update: boolean
  maxIncidentTime?: string
  touch?: string
  toilRule?: string[]
  createNew: boolean
  /** --engineer-map: a JSON file of names as the export writes them to engineers' names. */
  engineerMap?: string
  /** --allow-long-days: import person-days above 24 hours too. */
  allowLongDays?: boolean
  /** What `-` reads (standard input). */
  stdin?: NodeJS.ReadableStream
}

/** The flags of one source refused with the other: they would silently do nothing. */
function checkFlags(o: SourceImportOptions): void {
  const wrong = (flag: string, only: Source) => inputError(flag, flag === 'toil-rule' ? (o.toilRule ?? []).join(',') : String((o as unknown as Record<string, unknown>)[flag === 'max-incident-time' ? 'maxIncidentTime' : flag]), `is for --from ${only} only`)
  if (o.source === 'jira' && o.maxIncidentTime !== undefined) throw wrong('max-incident-time', 'pagerduty')
  if (o.source === 'jira' && o.touch !== undefined) throw wrong('touch', 'pagerduty')
  if (o.source === 'pagerduty' && o.toilRule !== undefined && o.toilRule.length > 0) throw wrong('toil-rule', 'jira')
  if (o.taskFrom !== undefined && !TASK_FROM_OF[o.source].includes(o.taskFrom)) {
    throw inputError('task-from', o.taskFrom, `is not available for ${o.source}; use ${TASK_FROM_OF[o.source].join(' or ')}`)
  }
}

function decode(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch (error) {
    if (error instanceof TypeError) throw inputError('file', file, 'is not UTF-8 text; save it as UTF-8 and import it again')
    throw error
  }
}

/** The file as UTF-8 text; a missing file, a folder or bytes that are not UTF-8 are refused. */
function readText(file: string): string {
  let isFile: boolean
  try {
    isFile = statSync(file).isFile()
  } catch {
    throw inputError('file', file, 'does not exist')
  }
  if (!isFile) throw inputError('file', file, 'is not a file')
  return decode(readFileSync(file), file)
}

/**
 * Refuses a file given without --from that is a PagerDuty or Jira export, saying which
 * --from reads it: its first 16 KB are enough to tell.
 */
export function refuseSourceExport(file: string): void {
  let head: string
  try {
    const fd = openSync(file, 'r')
    try {
      const buffer = Buffer.alloc(16384)
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8')
    } finally {
      closeSync(fd)
    }
  } catch {
    return
  }
  const format = sniffSourceFormat(head)
  if (format !== undefined) throw new ToilError('invalid-input', `${file}: ${lookLikeMessage(format)}`)
}

/**
 * The text of a toil export read from a stream (stdin), refusing at its first chunk one that is a
 * PagerDuty or Jira export, with the --from that reads it.
 */
export async function* refuseSourceText(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true
  for await (const chunk of chunks) {
    if (first) {
      first = false
      const format = sniffSourceFormat(chunk)
      if (format !== undefined) throw new ToilError('invalid-input', `standard input: ${lookLikeMessage(format)}`)
    }
    yield chunk
  }
}

/** Reads and checks the file and the flags: nothing is opened before the input is known to be good. */
export async function readSource(o: SourceImportOptions): Promise<{parsed: ParsedSource; ruleLabels: string[]; teamMap?: Map<string, string>; unmapped: UnmappedId[]}> {
  const {parsed, ruleLabels, teamMap} = await parseSource(o)
  const engineers = o.engineerMap === undefined ? undefined : parseEngineerMap(readText(o.engineerMap), o.engineerMap)
  const unmapped = nameEngineers(parsed.records, parsed.names, engineers)
  return {parsed, ruleLabels, teamMap, unmapped}
}

/** The text of the file (or stdin), strictly UTF-8, a chunk at a time. */
function textChunks(o: SourceImportOptions): AsyncGenerator<string> {
  if (o.file !== '-') {
    let isFile: boolean
    try {
      isFile = statSync(o.file).isFile()
    } catch {
      throw inputError('file', o.file, 'does not exist')
    }
    if (!isFile) throw inputError('file', o.file, 'is not a file')
  }
  const input = o.file === '-' ? o.stdin ?? process.stdin : createReadStream(o.file, {highWaterMark: 1 << 18})
  return strictUtf8(input as AsyncIterable<Uint8Array>)
}

/**
 * A source's records from the file: a CSV streamed row by row into its format's reader (the
 * file is never held whole), a JSON export read whole (its documents are parsed whole anyway).
 */
async function readExport(o: SourceImportOptions, csvReader: (header: readonly string[]) => RowReader, parseText: (text: string) => ParsedSource): Promise<ParsedSource> {
  const chunks = textChunks(o)
  const first = await chunks.next()
  if (first.done) return parseText('')
  if (isJson(first.value)) {
    const parts = [first.value]
    for await (const chunk of chunks) parts.push(chunk)
    return parseText(parts.join(''))
  }
  const delimiter = sniffDelimiter(firstLine(first.value))
  async function* all(): AsyncGenerator<string> {
    yield first.value!
    yield* chunks
  }
  // pipeline, unlike pipe, passes a read error of the file on to the parser.
  const rows = pipeline(Readable.from(all()), parse({bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: true}), () => {}) as AsyncIterable<{record: string[]; info: {lines: number; empty_lines: number}}>
  let reader: RowReader | undefined
  let end = 0
  let empty = 0
  try {
    for await (const {record, info} of rows) {
      // The line a row starts on: after the previous row's last line and any empty lines between.
      const line = end + 1 + (info.empty_lines - empty)
      end = info.lines
      empty = info.empty_lines
      if (reader === undefined) reader = skipRepeatedHeader(record, csvReader(record))
      else reader.row(record, line)
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ToilError('invalid-input', `line ${(error as CsvError & {lines?: number}).lines ?? '?'}: ${error.message}`)
    throw error
  }
  return reader === undefined ? parseText('') : reader.finish()
}

async function parseSource(o: SourceImportOptions): Promise<{parsed: ParsedSource; ruleLabels: string[]; teamMap?: Map<string, string>}> {
  checkFlags(o)
  let parsed: ParsedSource
  let ruleLabels: string[] = []
  if (o.source === 'pagerduty') {
    const maxMinutes = o.maxIncidentTime === undefined ? DEFAULT_INCIDENT_RULES.maxMinutes : parseDuration(o.maxIncidentTime, 'max-incident-time')
    const touchMinutes = o.touch === undefined ? DEFAULT_INCIDENT_RULES.touchMinutes : parseDuration(o.touch, 'touch')
    if (touchMinutes > maxMinutes) throw inputError('touch', o.touch!, `is more than --max-incident-time (${o.maxIncidentTime ?? '4h'})`)
    const teamMap = o.teamMap === undefined ? undefined : parseTeamMap(readText(o.teamMap), o.teamMap)
    parsed = await readExport(o, (header) => pagerDutyRowReader(header, {maxMinutes, touchMinutes}), (text) => parsePagerDuty(text, {maxMinutes, touchMinutes}))
    return {parsed, ruleLabels, teamMap}
  }
  const rule = o.toilRule === undefined || o.toilRule.length === 0 ? DEFAULT_TOIL_RULE : parseToilRule(o.toilRule)
  ruleLabels = rule.flatMap((t) => (t.field === 'label' ? [t.value] : []))
  const teamMap = o.teamMap === undefined ? undefined : parseTeamMap(readText(o.teamMap), o.teamMap)
  parsed = await readExport(o, (header) => jiraCsvReader(header, rule), (text) => parseJira(text, rule))
  return {parsed, ruleLabels, teamMap}
}

/**
 * Plans the import against the store (none: a dry run onto a database that does not exist
 * yet plans against an empty one) and, unless a dry run, imports it.
 */
export async function importSource(o: SourceImportOptions, openStore: (readonly: boolean) => Promise<Store>, dbFlag: string | undefined): Promise<SourceImportResult> {
  const {parsed, ruleLabels, teamMap, unmapped} = await readSource(o)
  const store = o.dryRun && !existsSync(resolveDbPath(dbFlag)) ? undefined : await openStore(o.dryRun)
  if (store && o.team !== undefined) await guardTeam(store, o.team, o.createNew)
  const fallback = store ? await resolveTeam(store, undefined, await currentUser(store)) : setting('team', undefined)?.value ?? DEFAULT_TEAM
  const placed = placeRecords(parsed.records, o.taskFrom ?? 'title', {team: o.team, map: teamMap, fallback}, ruleLabels)
  const existing = new Map<string, string[]>()
  for (const team of new Set(placed.map((r) => r.team))) existing.set(team, store ? await store.taskNames(team) : [])
  const stored = new Map<string, Entry>()
  if (store) for (const e of await store.entriesBySourceKey(placed.map((r) => r.sourceKey))) stored.set(e.sourceKey!, e)
  const covered = parsed.covered ?? []
  const storedOfIssues = store && covered.length > 0 ? await store.entriesBySourcePrefix(covered.map((c) => c.prefix)) : []
  const plan = planImport(placed, parsed.skipped, existing, stored, {covered, storedOfIssues, allowLongDays: o.allowLongDays, update: o.update})

  const near = plan.tasks.filter((t) => t.nearMatch !== null)
  if (near.length > 0 && !o.createNew && !o.dryRun) {
    const list = near.slice(0, 3).map((t) => `${JSON.stringify(t.task)} (did you mean ${JSON.stringify(t.nearMatch)}?)`).join(', ')
    throw new ToilError('invalid-input', `task: ${list}${near.length > 3 ? ` and ${near.length - 3} more` : ''} would be new tasks one typo away from existing ones of their team; rename the existing task, use --task-from, or give --new to create them; nothing was imported`)
  }

  const result: SourceImportResult = {
    source: o.source,
    file: o.file,
    format: parsed.format,
    dryRun: o.dryRun,
    tasks: plan.tasks.map(({category: _c, ...t}) => t),
    records: plan.add.length,
    hours: plan.tasks.reduce((sum, t) => sum + t.hours, 0),
    changed: plan.changed.map((c) => ({sourceKey: c.sourceKey, id: c.id, line: c.line, team: c.record.team, task: c.record.task, changes: c.changes})),
    removed: plan.removed.map(({id: _id, ...r}) => r),
    unmappedIds: unmapped,
    updated: o.update && !o.dryRun,
    skipped: plan.skipped,
    entriesAdded: 0,
    entriesUpdated: 0,
    entriesRemoved: 0,
    tasksAdded: 0,
    teamsAdded: 0,
    backup: null,
  }
  result.hours = Math.round(result.hours * 100) / 100
  const writes = plan.add.length > 0 || (o.update && (plan.changed.length > 0 || plan.removed.length > 0))
  if (o.dryRun || !store || !writes) return result

  const now = new Date().toISOString()
  const toRecord = (r: ImportPlan['add'][number]): ImportRecord => ({
    type: 'entry', id: r.id, team: r.team, task: r.task, engineer: r.engineer, day: r.day, minutes: r.minutes, count: 1,
    tags: [...r.tags].sort(), note: r.note, createdAt: now, sourceKey: r.sourceKey, category: r.category, line: r.line,
  })
  const records = [...plan.add, ...(o.update ? plan.changed.map((c) => c.record) : [])]
  const removeSourceKeys = o.update ? plan.removed.map((r) => r.sourceKey) : []
  const imported = await store.importRecords(batches(records, toRecord), {updateBySourceKey: o.update, removeSourceKeys, source: `${o.source} ${o.file === '-' ? 'standard input' : o.file}`})
  Object.assign(result, {
    entriesAdded: imported.entriesAdded, entriesUpdated: imported.entriesUpdated, entriesRemoved: imported.entriesRemoved, tasksAdded: imported.tasksAdded, teamsAdded: imported.teamsAdded, backup: imported.backup,
  })
  return result
}

/** The store's records of the plan's, made a batch at a time: never all of them at once. */
async function* batches<T, R>(items: readonly T[], make: (item: T) => R): AsyncGenerator<R[]> {
  for (let i = 0; i < items.length; i += 1000) yield items.slice(i, i + 1000).map(make)
}

