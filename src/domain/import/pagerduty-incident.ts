/**
 * PagerDuty incidents (SPEC §10), whichever export they come from: the hands-on rule, and an
 * incident read into a record. The formats: pagerduty-csv.ts (Advanced Reporting CSV),
 * pagerduty-raw.ts (Analytics raw-incidents JSON), pagerduty-rest.ts (REST GET /incidents, and
 * a CSV flattened from it). Pure: the caller reads the file.
 */
import {type ParsedSource, type Skip, type SourceRecord, TIMESTAMP_ACCEPTED, badField, dayOfTimestamp, lineFinder, minutesOf, showMinutes, titleForNote} from './source.js'

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

/** The fields of one incident, as any format gives them. */
export interface Incident {
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
  /** Why the touch time counts, where not for want of an acknowledgement. */
  touchBecause?: string
}

/**
 * A list of user names: a JSON list, or one cell of names. A cell is split at `;` or a line
 * break where it has one; else at commas, unless that leaves a one-word piece: "Smith, John"
 * is one name written last name first, and "Smith, John, Doe, Jane" two.
 */
export function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((n) => String(n).trim()).filter((n) => n !== '')
  if (typeof value !== 'string') return []
  const trimmed = (list: string[]) => list.map((n) => n.trim()).filter((n) => n !== '')
  if (/[;\n|]/.test(value)) return trimmed(value.split(/[;\n|]/))
  const pieces = trimmed(value.split(','))
  if (pieces.every((p) => /\s/.test(p))) return pieces
  if (pieces.length % 2 === 0 && pieces.every((p) => !/\s/.test(p))) {
    return pieces.flatMap((p, i) => (i % 2 === 0 ? [`${p}, ${pieces[i + 1]}`] : []))
  }
  return [value.trim()]
}

export function flag(value: unknown, line: number, field: string): boolean {
  if (typeof value === 'boolean') return value
  if (value === null || value === undefined) return false
  const text = String(value).trim().toLowerCase()
  if (['true', 'yes', '1', 't', 'y'].includes(text)) return true
  if (['false', 'no', '0', 'f', 'n', ''].includes(text)) return false
  throw badField(line, field, value, 'is not true or false')
}

export function toRecord(incident: Incident, rules: IncidentRules, records: SourceRecord[], skipped: Skip[]): void {
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
    note: `PagerDuty${number} ${incident.id}: ${titleForNote(incident.title)} (hands-on time: ${time.estimate === 'touch' && incident.touchBecause !== undefined ? `touch time: ${incident.touchBecause}` : ESTIMATE_NOTES[time.estimate]}${cap})`,
    category: 'oncall',
    alias: undefined,
  })
}

/** The records of some incidents in a format. */
export function incidentsToRecords(format: string, incidents: Iterable<Incident>, rules: IncidentRules): ParsedSource {
  const records: SourceRecord[] = []
  const skipped: Skip[] = []
  for (const incident of incidents) toRecord(incident, rules, records, skipped)
  return {format, records, skipped}
}

export const str = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim())

/**
 * Each JSON incident mapped with the line its id stands on (ids are found in the text in order,
 * from the line of the document holding it); one without an id is refused naming its line.
 */
export function withIdLines<T>(text: string, items: readonly {value: Record<string, unknown>; line: number}[], map: (json: Record<string, unknown>, id: string, line: number) => T): T[] {
  const lineOf = lineFinder(text, 'id')
  let last = 1
  return items.map(({value: json, line: documentLine}) => {
    const id = str(json.id)
    const line = id === '' ? Math.max(last, documentLine) : lineOf(id, Math.max(last, documentLine))
    last = line
    if (id === '') throw badField(line, 'id', json.id ?? null, 'is missing; every incident has an id')
    return map(json, id, line)
  })
}
