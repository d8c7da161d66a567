/**
 * Jira issues (SPEC §10), whichever export they come from: the toil rule, and an issue read
 * into records of hands-on time: each worklog, else Time Spent on the day the issue was
 * resolved (never Σ Time Spent, which adds the sub-tasks' time to their parent's). Pure.
 */
import {inputError} from '../errors.js'
import type {Day} from '../calendar.js'
import type {Category} from '../types.js'

/** The tags of every record of a ticket (shared: never changed). */
const JIRA_TAGS: string[] = ['jira', 'ticket']
import {
  type Covered, type ParsedSource, type Skip, type SourceRecord, TIMESTAMP_ACCEPTED, MAX_MINUTES, badField,
  dayOfTimestamp, minutesOf, showMinutes, titleForNote,
} from './source.js'

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
export interface Worklog {
  key: string
  author: string
  started: string
  seconds: number
  line: number
  /** The key it would have alone at its minute, or among others there (CSV worklogs). */
  alias?: string
}

/** The fields of one issue, as either format gives them. */
export interface Issue {
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

/**
 * The records of issues given one at a time (a CSV is streamed): each worklog, else Time
 * Spent on the day the issue was resolved. A sub-task is toil when it or its parent (in the
 * same file) is; one whose parent comes later in the file waits for the end.
 */
export class IssueRecords {
  private readonly toil = new Map<string, boolean>()
  private readonly pending: Issue[] = []
  private readonly records: SourceRecord[] = []
  private readonly skipped: Skip[] = []
  private readonly covered: Covered[] = []

  constructor(private readonly rule: readonly ToilTerm[], private readonly format: string, private readonly names: Map<string, string> = new Map()) {}

  add(issue: Issue): void {
    const is = matches(issue, this.rule)
    this.toil.set(issue.key.toLowerCase(), is)
    if (issue.id !== '') this.toil.set(issue.id.toLowerCase(), is)
    const parent = issue.parent === '' ? false : this.toil.get(issue.parent.toLowerCase())
    if (is || parent === true) this.emit(issue)
    else if (parent === undefined) this.pending.push(issue)
    else this.notToil(issue)
  }

  finish(): ParsedSource {
    for (const issue of this.pending) {
      if (this.toil.get(issue.parent.toLowerCase()) === true) this.emit(issue)
      else this.notToil(issue)
    }
    return {format: this.format, records: this.records, skipped: this.skipped, names: this.names, covered: this.covered}
  }

  private notToil(issue: Issue): void {
    this.skipped.push({key: `jira:${issue.key}`, line: issue.line, reason: `not toil by the rule (${showToilRule(this.rule)})`})
  }

  private emit(issue: Issue): void {
    const {records, skipped, covered} = this
    const issueKey = `jira:${issue.key}`
    if (issue.worklogsMissing > 0) {
      skipped.push({key: issueKey, line: issue.line, reason: `${issue.worklogsMissing} of its ${issue.worklogsMissing + issue.worklogs.length} worklogs are not in the file, only the others are imported (Jira's search returns 20 an issue; see docs/import.md)`})
    }
    const teamNames = [...issue.components, issue.project].filter((n) => n !== '')
    const category: Category = issue.type.toLowerCase() === 'interrupt' ? 'interrupt' : 'other'
    // Every record built with the same fields in the same order: one object shape for all of them.
    const record = (sourceKey: string, alias: string | undefined, line: number, engineer: string, day: Day, minutes: number, note: string): SourceRecord => ({
      sourceKey, line, title: issue.summary, service: null, labels: issue.labels, components: issue.components, teamNames, sourceTeam: null,
      engineer, day, minutes, tags: JIRA_TAGS, note, category, alias,
    })
    const about = `Jira ${issue.key}: ${titleForNote(issue.summary)}`
    if (issue.worklogs.length > 0) {
      const cover: Covered = {prefix: `${issueKey}:`, via: 'worklogs', complete: issue.worklogsMissing === 0, keys: []}
      covered.push(cover)
      for (const w of issue.worklogs) {
        cover.keys.push(w.key)
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
        records.push(record(w.key, w.alias, w.line, w.author, day, minutes, `${about} (hands-on time: worklog)`))
      }
      return
    }
    if (issue.timeSpent === null || issue.timeSpent === 0) {
      skipped.push({key: issueKey, line: issue.line, reason: 'no worklog and no time spent'})
      return
    }
    if (issue.resolved === '') {
      skipped.push({key: issueKey, line: issue.line, reason: 'time spent but no worklog, and not resolved yet (import it again once it is)'})
      return
    }
    const day = dayOfTimestamp(issue.resolved)
    if (day === undefined) throw badField(issue.line, 'Resolved', issue.resolved, TIMESTAMP_ACCEPTED)
    if (issue.assignee === '') {
      skipped.push({key: issueKey, line: issue.line, reason: 'time spent but no worklog, and nobody assigned'})
      return
    }
    const minutes = minutesOf(issue.timeSpent)
    if (minutes > MAX_MINUTES) {
      skipped.push({key: issueKey, line: issue.line, reason: `time spent of ${showMinutes(minutes)} with no worklog, more than 24 h in one day (log it by hand, day by day)`})
      return
    }
    covered.push({prefix: `${issueKey}:`, via: 'timespent', complete: true, keys: [`${issueKey}:timespent`]})
    records.push(record(`jira:${issue.key}:timespent`, undefined, issue.line, issue.assignee, day, minutes, `${about} (hands-on time: Time Spent, on the day it was resolved)`))
  }
}

/** The records of the issues (see IssueRecords). */
export function toRecords(issues: Issue[], rule: readonly ToilTerm[], format: string, names: Map<string, string> = new Map()): ParsedSource {
  const builder = new IssueRecords(rule, format, names)
  for (const issue of issues) builder.add(issue)
  return builder.finish()
}

