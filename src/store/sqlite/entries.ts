/** Entries on SQLite: logging, listing, finding, editing, removing, undoing. */
import {randomFillSync} from 'node:crypto'

import {ToilError} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import type {Entry} from '../../domain/types.js'
import {SHORT_ID_LENGTH, uuidv7} from '../../domain/uuid.js'
import {type EntryRow, now, onlyMatch, toEntry} from '../rows.js'
import type {EntryFilter, EntryPatch, NewEntry, NewTask, TaskTotals} from '../store.js'
import type {SqliteStore} from './store.js'
import {EXACT_FIRST, TASK_NAMED, insertTask, named, taskId} from './tasks.js'

export const ENTRY_SELECT = `SELECT e.id, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.count, e.tags, e.note, e.created_at, e.source_key, e.logged_by
  FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id`

/** Inserts an entry unless its id is present; returns its seq, or undefined when the id was there already. */
export function insertEntry(s: SqliteStore, task: number, e: NewEntry & {id: string; createdAt: string}): number | undefined {
  const result = s.stmt(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at, logged_by, source_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
    .run(e.id, task, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt, e.loggedBy ?? null, e.sourceKey ?? null)
  return result.changes > 0 ? Number(result.lastInsertRowid) : undefined
}

export async function addEntry(s: SqliteStore, entry: NewEntry, createTask?: NewTask): Promise<{entry: Entry; taskCreated: boolean}> {
  // Time-ordered ids (UUIDv7) keep the id index append-mostly: imports and logs stay fast as history grows.
  const full = {...entry, id: entry.id ?? uuidv7(Date.now(), randomFillSync(new Uint8Array(16))), createdAt: entry.createdAt ?? now()}
  // Decided inside the write lock: of processes racing to log a new task, one creates it.
  const taskCreated = s.write(() => {
    let id = taskId(s, entry.team, entry.task)
    const missing = id === undefined
    if (id === undefined) {
      if (!createTask) throw new ToilError('not-found', `task: ${JSON.stringify(entry.task)} does not exist in team ${entry.team}`)
      id = insertTask(s, createTask)
    }
    insertEntry(s, id, full)
    return missing
  })
  return {entry: (await findEntry(s, full.id))!, taskCreated}
}

function entryWhere(f: EntryFilter): {sql: string; params: unknown[]} {
  const clauses: string[] = []
  const params: unknown[] = []
  const add = (sql: string, value: unknown) => {
    clauses.push(sql)
    params.push(value)
  }
  if (f.from) add(`e.day >= ?`, f.from)
  if (f.to) add(`e.day <= ?`, f.to)
  if (f.team) add(`tm.name = ?`, f.team)
  if (f.task) {
    clauses.push(`(t.name_key = ? OR t.name = ?)`)
    params.push(nameKey(f.task), f.task)
  }
  if (f.engineer) add(`e.engineer = ?`, f.engineer)
  if (f.tag) add(`EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)`, f.tag)
  return {sql: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params}
}

export async function listEntries(s: SqliteStore, filter: EntryFilter): Promise<Entry[]> {
  const {sql, params} = entryWhere(filter)
  const limit = filter.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`
  const rows = s.db.prepare(`${ENTRY_SELECT}${sql} ORDER BY e.day DESC, e.seq DESC${limit}`).all(...params) as EntryRow[]
  return rows.map(toEntry)
}

export async function countEntries(s: SqliteStore, filter: EntryFilter = {}): Promise<number> {
  const {sql, params} = entryWhere(filter)
  return (s.db.prepare(`SELECT count(*) AS n FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id${sql}`).get(...params) as {n: number}).n
}

export async function entryTotals(s: SqliteStore, filter: EntryFilter = {}): Promise<TaskTotals> {
  const {sql, params} = entryWhere(filter)
  return s.db.prepare(`SELECT count(*) AS entries, coalesce(sum(e.count), 0) AS occurrences, coalesce(sum(e.minutes * e.count), 0) / 60.0 AS hours,
        min(e.day) AS firstDay, max(e.day) AS lastDay
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id${sql}`).get(...params) as TaskTotals
}

export async function findEntry(s: SqliteStore, idOrPart: string): Promise<Entry | undefined> {
  const part = idOrPart.toLowerCase()
  const byPrefix = s.stmt(`${ENTRY_SELECT} WHERE e.id >= @part AND e.id < @part || '~' ORDER BY e.id LIMIT 6`).all({part}) as EntryRow[]
  const exact = byPrefix.find((r) => r.id === part)
  if (exact) return toEntry(exact)
  // The end of an id too: the short id shown is its random tail (see shortId). A scan, but only edit and rm ask.
  // And the start of that short id, as a user types back what `entries` shows.
  const bySuffix = s.stmt(`${ENTRY_SELECT} WHERE substr(e.id, -length(@part)) = @part OR substr(e.id, -${SHORT_ID_LENGTH}, length(@part)) = @part ORDER BY e.id LIMIT 2`).all({part}) as EntryRow[]
  return onlyMatch(idOrPart, [...byPrefix, ...bySuffix].map(toEntry))
}

export async function updateEntry(s: SqliteStore, id: string, patch: EntryPatch): Promise<Entry> {
  s.write(() => {
    const sets: string[] = []
    const params: Record<string, unknown> = {id}
    for (const key of ['day', 'minutes', 'count', 'note', 'engineer'] as const) {
      if (patch[key] !== undefined) {
        sets.push(`${key} = @${key}`)
        params[key] = patch[key]
      }
    }
    if (patch.tags !== undefined) {
      sets.push(`tags = @tags`)
      params.tags = JSON.stringify(patch.tags)
    }
    if (patch.task !== undefined) {
      const current = s.stmt(`SELECT t.team_id FROM entries e JOIN tasks t ON t.id = e.task_id WHERE e.id = ?`).get(id) as {team_id: number}
      const task = s.stmt(`SELECT t.id FROM tasks t WHERE t.team_id = @team AND ${TASK_NAMED} ${EXACT_FIRST}`).get({team: current.team_id, ...named(patch.task)}) as {id: number} | undefined
      if (!task) throw new ToilError('not-found', `task: ${JSON.stringify(patch.task)} does not exist in this entry's team; toil task add creates it`)
      sets.push(`task_id = @task_id`)
      params.task_id = task.id
    }
    if (sets.length > 0) s.db.prepare(`UPDATE entries SET ${sets.join(', ')} WHERE id = @id`).run(params)
  })
  return (await findEntry(s, id))!
}

