/**
 * Jira tickets (SPEC §10): the issue CSV export and the issue search JSON, read into records of
 * hands-on time: each worklog, else Time Spent on the day the issue was resolved (never
 * Σ Time Spent, which adds the sub-tasks' time to their parent's). Pure.
 */
import {ToilError, inputError} from '../errors.js'
import type {Category} from '../types.js'
import {
  type CsvRow, type ParsedSource, type Skip, type SourceRecord, TIMESTAMP_ACCEPTED, MAX_MINUTES, asObject, badField, cell, cells, csvRows,
  dayOfTimestamp, jsonValues, lineFinder, minutesOf, readHeader, requireColumns, seconds, showMinutes, titleForNote,
} from './source.js'

/** Columns of Jira's issue CSV export that the import needs; Labels, Components and Log Work are read when present. */
export const JIRA_CSV_REQUIRED = ['Summary', 'Issue key', 'Issue Type', 'Assignee', 'Resolved', 'Time Spent'] as const

/** One term of the toil rule: an issue is toil when any term matches (case-insensitive). */
export type ToilTerm = {field: 'label' | 'type' | 'component'; value: string} | {field: 'all'}

/** `labels = toil OR issuetype in (Toil, Interrupt)`. */
export const DEFAULT_TOIL_RULE: readonly ToilTerm[] = [
  {field: 'label', value: 'toil'},
  {field: 'type', value: 'Toil'},
  {field: 'type', value: 'Interrupt'},
]

const RULE_ACCEPTED = 'is not a toil rule; use label:NAME, type:NAME or component:NAME (several joined by commas, any one matching), or all'

/** `--toil-rule label:toil,type:Interrupt` (the flag may be repeated): terms joined by OR. */
export function parseToilRule(inputs: readonly string[]): ToilTerm[] {
  const terms: ToilTerm[] = []
  for (const input of inputs) {
    for (const part of input.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      if (part.toLowerCase() === 'all') {
        terms.push({field: 'all'})
        continue
      }
      const match = /^(label|labels|type|issuetype|component|components)\s*[:=]\s*(.+)$/i.exec(part)
      if (!match) throw inputError('toil-rule', part, RULE_ACCEPTED)
      const word = match[1]!.toLowerCase()
      const field = word.startsWith('label') ? 'label' : word.startsWith('comp') ? 'component' : 'type'
      terms.push({field, value: match[2]!.trim()})
    }
  }
  if (terms.length === 0) throw inputError('toil-rule', inputs.join(' '), RULE_ACCEPTED)
  return terms
}

export function showToilRule(rule: readonly ToilTerm[]): string {
  return rule.map((t) => (t.field === 'all' ? 'all' : `${t.field}:${t.value}`)).join(', ')
}

/** One worklog: who, when, how long. */
interface Worklog {
  key: string
  author: string
  started: string
  seconds: number
  line: number
}

/** The fields of one issue, as either format gives them. */
interface Issue {
  line: number
  key: string
  id: string
  parent: string
  summary: string
  type: string
  labels: string[]
  components: string[]
  assignee: string
  resolved: string
  timeSpent: number | null
  worklogs: Worklog[]
  /** Worklogs Jira has that the file does not (search returns at most 20 per issue). */
  worklogsMissing: number
  project: string
}

function matches(issue: Issue, rule: readonly ToilTerm[]): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  return rule.some((t) =>
    t.field === 'all' ||
    (t.field === 'label' && issue.labels.some((l) => same(l, t.value))) ||
    (t.field === 'type' && same(issue.type, t.value)) ||
    (t.field === 'component' && issue.components.some((c) => same(c, t.value))))
}

