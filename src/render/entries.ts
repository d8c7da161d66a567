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

/** A note on one line, cut to `width` characters. */
export function shortNote(note: string, width = 40): string {
  const line = note.replaceAll(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length > width ? `${chars.slice(0, width - 1).join('').trimEnd()}…` : line
}

export function entriesTable(entries: readonly Entry[]): string {
  return renderTable(
    ['ID', 'Day', 'Task', 'Team', 'Engineer', 'Occurrences', 'Hours', 'Tags', 'Note'],
    entries.map((e) => [shortId(e.id), e.day, e.task, e.team, engineerOf(e), occurrence(e), roundHours(entryHours(e)), e.tags.join(', '), shortNote(e.note)]),
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