export async function removeEntry(s: SqliteStore, id: string): Promise<void> {
  s.write(() => s.stmt(`DELETE FROM entries WHERE id = ?`).run(id))
}

export async function undoLast(s: SqliteStore, loggedBy: string, engineer?: string): Promise<Entry | undefined> {
  // seq is the logging order: SQLite gives a new row the largest seq yet (entries_by_logger).
  return s.write(() => {
    const row = s.stmt(`${ENTRY_SELECT} WHERE e.logged_by = @loggedBy AND (@engineer IS NULL OR e.engineer = @engineer)
        ORDER BY e.seq DESC LIMIT 1`).get({loggedBy, engineer: engineer ?? null}) as EntryRow | undefined
    if (row) s.stmt(`DELETE FROM entries WHERE id = ?`).run(row.id)
    return row && toEntry(row)
  })
}

export async function lastTeamLoggedBy(s: SqliteStore, loggedBy: string): Promise<string | undefined> {
  const row = s.stmt(`SELECT tm.name AS team FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
      WHERE e.logged_by = ? ORDER BY e.seq DESC LIMIT 1`).get(loggedBy) as {team: string} | undefined
  return row?.team
}

/** The entries whose source key is one of `keys`; in slices, each an index seek (entries_by_source). */
export async function entriesBySourceKey(s: SqliteStore, keys: readonly string[]): Promise<Entry[]> {
  const out: Entry[] = []
  for (let i = 0; i < keys.length; i += 500) {
    const rows = s.stmt(`${ENTRY_SELECT} WHERE e.source_key IN (SELECT value FROM json_each(?)) ORDER BY e.source_key`).all(JSON.stringify(keys.slice(i, i + 500))) as EntryRow[]
    out.push(...rows.map(toEntry))
  }
  return out
}

/** The entries whose source key starts with one of `prefixes`: one index range each (entries_by_source). */
export async function entriesBySourcePrefix(s: SqliteStore, prefixes: readonly string[]): Promise<Entry[]> {
  const out: Entry[] = []
  const query = s.stmt(`${ENTRY_SELECT} WHERE e.source_key >= ? AND e.source_key < ?`)
  for (const prefix of new Set(prefixes)) out.push(...(query.all(prefix, prefixEnd(prefix)) as EntryRow[]).map(toEntry))
  return out
}

/** The first text after every text starting with `prefix`, in code-point order: its last character one up. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1)
}

/** Every engineer with an entry: one index seek per engineer (entries_by_engineer), not a scan of the entries. */
export async function engineerNames(s: SqliteStore): Promise<string[]> {
  return (s.stmt(`WITH RECURSIVE e(name) AS (SELECT min(engineer) FROM entries
      UNION ALL SELECT (SELECT min(engineer) FROM entries WHERE engineer > e.name) FROM e WHERE e.name IS NOT NULL)
    SELECT name FROM e WHERE name IS NOT NULL`).all() as {name: string}[]).map((r) => r.name)
}
