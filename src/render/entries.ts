import {roundHours} from '../domain/duration.js'
import {type Entry, entryHours} from '../domain/types.js'
import type {TaskTotals} from '../domain/types.js'
import {renderTable} from './table.js'
import {shortId} from '../domain/uuid.js'
import {engineerOf, hours, occurrence} from './text.js'

/** An entry as `--json` prints it (SPEC §7): hours as a number. */
export interface EntryJson {
  id: string
  task: string
  engineer: string
  team: string
  day: string
  minutes: number
  count: number
  hours: number
  tags: string[]
  note: string
  createdAt: string
  /** Who logged it, when that was recorded (not for imported entries). */
  loggedBy?: string
}

export function entryJson(e: Entry): EntryJson {
  return {
    id: e.id,
    task: e.task,
    engineer: e.engineer,
    team: e.team,
    day: e.day,
    minutes: e.minutes,
    count: e.count,
    hours: roundHours(entryHours(e)),
    tags: e.tags,
    note: e.note,
    createdAt: e.createdAt,
    ...(e.loggedBy === undefined ? {} : {loggedBy: e.loggedBy}),
  }
}

/** A note on one line: a table row stays a row (a terminal cuts it to fit; a pipe gets it whole). */
export function noteLine(note: string): string {
  return note.replaceAll(/\s+/g, ' ').trim()
}

export function entriesTable(entries: readonly Entry[]): string {
  return renderTable(
    ['ID', 'Day', 'Task', 'Team', 'Engineer', 'Occurrences', 'Hours', 'Tags', 'Note'],
    entries.map((e) => [shortId(e.id), e.day, e.task, e.team, engineerOf(e), occurrence(e), roundHours(entryHours(e)), e.tags.join(', '), noteLine(e.note)]),
    ['left', 'left', 'left', 'left', 'left', 'right', 'right'],
    // Hours follow from Occurrences; a narrow terminal keeps the rest.
    {optional: ['Hours', 'Tags', 'Team']},
  )
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function totalsLine(t: Pick<TaskTotals, 'entries' | 'occurrences' | 'hours'>): string {
  return `Total: ${plural(t.entries, 'entry', 'entries')}, ${plural(t.occurrences, 'occurrence')}, ${hours(t.hours)}`
}

/** What `toil entries` prints: the heading naming the filters, the table, and the totals. */
export function entriesView(entries: readonly Entry[], totals: TaskTotals, filter: {period?: {from: string; to: string}; team?: string; task?: string; engineer?: string; tag?: string}): string {
  const scope = [
    filter.team === undefined ? '' : `team ${filter.team}`,
    filter.task === undefined ? '' : `task ${JSON.stringify(filter.task)}`,
    filter.engineer === undefined ? '' : `engineer ${filter.engineer}`,
    filter.tag === undefined ? '' : `tag ${filter.tag}`,
  ].filter((s) => s !== '')
  const of = scope.length > 0 ? ` (${scope.join(', ')})` : ''
  const out: string[] = []
  if (filter.period) out.push(`Entries from ${filter.period.from} to ${filter.period.to}${of}, newest first`)
  else if (totals.entries > 0) out.push(`All entries${of}, ${totals.firstDay} to ${totals.lastDay}, newest first`)
  if (totals.entries === 0) {
    out.push(filter.period || scope.length > 0 ? 'No entries match.' : 'No entries yet: toil log records one.')
  } else {
    out.push(entriesTable(entries))
    if (entries.length < totals.entries) out.push(`Showing the newest ${entries.length} of ${plural(totals.entries, 'entry', 'entries')}; --limit 0 lists all.`)
    out.push(totalsLine(totals))
  }
  return out.join('\n')
}
