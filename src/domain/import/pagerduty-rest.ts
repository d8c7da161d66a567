/**
 * PagerDuty's REST incidents list (GET /incidents: `{incidents: […], more, offset}` pages saved
 * one after another, or a plain list), and a CSV flattened from it (`id, incident_number,
 * title, created_at, status, service.summary, …`). The list has no durations: hands-on time
 * is first acknowledgement to resolve from the incidents' log entries where the file has them
 * (`include[]=log_entries`, or the /log_entries responses appended to the file), else the
 * touch time of a resolved incident. Pure.
 */
import {ToilError} from '../errors.js'
import {type Incident, type IncidentRules, incidentsToRecords, names, str, toRecord, withIdLines} from './pagerduty-incident.js'
import {type CsvRow, type ParsedSource, type RowReader, type Skip, type SourceRecord, asObject, badField, cell, jsonValues, readCsvText, readHeader, requireColumns} from './source.js'

const NO_TIMES = 'the REST incidents list has no acknowledge or resolve times (save it with include[]=log_entries for them)'

/** The summary (a reference's name) of a field: `{"summary": "Checkout API"}`. */
const summary = (value: unknown) => str(asObject(value)?.summary ?? asObject(value)?.name)

interface LogEntry {
  type: string
  at: number
  agent: string
  agentIsUser: boolean
}

function logEntryOf(value: unknown): {incident: string; entry: LogEntry} | undefined {
  const json = asObject(value)
  if (!json) return undefined
  const at = Date.parse(str(json.created_at))
  const agent = asObject(json.agent)
  if (Number.isNaN(at)) return undefined
  return {
    incident: summaryId(json.incident),
    entry: {type: str(json.type).replace(/_reference$/, ''), at, agent: summary(agent), agentIsUser: str(agent?.type).startsWith('user')},
  }
}

const summaryId = (value: unknown) => str(asObject(value)?.id)

/** Seconds from the incident's creation to its first acknowledgement and to its last resolve, and who did them, from its log entries. */
function fromLogEntries(created: number, entries: readonly LogEntry[]) {
  const sorted = [...entries].sort((a, b) => a.at - b.at)
  const ack = sorted.find((e) => e.type === 'acknowledge_log_entry')
  const resolve = sorted.filter((e) => e.type === 'resolve_log_entry').at(-1)
  return {
    secondsToFirstAck: ack === undefined ? null : Math.max(0, (ack.at - created) / 1000),
    secondsToResolve: resolve === undefined ? null : Math.max(0, (resolve.at - created) / 1000),
    acknowledgers: [...new Set(sorted.filter((e) => e.type === 'acknowledge_log_entry' && e.agentIsUser && e.agent !== '').map((e) => e.agent))],
    resolver: resolve !== undefined && resolve.agentIsUser ? resolve.agent : '',
  }
}

export function parsePagerDutyRest(text: string, rules: IncidentRules): ParsedSource {
  const items: {value: Record<string, unknown>; line: number}[] = []
  const logs = new Map<string, LogEntry[]>()
  const addLog = (incident: string, entry: LogEntry) => {
    if (incident === '') return
    const list = logs.get(incident) ?? []
    if (!list.some((e) => e.type === entry.type && e.at === entry.at)) list.push(entry)
    logs.set(incident, list)
  }
  for (const {value, line} of jsonValues(text)) {
    const object = asObject(value)
    if (Array.isArray(object?.log_entries)) {
      for (const item of object.log_entries) {
        const log = logEntryOf(item)
        if (log) addLog(log.incident, log.entry)
      }
      continue
    }
    const list = Array.isArray(value) ? value : object?.incidents
    if (!Array.isArray(list)) throw new ToilError('invalid-input', `line ${line}: this is not PagerDuty's REST incidents list: expected the response of GET /incidents (an object with an "incidents" list; see docs/import.md)`)
    for (const item of list) {
      const incident = asObject(item)
      if (!incident) throw new ToilError('invalid-input', `line ${line}: ${JSON.stringify(item)?.slice(0, 40)} is not an incident object`)
      items.push({value: incident, line})
      if (Array.isArray(incident.log_entries)) {
        for (const entry of incident.log_entries) {
          const log = logEntryOf(entry)
          if (log) addLog(str(incident.id), log.entry)
        }
      }
    }
  }
  const incidents = withIdLines(text, items, (json, id, line): Incident => {
    const created = str(json.created_at)
    if (created === '') throw badField(line, 'created_at', json.created_at ?? null, 'is missing; every incident has one')
    const resolved = str(json.status) === 'resolved'
    const entries = logs.get(id) ?? []
    const fromLogs = entries.length > 0 ? fromLogEntries(Date.parse(created), entries) : undefined
    const ackers = (Array.isArray(json.acknowledgements) ? json.acknowledgements : []).map((a) => summary(asObject(a)?.acknowledger)).filter((n) => n !== '')
    const assignees = (Array.isArray(json.assignments) ? json.assignments : []).map((a) => summary(asObject(a)?.assignee)).filter((n) => n !== '')
    const changedBy = asObject(json.last_status_change_by)
    const teams = Array.isArray(json.teams) ? json.teams.map(summary).filter((n) => n !== '') : []
    const resolveSeconds = fromLogs?.secondsToResolve ?? (resolved ? 0 : null)
    return {
      line,
      id,
      number: str(json.incident_number),
      title: str(json.title ?? json.summary ?? json.description),
      service: summary(json.service),
      team: teams[0] ?? '',
      policy: summary(json.escalation_policy),
      created,
      times: {
        effortSeconds: null,
        engagedSeconds: null,
        secondsToFirstAck: resolved ? fromLogs?.secondsToFirstAck ?? null : null,
        secondsToResolve: resolved ? resolveSeconds : null,
        autoResolved: false,
      },
      acknowledgers: [...(fromLogs?.acknowledgers ?? []), ...ackers],
      resolver: fromLogs?.resolver || (resolved && str(changedBy?.type).startsWith('user') ? summary(changedBy) : ''),
      assignees,
      touchBecause: fromLogs === undefined ? NO_TIMES : undefined,
    }
  })
  return incidentsToRecords('PagerDuty REST incidents JSON', incidents, rules)
}

