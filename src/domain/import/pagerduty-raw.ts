/**
 * PagerDuty's Analytics raw-incidents JSON (POST /analytics/raw/incidents): responses with a
 * `data` list, saved one after another, or a plain list of incidents. Pure.
 */
import {ToilError} from '../errors.js'
import {type Incident, type IncidentRules, flag, incidentsToRecords, names, str, withIdLines} from './pagerduty-incident.js'
import {type ParsedSource, asObject, jsonValues, seconds} from './source.js'

export function parsePagerDutyRaw(text: string, rules: IncidentRules): ParsedSource {
  const items: {value: Record<string, unknown>; line: number}[] = []
  for (const {value, line} of jsonValues(text)) {
    const list = Array.isArray(value) ? value : asObject(value)?.data
    if (!Array.isArray(list)) {
      throw new ToilError('invalid-input', `line ${line}: this is not PagerDuty's raw-incidents JSON: expected the response of /analytics/raw/incidents (an object with a "data" list), a list of incidents, or the REST /incidents list (see docs/import.md)`)
    }
    for (const item of list) {
      const incident = asObject(item)
      if (!incident) throw new ToilError('invalid-input', `line ${line}: ${JSON.stringify(item)?.slice(0, 40)} is not an incident object`)
      items.push({value: incident, line})
    }
  }
  const incidents = withIdLines(text, items, (json, id, line): Incident => {
    const missing = ['seconds_to_resolve', 'seconds_to_first_ack'].filter((k) => !(k in json))
    if (!('created_at' in json) && !('created_on' in json)) missing.unshift('created_at')
    if (missing.length > 0) throw new ToilError('invalid-input', `line ${line}: incident ${id} has no ${missing.join(', ')}: this is not PagerDuty's raw-incidents JSON (see docs/import.md)`)
    return {
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
      // The Analytics API names them acknowledged_user_names and assigned_user_names; the CSV's names are read too.
      acknowledgers: names(json.acknowledged_user_names ?? json.acknowledged_by_user_names),
      resolver: str(json.resolved_by_user_name),
      assignees: names(json.assigned_user_names ?? json.assigned_to_user_names),
    }
  })
  return incidentsToRecords('PagerDuty raw-incidents JSON', incidents, rules)
}
