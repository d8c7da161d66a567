/**
 * PagerDuty incidents (SPEC §10): the Analytics raw-incidents JSON and the Advanced Reporting
 * incidents CSV, read into records of hands-on time. Pure: the caller reads the file.
 */
import {ToilError} from '../errors.js'
import {
  type CsvRow, type Header, type ParsedSource, type Skip, type SourceRecord, TIMESTAMP_ACCEPTED, asObject, badField, cell, csvRows,
  dayOfTimestamp, jsonValues, lineFinder, minutesOf, readHeader, requireColumns, seconds, showMinutes, titleForNote,
} from './source.js'

/** Columns of the Advanced Reporting incidents CSV that the import needs. */
export const PAGERDUTY_CSV_REQUIRED = [
  'id', 'description', 'service_name', 'created_on', 'seconds_to_first_ack', 'seconds_to_resolve', 'auto_resolved',
  'acknowledged_by_user_names', 'assigned_to_user_names', 'resolved_by_user_name',
] as const

export interface IncidentRules {
  /** --max-incident-time: no incident counts more hands-on minutes. */
  maxMinutes: number
  /** --touch: minutes of an incident resolved without anyone acknowledging it. */
  touchMinutes: number
}

export const DEFAULT_INCIDENT_RULES: IncidentRules = {maxMinutes: 240, touchMinutes: 5}

/** Which figure an incident's hands-on time came from. */
export type Estimate = 'effort' | 'engaged' | 'ack-to-resolve' | 'touch'

export const ESTIMATE_NOTES: Record<Estimate, string> = {
  effort: 'effort recorded in PagerDuty',
  engaged: 'engaged time',
  'ack-to-resolve': 'first acknowledgement to resolve',
  touch: 'touch time: resolved without an acknowledgement',
}

/** The figures of one incident the hands-on rule reads, in seconds; null where the export has none. */
export interface IncidentTimes {
  effortSeconds: number | null
  engagedSeconds: number | null
  secondsToFirstAck: number | null
  secondsToResolve: number | null
  autoResolved: boolean
}

/**
 * Hands-on minutes of a resolved incident: the effort a responder recorded, else the engaged
 * time, else first acknowledgement to resolve; one nobody acknowledged (auto-resolved, or
 * resolved straight away) counts the touch time. Capped at the maximum. Undefined while open.
 */
export function incidentMinutes(t: IncidentTimes, rules: IncidentRules): {minutes: number; estimate: Estimate; capped: number | null} | undefined {
  let estimate: Estimate
  let minutes: number
  if (t.effortSeconds !== null && t.effortSeconds > 0) [estimate, minutes] = ['effort', minutesOf(t.effortSeconds)]
  else if (t.engagedSeconds !== null && t.engagedSeconds > 0) [estimate, minutes] = ['engaged', minutesOf(t.engagedSeconds)]
  else if (t.secondsToResolve === null) return undefined
  else if (t.secondsToFirstAck !== null) [estimate, minutes] = ['ack-to-resolve', minutesOf(Math.max(0, t.secondsToResolve - t.secondsToFirstAck))]
  else [estimate, minutes] = ['touch', rules.touchMinutes]
  if (minutes > rules.maxMinutes) return {minutes: rules.maxMinutes, estimate, capped: minutes}
  return {minutes, estimate, capped: null}
}

/** The fields of one incident, as either format gives them. */
interface Incident {
  line: number
  id: string
  number: string
  title: string
  service: string
  team: string
  policy: string
  created: string
  times: IncidentTimes
  acknowledgers: string[]
  resolver: string
  assignees: string[]
}

/** A list of user names: a JSON list, or one cell of names separated by commas. */
function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;]/) : []
  return list.map((n) => n.trim()).filter((n) => n !== '')
}

function flag(value: unknown, line: number, field: string): boolean {
  if (typeof value === 'boolean') return value
  if (value === null || value === undefined) return false
  const text = String(value).trim().toLowerCase()
  if (['true', 'yes', '1', 't', 'y'].includes(text)) return true
  if (['false', 'no', '0', 'f', 'n', ''].includes(text)) return false
  throw badField(line, field, value, 'is not true or false')
}

function toRecord(incident: Incident, rules: IncidentRules, records: SourceRecord[], skipped: Skip[]): void {
  const key = `pagerduty:${incident.id}`
  const day = dayOfTimestamp(incident.created)
  if (day === undefined) throw badField(incident.line, 'created_on', incident.created, TIMESTAMP_ACCEPTED)
  const time = incidentMinutes(incident.times, rules)
  if (time === undefined) {
    skipped.push({key, line: incident.line, reason: 'not resolved yet (import it again once it is)'})
    return
  }
  const engineer = incident.acknowledgers[0] ?? (incident.resolver || undefined) ?? incident.assignees[0]
  if (engineer === undefined) {
    skipped.push({key, line: incident.line, reason: 'nobody acknowledged, resolved or was assigned it'})
    return
  }
  const cap = time.capped === null ? '' : `, capped at ${showMinutes(rules.maxMinutes)} (was ${showMinutes(time.capped)})`
  const number = incident.number === '' ? '' : ` #${incident.number}`
  records.push({
    sourceKey: key,
    line: incident.line,
    title: incident.title,
    service: incident.service || null,
    labels: [],
    components: [],
    teamNames: [incident.team, incident.service, incident.policy].filter((n) => n !== ''),
    sourceTeam: incident.team || null,
    engineer,
    day,
    minutes: time.minutes,
    tags: ['oncall', 'pagerduty'],
    note: `PagerDuty${number} ${incident.id}: ${titleForNote(incident.title)} (hands-on time: ${ESTIMATE_NOTES[time.estimate]}${cap})`,
    category: 'oncall',
  })
}

