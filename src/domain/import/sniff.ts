/**
 * Which export a file is (SPEC §10), told from its first bytes: the one place that looks at a
 * file's shape before a reader reads it — the CSV delimiter, the source and format, and a
 * header written in another language than English. Pure.
 */
import type {Source} from './source.js'

/** Each format toil reads from another system; one module of this folder reads each. */
export type SourceFormat = 'pagerduty-csv' | 'pagerduty-rest-csv' | 'pagerduty-raw' | 'pagerduty-rest' | 'jira-csv' | 'jira-search'

export const SOURCE_OF: Record<SourceFormat, Source> = {
  'pagerduty-csv': 'pagerduty', 'pagerduty-rest-csv': 'pagerduty', 'pagerduty-raw': 'pagerduty', 'pagerduty-rest': 'pagerduty',
  'jira-csv': 'jira', 'jira-search': 'jira',
}

export type Delimiter = ',' | ';' | '\t'

/** The first line of a text (without a BOM), up to the first line break outside quotes. */
export function firstLine(text: string): string {
  const body = text.replace(/^\uFEFF/, '')
  let quoted = false
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === '"') quoted = !quoted
    else if ((c === '\n' || c === '\r') && !quoted) return body.slice(0, i)
  }
  return body
}

/**
 * The delimiter of a CSV from its header line: the one of `,` `;` and tab that occurs most
 * outside quotes (Excel in most European locales saves with `;`); `,` on a tie or none.
 */
export function sniffDelimiter(header: string): Delimiter {
  const counts = {',': 0, ';': 0, '\t': 0}
  let quoted = false
  for (const c of header) {
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t'
  if (counts[';'] > counts[',']) return ';'
  return ','
}

/** The cells of a header line, lower-cased and trimmed (quotes taken off). */
export function headerCells(line: string, delimiter: Delimiter = sniffDelimiter(line)): string[] {
  const out: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"'
        i++
      } else {
        quoted = !quoted
      }
    } else if (c === delimiter && !quoted) {
      out.push(cell)
      cell = ''
    } else {
      cell += c
    }
  }
  out.push(cell)
  return out.map((c) => c.replace(/^\uFEFF/, '').trim().toLowerCase())
}

/** Whether a text starts with a JSON object or list. */
export const isJson = (text: string): boolean => /^\uFEFF?\s*[[{]/.test(text)

/**
 * "Summary" and "Issue key" as Jira's issue CSV writes them in its other UI languages
 * (Spanish, German, French, Portuguese, Japanese, and a few more): a header holding one is an
 * export made in that language.
 */
const FOREIGN_JIRA_HEADERS = [
  'resumen', 'clave de incidencia', 'clave', 'zusammenfassung', 'schlüssel', 'vorgangsschlüssel', 'résumé', 'clé', 'clé de ticket',
  'resumo', 'chave', 'chave da issue', '要約', 'キー', '課題キー', 'riepilogo', 'chiave', 'samenvatting', 'sleutel', 'podsumowanie', 'klucz',
  'сводка', 'ключ', '概要', '关键字', '摘要',
]

/** Whether a CSV header is Jira's issue export in a UI language other than English. */
export function isForeignJiraHeader(cells: readonly string[]): boolean {
  if (cells.includes('summary') || cells.includes('issue key')) return false
  return cells.some((c) => FOREIGN_JIRA_HEADERS.includes(c))
}

/** The format of a CSV whose header cells are these; undefined when it is none toil reads from another system. */
export function csvFormat(cells: readonly string[]): SourceFormat | undefined {
  const has = (name: string) => cells.includes(name)
  if (has('issue key') || (has('summary') && has('issue type')) || isForeignJiraHeader(cells)) return 'jira-csv'
  if (has('seconds_to_resolve') || has('created_on') || has('acknowledged_by_user_names')) return 'pagerduty-csv'
  if (has('incident_number') || (has('created_at') && (has('service.summary') || has('status') || has('urgency')))) return 'pagerduty-rest-csv'
  return undefined
}

/**
 * The format of a JSON export from its first document: an object with `issues` is Jira's
 * search; one with `incidents` (or a list of incidents carrying `log_entries`, `service` or
 * `html_url`) is PagerDuty's REST list; `data`, or a list of incidents with
 * `seconds_to_resolve`, the Analytics raw incidents. Undefined when none of these.
 */
export function jsonFormat(first: unknown): SourceFormat | undefined {
  if (Array.isArray(first)) {
    const item = first.find((x) => typeof x === 'object' && x !== null) as Record<string, unknown> | undefined
    if (item === undefined) return undefined
    if ('fields' in item && 'key' in item) return 'jira-search'
    if ('seconds_to_resolve' in item || 'created_on' in item || 'acknowledged_user_names' in item) return 'pagerduty-raw'
    if ('log_entries' in item || 'html_url' in item || ('service' in item && typeof item.service === 'object') || ('type' in item && item.type === 'incident')) return 'pagerduty-rest'
    return undefined
  }
  if (typeof first !== 'object' || first === null) return undefined
  const o = first as Record<string, unknown>
  if (Array.isArray(o.issues)) return 'jira-search'
  if (Array.isArray(o.incidents) || Array.isArray(o.log_entries)) return 'pagerduty-rest'
  if (Array.isArray(o.data)) return 'pagerduty-raw'
  return undefined
}

const SHOWN: Record<SourceFormat, string> = {
  'pagerduty-csv': 'a PagerDuty export', 'pagerduty-rest-csv': 'a PagerDuty export', 'pagerduty-raw': 'a PagerDuty export', 'pagerduty-rest': 'a PagerDuty export',
  'jira-csv': 'a Jira export', 'jira-search': 'a Jira export',
}

/** "this looks like a Jira export: add --from jira", for a file given without --from. */
export function lookLikeMessage(format: SourceFormat): string {
  return `this looks like ${SHOWN[format]}: add --from ${SOURCE_OF[format]}`
}

/**
 * The source export a text's start looks like (`head`: the first few kilobytes), for a file
 * imported without --from; undefined when it looks like none (toil's own export, or another tool's).
 */
export function sniffSourceFormat(head: string): SourceFormat | undefined {
  const body = head.replace(/^\uFEFF/, '')
  if (isJson(body)) {
    // The first key names usually come early: look at the keys of the first document's start.
    const keys = new Set([...body.slice(0, 4096).matchAll(/"([A-Za-z_]+)"\s*:/g)].map((m) => m[1]!))
    if (keys.has('type') && /"type"\s*:\s*"(team|task|entry)"/.test(body.slice(0, 4096))) return undefined
    if (keys.has('issues') || (keys.has('fields') && keys.has('key'))) return 'jira-search'
    if (keys.has('incidents') || keys.has('log_entries')) return 'pagerduty-rest'
    if (keys.has('seconds_to_resolve') || keys.has('acknowledged_user_names') || (keys.has('data') && keys.has('incident_number'))) return 'pagerduty-raw'
    return undefined
  }
  return csvFormat(headerCells(firstLine(body)))
}