/** The records of the issues; a sub-task is toil when it or its parent (in the same file) is. */
function toRecords(issues: Issue[], rule: readonly ToilTerm[], format: string): ParsedSource {
  const toil = new Map<string, boolean>()
  for (const issue of issues) {
    const is = matches(issue, rule)
    toil.set(issue.key.toLowerCase(), is)
    if (issue.id !== '') toil.set(issue.id.toLowerCase(), is)
  }
  const records: SourceRecord[] = []
  const skipped: Skip[] = []
  for (const issue of issues) {
    const issueKey = `jira:${issue.key}`
    if (!toil.get(issue.key.toLowerCase()) && !(issue.parent !== '' && toil.get(issue.parent.toLowerCase()))) {
      skipped.push({key: issueKey, line: issue.line, reason: `not toil by the rule (${showToilRule(rule)})`})
      continue
    }
    if (issue.worklogsMissing > 0) {
      skipped.push({key: issueKey, line: issue.line, reason: `${issue.worklogsMissing} of its ${issue.worklogsMissing + issue.worklogs.length} worklogs are not in the file, only the others are imported (Jira's search returns 20 an issue; see docs/import.md)`})
    }
    const base = {
      title: issue.summary,
      service: null,
      labels: issue.labels,
      components: issue.components,
      teamNames: [...issue.components, issue.project].filter((n) => n !== ''),
      sourceTeam: null,
      tags: ['jira', 'ticket'],
      category: (issue.type.toLowerCase() === 'interrupt' ? 'interrupt' : 'other') as Category,
    }
    const about = `Jira ${issue.key}: ${titleForNote(issue.summary)}`
    if (issue.worklogs.length > 0) {
      for (const w of issue.worklogs) {
        const day = dayOfTimestamp(w.started)
        if (day === undefined) throw badField(w.line, 'worklog started', w.started, TIMESTAMP_ACCEPTED)
        if (w.seconds <= 0) {
          skipped.push({key: w.key, line: w.line, reason: 'a worklog of no time'})
          continue
        }
        const minutes = minutesOf(w.seconds)
        if (minutes > MAX_MINUTES) {
          skipped.push({key: w.key, line: w.line, reason: `a worklog of ${showMinutes(minutes)}, more than 24 h in one day (log it by hand, day by day)`})
          continue
        }
        if (w.author === '') throw badField(w.line, 'worklog author', w.author, 'is empty; every worklog has an author')
        records.push({...base, sourceKey: w.key, line: w.line, engineer: w.author, day, minutes, note: `${about} (hands-on time: worklog)`})
      }
      continue
    }
    if (issue.timeSpent === null || issue.timeSpent === 0) {
      skipped.push({key: issueKey, line: issue.line, reason: 'no worklog and no time spent'})
      continue
    }
    if (issue.resolved === '') {
      skipped.push({key: issueKey, line: issue.line, reason: 'time spent but no worklog, and not resolved yet (import it again once it is)'})
      continue
    }
    const day = dayOfTimestamp(issue.resolved)
    if (day === undefined) throw badField(issue.line, 'Resolved', issue.resolved, TIMESTAMP_ACCEPTED)
    if (issue.assignee === '') {
      skipped.push({key: issueKey, line: issue.line, reason: 'time spent but no worklog, and nobody assigned'})
      continue
    }
    const minutes = minutesOf(issue.timeSpent)
    if (minutes > MAX_MINUTES) {
      skipped.push({key: issueKey, line: issue.line, reason: `time spent of ${showMinutes(minutes)} with no worklog, more than 24 h in one day (log it by hand, day by day)`})
      continue
    }
    records.push({...base, sourceKey: `jira:${issue.key}:timespent`, line: issue.line, engineer: issue.assignee, day, minutes, note: `${about} (hands-on time: Time Spent, on the day it was resolved)`})
  }
  return {format, records, skipped}
}

/** Jira's time-tracking text (`1w 2d 3h 30m`, 1d = 8h, 1w = 5d) or a number of seconds, as the CSV export writes it. */
function timeSpent(value: string, line: number, field: string): number | null {
  if (/^\s*(\d+[wdhm]\s*)+$/i.test(value)) {
    const unit: Record<string, number> = {w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60}
    return [...value.matchAll(/(\d+)([wdhm])/gi)].reduce((sum, m) => sum + Number(m[1]) * unit[m[2]!.toLowerCase()]!, 0)
  }
  return seconds(value, line, field)
}

/** A `Log Work` cell: `comment;started;author;seconds` (the comment may itself hold semicolons). */
function logWork(text: string, issueKey: string, line: number, seen: Map<string, number>): Worklog {
  const parts = text.split(';')
  if (parts.length < 4) throw badField(line, 'Log Work', text, 'is not a worklog; Jira writes comment;started;author;seconds')
  const secs = parts.at(-1)!.trim()
  const author = parts.at(-2)!.trim()
  const started = parts.at(-3)!.trim()
  const value = seconds(secs, line, 'Log Work seconds')
  if (value === null) throw badField(line, 'Log Work', text, 'has no seconds; Jira writes comment;started;author;seconds')
  // The CSV has no worklog ids: who and when name one.
  const base = `jira:${issueKey}:worklog:${started.replaceAll(/\s+/g, '_')}:${author.replaceAll(/\s+/g, '_')}`
  const n = (seen.get(base) ?? 0) + 1
  seen.set(base, n)
  return {key: n === 1 ? base : `${base}#${n}`, author, started, seconds: value, line}
}

