/**
 * Jira's issue CSV export ("all fields" or "current fields"), Cloud and Server/DC alike:
 * one row an issue, Labels, Components (Server/DC: Component/s) and Log Work repeated. Pure.
 */
import {ToilError} from '../errors.js'
import {IssueRecords, type ToilTerm, type Worklog} from './jira-issue.js'
import {type CsvRow, type ParsedSource, type RowReader, badField, cell, cells, readCsvText, readHeader, requireColumns, seconds} from './source.js'
import {isForeignJiraHeader} from './sniff.js'

/** Columns of Jira's issue CSV export that the import needs; Labels, Components and Log Work are read when present. */
export const JIRA_CSV_REQUIRED = ['Summary', 'Issue key', 'Issue Type', 'Assignee', 'Resolved', 'Time Spent'] as const

export const NOT_ENGLISH = "line 1: the headers are not in English; export with Jira's language set to English (Profile → Language), then import it again"

/** Jira's time-tracking text (`1w 2d 3h 30m`, 1d = 8h, 1w = 5d) or a number of seconds, as the CSV export writes it. */
function timeSpent(value: string, line: number, field: string): number | null {
  if (/^\s*(\d+[wdhm]\s*)+$/i.test(value)) {
    const unit: Record<string, number> = {w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60}
    return [...value.matchAll(/(\d+)([wdhm])/gi)].reduce((sum, m) => sum + Number(m[1]) * unit[m[2]!.toLowerCase()]!, 0)
  }
  return seconds(value, line, field)
}

interface LogWork {
  comment: string
  started: string
  author: string
  seconds: number
}

/** A `Log Work` cell: `comment;started;author;seconds` (the comment may itself hold semicolons). */
function logWork(text: string, line: number): LogWork {
  const parts = text.split(';')
  if (parts.length < 4) throw badField(line, 'Log Work', text, 'is not a worklog; Jira writes comment;started;author;seconds')
  const value = seconds(parts.at(-1)!.trim(), line, 'Log Work seconds')
  if (value === null) throw badField(line, 'Log Work', text, 'has no seconds; Jira writes comment;started;author;seconds')
  return {comment: parts.slice(0, -3).join(';').trim(), started: parts.at(-3)!.trim(), author: parts.at(-2)!.trim(), seconds: value}
}

/**
 * The worklogs of one issue, each keyed by what identifies it (the CSV has no worklog ids):
 * who and when; where one person has several worklogs started the same minute, also their
 * seconds and comment. The order of the cells never changes a key. Each also names its key
 * in the other case (its alias), so a worklog whose neighbour at that minute was removed
 * upstream, or given one, is still the record stored before.
 */
export function keyedWorklogs(issueKey: string, logs: readonly LogWork[], line: number): Worklog[] {
  const bases = logs.map((w) => `jira:${issueKey}:worklog:${w.started.replaceAll(/\s+/g, '_')}:${w.author.replaceAll(/\s+/g, '_')}`)
  const count = new Map<string, number>()
  for (const base of bases) count.set(base, (count.get(base) ?? 0) + 1)
  const seen = new Map<string, number>()
  return logs.map((w, i) => {
    const alone = bases[i]!
    let among = `${alone}:${w.seconds}s:${fnv1a(w.comment)}`
    if (count.get(alone)! === 1) return {key: alone, alias: among, author: w.author, started: w.started, seconds: w.seconds, line}
    // The very same worklog twice: either copy may take either key.
    const n = (seen.get(among) ?? 0) + 1
    seen.set(among, n)
    if (n > 1) among += `#${n}`
    return {key: among, alias: alone, author: w.author, started: w.started, seconds: w.seconds, line}
  })
}

/** FNV-1a of a text's UTF-16 code units, as 8 hex digits: a comment's short fingerprint in a key. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** Account ids the export pairs with names: `Assignee` and `Assignee Id`, and so for Reporter and Creator (Jira Cloud). */
function namesOf(row: CsvRow, get: (row: CsvRow, name: string) => string, names: Map<string, string>): void {
  for (const who of ['Assignee', 'Reporter', 'Creator']) {
    const id = get(row, `${who} Id`)
    const name = get(row, who)
    if (id !== '' && name !== '' && id !== name) names.set(id, name)
  }
}

/** A reader of Jira's issue CSV with this header: refuses a header in another language, or one without the columns toil needs. */
export function jiraCsvReader(headerCells: readonly string[], rule: readonly ToilTerm[]): RowReader {
  const header = readHeader(headerCells)
  if (isForeignJiraHeader([...header.keys()])) throw new ToilError('invalid-input', NOT_ENGLISH)
  requireColumns(header, JIRA_CSV_REQUIRED, "Jira's issue CSV export")
  const get = (row: CsvRow, name: string) => cell(row, header, name)
  const names = new Map<string, string>()
  const issues = new IssueRecords(rule, 'Jira issue CSV', names)
  return {
    row(rowCells, line) {
      const row = {cells: rowCells, line}
      const key = get(row, 'Issue key')
      if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(key)) throw badField(line, 'Issue key', key, 'is not an issue key such as OPS-42')
      namesOf(row, get, names)
      issues.add({
        line,
        key,
        id: get(row, 'Issue id'),
        parent: get(row, 'Parent id') || get(row, 'Parent'),
        summary: get(row, 'Summary'),
        type: get(row, 'Issue Type'),
        labels: cells(row, header, 'Labels'),
        // Server/DC names the column Component/s.
        components: [...cells(row, header, 'Components'), ...cells(row, header, 'Component/s')],
        assignee: get(row, 'Assignee'),
        resolved: get(row, 'Resolved'),
        timeSpent: timeSpent(get(row, 'Time Spent'), line, 'Time Spent'),
        worklogs: keyedWorklogs(key, cells(row, header, 'Log Work').map((w) => logWork(w, line)), line),
        worklogsMissing: 0,
        project: get(row, 'Project key') || key.replace(/-\d+$/, ''),
      })
    },
    finish: () => issues.finish(),
  }
}

export const JIRA_CSV_EMPTY = "the file is empty; expected Jira's issue CSV export with a header line"

export function parseJiraCsv(text: string, rule: readonly ToilTerm[]): ParsedSource {
  return readCsvText(text, (header) => jiraCsvReader(header, rule), JIRA_CSV_EMPTY)
}
