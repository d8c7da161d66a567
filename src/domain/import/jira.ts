/**
 * Jira tickets (SPEC §10): the issue CSV export (jira-csv.ts) or the issue search JSON
 * (jira-search.ts), told apart by sniff.ts, read into records by jira-issue.ts. Pure.
 */
import {parseJiraCsv} from './jira-csv.js'
import {DEFAULT_TOIL_RULE, type ToilTerm} from './jira-issue.js'
import {parseJiraSearch} from './jira-search.js'
import type {ParsedSource} from './source.js'
import {isJson} from './sniff.js'

export {DEFAULT_TOIL_RULE, type ToilTerm, parseToilRule, showToilRule} from './jira-issue.js'
export {JIRA_CSV_EMPTY, JIRA_CSV_REQUIRED, jiraCsvReader} from './jira-csv.js'

/** Reads a Jira export: JSON when its first character opens a JSON value, else CSV. */
export function parseJira(text: string, rule: readonly ToilTerm[] = DEFAULT_TOIL_RULE): ParsedSource {
  return isJson(text) ? parseJiraSearch(text, rule) : parseJiraCsv(text, rule)
}
