/**
 * Jira's issue search JSON: responses of /rest/api/3/search (or /2/search, Server/DC) and
 * pages of /rest/api/3/search/jql (`isLast`, `nextPageToken`), saved one after another.
 * `fields.worklog` is the usual `{total, worklogs: […]}` or, as in Atlassian's own example,
 * a bare list of worklogs. Pure.
 */
import {ToilError} from '../errors.js'
import {type Issue, type ToilTerm, type Worklog, toRecords} from './jira-issue.js'
import {type ParsedSource, asObject, badField, jsonValues, lineFinder, seconds} from './source.js'

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim())

/** A user's name: the display name, else the Server/DC user name, else (Cloud, without a name) the account id. */
function userOf(value: unknown, names: Map<string, string>): string {
  if (typeof value === 'string') return value.trim()
  const user = asObject(value)
  if (!user) return ''
  const name = str(user.displayName ?? user.name)
  const id = str(user.accountId)
  if (id !== '' && name !== '') names.set(id, name)
  return name || id
}

export function parseJiraSearch(text: string, rule: readonly ToilTerm[]): ParsedSource {
  const lineOfKey = lineFinder(text, 'key')
  const lineOfWorklog = lineFinder(text, 'id')
  const names = new Map<string, string>()
  const issues: Issue[] = []
  for (const {value, line: documentLine} of jsonValues(text)) {
    const list = asObject(value)?.issues
    if (!Array.isArray(list)) {
      throw new ToilError('invalid-input', `line ${documentLine}: this is not Jira's issue search JSON: expected the response of /rest/api/3/search or /search/jql (an object with an "issues" list; see docs/import.md)`)
    }
    for (const item of list) {
      const json = asObject(item) ?? {}
      const key = str(json.key)
      const line = key === '' ? documentLine : lineOfKey(key, documentLine)
      if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(key)) throw badField(line, 'key', json.key ?? null, 'is not an issue key such as OPS-42')
      const fields = asObject(json.fields)
      if (!fields) throw badField(line, 'fields', json.fields ?? null, 'is missing; search with fields=summary,issuetype,labels,components,status,worklog')
      const worklog = asObject(fields.worklog)
      const logs = Array.isArray(fields.worklog) ? fields.worklog : Array.isArray(worklog?.worklogs) ? worklog.worklogs : []
      const worklogs = logs.map((w): Worklog => {
        const entry = asObject(w) ?? {}
        const id = str(entry.id)
        const at = id === '' ? line : lineOfWorklog(id, line)
        if (id === '') throw badField(at, 'worklog id', entry.id ?? null, 'is missing')
        const secs = seconds(entry.timeSpentSeconds, at, 'timeSpentSeconds')
        if (secs === null) throw badField(at, 'timeSpentSeconds', entry.timeSpentSeconds ?? null, 'is missing')
        return {key: `jira:${key}:worklog:${id}`, author: userOf(entry.author, names), started: str(entry.started), seconds: secs, line: at}
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
        assignee: userOf(fields.assignee, names),
        resolved: str(fields.resolutiondate),
        timeSpent: seconds(fields.timespent, line, 'timespent'),
        worklogs,
        worklogsMissing: Math.max(0, total - worklogs.length),
        project: str(asObject(fields.project)?.key) || key.replace(/-\d+$/, ''),
      })
    }
  }
  return toRecords(issues, rule, 'Jira issue search JSON', names)
}