function fromCsv(text: string, rules: IncidentRules): ParsedSource {
  const rows = csvRows(text)
  if (rows.length === 0) throw new ToilError('invalid-input', 'the file is empty; expected PagerDuty\'s incidents CSV with a header line')
  const header: Header = readHeader(rows[0]!.cells)
  requireColumns(header, PAGERDUTY_CSV_REQUIRED, "PagerDuty's incidents CSV (Advanced Reporting)")
  const records: SourceRecord[] = []
  const skipped: Skip[] = []
  const get = (row: CsvRow, name: string) => cell(row, header, name)
  for (const row of rows.slice(1)) {
    const id = get(row, 'id')
    if (id === '') throw badField(row.line, 'id', id, 'is empty; every incident has an id')
    toRecord({
      line: row.line,
      id,
      number: get(row, 'incident_number'),
      title: get(row, 'description'),
      service: get(row, 'service_name'),
      team: get(row, 'team_name'),
      policy: get(row, 'escalation_policy_name'),
      created: get(row, 'created_on'),
      times: {
        effortSeconds: seconds(get(row, 'user_defined_effort_seconds'), row.line, 'user_defined_effort_seconds'),
        engagedSeconds: seconds(get(row, 'engaged_seconds'), row.line, 'engaged_seconds'),
        secondsToFirstAck: seconds(get(row, 'seconds_to_first_ack'), row.line, 'seconds_to_first_ack'),
        secondsToResolve: seconds(get(row, 'seconds_to_resolve'), row.line, 'seconds_to_resolve'),
        autoResolved: flag(get(row, 'auto_resolved'), row.line, 'auto_resolved'),
      },
      acknowledgers: names(get(row, 'acknowledged_by_user_names')),
      resolver: get(row, 'resolved_by_user_name'),
      assignees: names(get(row, 'assigned_to_user_names')),
    }, rules, records, skipped)
  }
  return {format: 'PagerDuty incidents CSV', records, skipped}
}

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim())

function fromJson(text: string, rules: IncidentRules): ParsedSource {
  const incidents: {value: Record<string, unknown>; line: number}[] = []
  for (const {value, line} of jsonValues(text)) {
    const list = Array.isArray(value) ? value : asObject(value)?.data
    if (!Array.isArray(list)) {
      throw new ToilError('invalid-input', `line ${line}: this is not PagerDuty's raw-incidents JSON: expected the response of /analytics/raw/incidents (an object with a "data" list) or a list of incidents (see docs/import.md)`)
    }
    for (const item of list) {
      const incident = asObject(item)
      if (!incident) throw new ToilError('invalid-input', `line ${line}: ${JSON.stringify(item)?.slice(0, 40)} is not an incident object`)
      incidents.push({value: incident, line})
    }
  }
  const lineOf = lineFinder(text, 'id')
  const records: SourceRecord[] = []
  const skipped: Skip[] = []
  let last = 1
  for (const {value: json, line: documentLine} of incidents) {
    const id = str(json.id)
    const line = id === '' ? Math.max(last, documentLine) : lineOf(id, Math.max(last, documentLine))
    last = line
    if (id === '') throw badField(line, 'id', json.id ?? null, 'is missing; every incident has an id')
    const missing = ['seconds_to_resolve', 'seconds_to_first_ack'].filter((k) => !(k in json))
    if (!('created_at' in json) && !('created_on' in json)) missing.unshift('created_at')
    if (missing.length > 0) throw new ToilError('invalid-input', `line ${line}: incident ${id} has no ${missing.join(', ')}: this is not PagerDuty's raw-incidents JSON (see docs/import.md)`)
    toRecord({
      line,
      id,
      number: str(json.incident_number),
      title: str(json.description ?? json.title),
      service: str(json.service_name),
      team: str(json.team_name),
      policy: str(json.escalation_policy_name),
      created: str(json.created_at ?? json.created_on),
      times: {
        effortSeconds: seconds(json.user_defined_effort_seconds, line, 'user_defined_effort_seconds'),
        engagedSeconds: seconds(json.engaged_seconds, line, 'engaged_seconds'),
        secondsToFirstAck: seconds(json.seconds_to_first_ack, line, 'seconds_to_first_ack'),
        secondsToResolve: seconds(json.seconds_to_resolve, line, 'seconds_to_resolve'),
        autoResolved: flag(json.auto_resolved, line, 'auto_resolved'),
      },
      acknowledgers: names(json.acknowledged_by_user_names),
      resolver: str(json.resolved_by_user_name),
      assignees: names(json.assigned_to_user_names ?? json.assigned_user_names),
    }, rules, records, skipped)
  }
  return {format: 'PagerDuty raw-incidents JSON', records, skipped}
}

/** Reads a PagerDuty export: JSON when its first character opens a JSON value, else CSV. */
export function parsePagerDuty(text: string, rules: IncidentRules = DEFAULT_INCIDENT_RULES): ParsedSource {
  return /^\uFEFF?\s*[[{]/.test(text) ? fromJson(text, rules) : fromCsv(text, rules)
}
