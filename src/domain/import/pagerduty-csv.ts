/** PagerDuty's Advanced Reporting incidents CSV (Analytics → Insights → Download CSV): one row an incident. Pure. */
import {type Incident, type IncidentRules, flag, names, toRecord} from './pagerduty-incident.js'
import {type CsvRow, type ParsedSource, type RowReader, type Skip, type SourceRecord, badField, cell, readCsvText, readHeader, requireColumns, seconds} from './source.js'

/** Columns of the Advanced Reporting incidents CSV that the import needs. */
export const PAGERDUTY_CSV_REQUIRED = [
  'id', 'description', 'service_name', 'created_on', 'seconds_to_first_ack', 'seconds_to_resolve', 'auto_resolved',
  'acknowledged_by_user_names', 'assigned_to_user_names', 'resolved_by_user_name',
] as const

export const PAGERDUTY_CSV_EMPTY = 'the file is empty; expected PagerDuty\'s incidents CSV with a header line'

/** A reader of the Advanced Reporting CSV with this header: one without the columns toil needs is refused. */
export function pagerDutyCsvReader(headerCells: readonly string[], rules: IncidentRules): RowReader {
  const header = readHeader(headerCells)
  requireColumns(header, PAGERDUTY_CSV_REQUIRED, "PagerDuty's incidents CSV (Advanced Reporting)")
  const get = (row: CsvRow, name: string) => cell(row, header, name)
  const records: SourceRecord[] = []
  const skipped: Skip[] = []
  return {
    row(cells, line) {
      const row = {cells, line}
      const id = get(row, 'id')
      if (id === '') throw badField(line, 'id', id, 'is empty; every incident has an id')
      const incident: Incident = {
        line,
        id,
        number: get(row, 'incident_number'),
        title: get(row, 'description'),
        service: get(row, 'service_name'),
        team: get(row, 'team_name'),
        policy: get(row, 'escalation_policy_name'),
        created: get(row, 'created_on'),
        times: {
          effortSeconds: seconds(get(row, 'user_defined_effort_seconds'), line, 'user_defined_effort_seconds'),
          engagedSeconds: seconds(get(row, 'engaged_seconds'), line, 'engaged_seconds'),
          secondsToFirstAck: seconds(get(row, 'seconds_to_first_ack'), line, 'seconds_to_first_ack'),
          secondsToResolve: seconds(get(row, 'seconds_to_resolve'), line, 'seconds_to_resolve'),
          autoResolved: flag(get(row, 'auto_resolved'), line, 'auto_resolved'),
        },
        acknowledgers: names(get(row, 'acknowledged_by_user_names')),
        resolver: get(row, 'resolved_by_user_name'),
        assignees: names(get(row, 'assigned_to_user_names')),
      }
      toRecord(incident, rules, records, skipped)
    },
    finish: () => ({format: 'PagerDuty incidents CSV', records, skipped}),
  }
}

export function parsePagerDutyCsv(text: string, rules: IncidentRules): ParsedSource {
  return readCsvText(text, (header) => pagerDutyCsvReader(header, rules), PAGERDUTY_CSV_EMPTY)
}
