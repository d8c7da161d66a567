/** PagerDuty's Advanced Reporting incidents CSV (Analytics → Insights → Download CSV): one row an incident. Pure. */
import {ToilError} from '../errors.js'
import {type Incident, type IncidentRules, flag, incidentsToRecords, names} from './pagerduty-incident.js'
import {type CsvRow, type ParsedSource, badField, cell, csvRows, readHeader, requireColumns, seconds} from './source.js'

/** Columns of the Advanced Reporting incidents CSV that the import needs. */
export const PAGERDUTY_CSV_REQUIRED = [
  'id', 'description', 'service_name', 'created_on', 'seconds_to_first_ack', 'seconds_to_resolve', 'auto_resolved',
  'acknowledged_by_user_names', 'assigned_to_user_names', 'resolved_by_user_name',
] as const

export function parsePagerDutyCsv(text: string, rules: IncidentRules): ParsedSource {
  const rows = csvRows(text)
  if (rows.length === 0) throw new ToilError('invalid-input', 'the file is empty; expected PagerDuty\'s incidents CSV with a header line')
  const header = readHeader(rows[0]!.cells)
  requireColumns(header, PAGERDUTY_CSV_REQUIRED, "PagerDuty's incidents CSV (Advanced Reporting)")
  const get = (row: CsvRow, name: string) => cell(row, header, name)
  const incidents = rows.slice(1).map((row): Incident => {
    const id = get(row, 'id')
    if (id === '') throw badField(row.line, 'id', id, 'is empty; every incident has an id')
    return {
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
    }
  })
  return incidentsToRecords('PagerDuty incidents CSV', incidents, rules)
}
