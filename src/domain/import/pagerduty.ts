/**
 * PagerDuty incidents (SPEC §10): whichever of its exports a file is (sniff.ts tells), read by
 * that format's module into records of hands-on time. Pure: the caller reads the file.
 */
import {type IncidentRules, DEFAULT_INCIDENT_RULES} from './pagerduty-incident.js'
import {PAGERDUTY_CSV_EMPTY, pagerDutyCsvReader, parsePagerDutyCsv} from './pagerduty-csv.js'
import {parsePagerDutyRaw} from './pagerduty-raw.js'
import {pagerDutyRestCsvReader, parsePagerDutyRest, parsePagerDutyRestCsv} from './pagerduty-rest.js'
import {type ParsedSource, type RowReader, jsonValues} from './source.js'
import {csvFormat, firstLine, headerCells, isJson, jsonFormat} from './sniff.js'

export {DEFAULT_INCIDENT_RULES, ESTIMATE_NOTES, type Estimate, type IncidentRules, type IncidentTimes, incidentMinutes, names} from './pagerduty-incident.js'
export {PAGERDUTY_CSV_REQUIRED} from './pagerduty-csv.js'

/** Reads a PagerDuty export: the REST incidents list, else raw-incidents JSON; a CSV flattened from the REST list, else the Advanced Reporting CSV. */
export function parsePagerDuty(text: string, rules: IncidentRules = DEFAULT_INCIDENT_RULES): ParsedSource {
  if (isJson(text)) {
    const first = jsonValues(firstDocument(text))[0]?.value
    return jsonFormat(first) === 'pagerduty-rest' ? parsePagerDutyRest(text, rules) : parsePagerDutyRaw(text, rules)
  }
  return csvFormat(headerCells(firstLine(text))) === 'pagerduty-rest-csv' ? parsePagerDutyRestCsv(text, rules) : parsePagerDutyCsv(text, rules)
}

/** The reader of a PagerDuty CSV with this header: flattened from the REST list, else Advanced Reporting. */
export function pagerDutyRowReader(header: readonly string[], rules: IncidentRules = DEFAULT_INCIDENT_RULES): RowReader {
  const cells = header.map((c) => c.replace(/^\uFEFF/, '').trim().toLowerCase())
  return csvFormat(cells) === 'pagerduty-rest-csv' ? pagerDutyRestCsvReader(header, rules) : pagerDutyCsvReader(header, rules)
}

export {PAGERDUTY_CSV_EMPTY}

/** The text of a file's first JSON document, found without parsing the rest. */
function firstDocument(text: string): string {
  let depth = 0
  let inString = false
  let escaped = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
    } else if (c === '{' || c === '[') {
      depth++
    } else if ((c === '}' || c === ']') && --depth === 0) {
      return text.slice(0, i + 1)
    }
  }
  return text
}