function fromCsv(text: string, rule: readonly ToilTerm[]): ParsedSource {
  const rows = csvRows(text)
  if (rows.length === 0) throw new ToilError('invalid-input', "the file is empty; expected Jira's issue CSV export with a header line")
  const header = readHeader(rows[0]!.cells)
  requireColumns(header, JIRA_CSV_REQUIRED, "Jira's issue CSV export")
  const get = (row: CsvRow, name: string) => cell(row, header, name)
  const issues: Issue[] = rows.slice(1).map((row) => {
    const key = get(row, 'Issue key')
    if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(key)) throw badField(row.line, 'Issue key', key, 'is not an issue key such as OPS-42')
    const seen = new Map<string, number>()
    return {
      line: row.line,
      key,
      id: get(row, 'Issue id'),
      parent: get(row, 'Parent id') || get(row, 'Parent'),
      summary: get(row, 'Summary'),
      type: get(row, 'Issue Type'),
      labels: cells(row, header, 'Labels'),
      components: cells(row, header, 'Components'),
      assignee: get(row, 'Assignee'),
      resolved: get(row, 'Resolved'),
      timeSpent: timeSpent(get(row, 'Time Spent'), row.line, 'Time Spent'),
      worklogs: cells(row, header, 'Log Work').map((w) => logWork(w, key, row.line, seen)),
      worklogsMissing: 0,
      project: get(row, 'Project key') || key.replace(/-\d+$/, ''),
    }
  })
  return toRecords(issues, rule, 'Jira issue CSV')
}

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim())
const nameOf = (value: unknown) => str(asObject(value)?.displayName ?? asObject(value)?.name ?? (typeof value === 'string' ? value : ''))

function fromJson(text: string, rule: readonly ToilTerm[]): ParsedSource {
  const lineOfKey = lineFinder(text, 'key')
  const lineOfWorklog = lineFinder(text, 'id')
  const issues: Issue[] = []
  for (const {value, line: documentLine} of jsonValues(text)) {
    const list = asObject(value)?.issues
    if (!Array.isArray(list)) {
      throw new ToilError('invalid-input', `line ${documentLine}: this is not Jira's issue search JSON: expected the response of /rest/api/3/search (an object with an "issues" list; see docs/import.md)`)
    }
    for (const item of list) {
      const json = asObject(item) ?? {}
      const key = str(json.key)
      const line = key === '' ? documentLine : lineOfKey(key, documentLine)
      if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(key)) throw badField(line, 'key', json.key ?? null, 'is not an issue key such as OPS-42')
      const fields = asObject(json.fields)
      if (!fields) throw badField(line, 'fields', json.fields ?? null, 'is missing; search with fields=summary,issuetype,labels,components,status,worklog')
      const worklog = asObject(fields.worklog)
      const logs = Array.isArray(worklog?.worklogs) ? worklog.worklogs : []
      const worklogs = logs.map((w): Worklog => {
        const entry = asObject(w) ?? {}
        const id = str(entry.id)
        const at = id === '' ? line : lineOfWorklog(id, line)
        if (id === '') throw badField(at, 'worklog id', entry.id ?? null, 'is missing')
        const secs = seconds(entry.timeSpentSeconds, at, 'timeSpentSeconds')
        if (secs === null) throw badField(at, 'timeSpentSeconds', entry.timeSpentSeconds ?? null, 'is missing')
        return {key: `jira:${key}:worklog:${id}`, author: nameOf(entry.author), started: str(entry.started), seconds: secs, line: at}
      })
      const total = typeof worklog?.total === 'number' ? worklog.total : worklogs.length
      const labels = Array.isArray(fields.labels) ? fields.labels.map(str).filter((l) => l !== '') : []
      const components = Array.isArray(fields.components) ? fields.components.map((c) => str(asObject(c)?.name ?? c)).filter((c) => c !== '') : []
      issues.push({
        line,
        key,
        id: str(json.id),
        parent: str(asObject(fields.parent)?.key),
        summary: str(fields.summary),
        type: str(asObject(fields.issuetype)?.name),
        labels,
        components,
        assignee: nameOf(fields.assignee),
        resolved: str(fields.resolutiondate),
        timeSpent: seconds(fields.timespent, line, 'timespent'),
        worklogs,
        worklogsMissing: Math.max(0, total - worklogs.length),
        project: str(asObject(fields.project)?.key) || key.replace(/-\d+$/, ''),
      })
    }
  }
  return toRecords(issues, rule, 'Jira issue search JSON')
}

/** Reads a Jira export: JSON when its first character opens a JSON value, else CSV. */
export function parseJira(text: string, rule: readonly ToilTerm[] = DEFAULT_TOIL_RULE): ParsedSource {
  return /^\uFEFF?\s*[[{]/.test(text) ? fromJson(text, rule) : fromCsv(text, rule)
}