/** The first non-empty cell among columns whose names match. */
function firstOf(row: CsvRow, columns: readonly number[]): string {
  for (const i of columns) {
    const value = (row.cells[i] ?? '').trim()
    if (value !== '') return value
  }
  return ''
}

export const REST_CSV_EMPTY = 'the file is empty; expected a CSV of PagerDuty\'s incidents with a header line'

/** A reader of a CSV flattened from the REST incidents list: the columns are the list's field paths (`service.summary`, `assignments.0.assignee.summary`). */
export function pagerDutyRestCsvReader(headerCells: readonly string[], rules: IncidentRules): RowReader {
  const header = readHeader(headerCells)
  requireColumns(header, ['id', 'created_at', 'status'], "a CSV of PagerDuty's REST incidents list")
  const columns = (pattern: RegExp) => [...header.entries()].filter(([name]) => pattern.test(name)).flatMap(([, at]) => at)
  const get = (row: CsvRow, name: string) => cell(row, header, name)
  const service = columns(/^service(\.summary|\.name|_name)?$/)
  const policy = columns(/^escalation_policy(\.summary|\.name|_name)?$/)
  const team = columns(/^teams?(\.\d+)?(\.summary|\.name|_name)?$/)
  const ackers = columns(/^acknowledgements?(\.\d+)?\.acknowledger(\.summary|\.name)$/)
  const assignees = columns(/^(assignments?(\.\d+)?\.assignee(\.summary|\.name)|assignees?|assigned_to)$/)
  const changedBy = columns(/^last_status_change_by(\.summary|\.name)?$/)
  const changedByType = columns(/^last_status_change_by\.type$/)
  const records: SourceRecord[] = []
  const skipped: Skip[] = []
  return {
    row(cells, line) {
      const row = {cells, line}
      const id = get(row, 'id')
      if (id === '') throw badField(line, 'id', id, 'is empty; every incident has an id')
      const resolved = get(row, 'status').toLowerCase() === 'resolved'
      const byType = firstOf(row, changedByType)
      toRecord({
        line,
        id,
        number: get(row, 'incident_number'),
        title: get(row, 'title') || get(row, 'summary') || get(row, 'description'),
        service: firstOf(row, service),
        team: firstOf(row, team),
        policy: firstOf(row, policy),
        created: get(row, 'created_at'),
        times: {effortSeconds: null, engagedSeconds: null, secondsToFirstAck: null, secondsToResolve: resolved ? 0 : null, autoResolved: false},
        acknowledgers: ackers.flatMap((i) => names(row.cells[i] ?? '')),
        resolver: resolved && (byType === '' || byType.startsWith('user')) ? firstOf(row, changedBy) : '',
        assignees: assignees.flatMap((i) => names(row.cells[i] ?? '')),
        touchBecause: NO_TIMES,
      }, rules, records, skipped)
    },
    finish: () => ({format: 'PagerDuty REST incidents CSV', records, skipped}),
  }
}

export function parsePagerDutyRestCsv(text: string, rules: IncidentRules): ParsedSource {
  return readCsvText(text, (header) => pagerDutyRestCsvReader(header, rules), REST_CSV_EMPTY)
}
