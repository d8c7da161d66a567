/** Entries on PostgreSQL: logging, listing, finding, editing. */
import {randomFillSync} from 'node:crypto'

import {notPermitted, ToilError} from '../../domain/errors.js'
import type {Entry} from '../../domain/types.js'
import {SHORT_ID_LENGTH, uuidv7} from '../../domain/uuid.js'
import {type EntryRow, now, onlyMatch, toEntry} from '../rows.js'
import type {EntryFilter, EntryPatch, NewEntry, NewTask, TaskTotals} from '../store.js'
import {type Db, fold} from './connection.js'
import {exactFirst, insertTask, nameKey, taskNamed} from './tasks.js'

type Row = EntryRow & Record<string, unknown>

export const ENTRY_FROM = `FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id`
export const ENTRY_SELECT = `SELECT e.id, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.count, e.tags, e.note, e.created_at, e.source_key, e.logged_by ${ENTRY_FROM}`

/** Inserts one entry unless its id is already there; true when it was added. */
export async function insertEntry(db: Db, taskId: number, e: NewEntry & {id: string; createdAt: string}): Promise<boolean> {
  return (await db.run(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at, logged_by, source_key)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
  [e.id, taskId, e.engineer, e.day, e.minutes, e.count, e.tags, e.note, e.createdAt, e.loggedBy ?? null, e.sourceKey ?? null])) > 0
}

async function entryById(db: Db, id: string): Promise<Entry | undefined> {
  const row = await db.row<Row>(`${ENTRY_SELECT} WHERE e.id = $1`, [id])
  return row && toEntry(row)
}

export async function addEntry(db: Db, entry: NewEntry, createTask?: NewTask): Promise<{entry: Entry; taskCreated: boolean}> {
  // Time-ordered ids (UUIDv7) keep the id index append-mostly, as in SQLite.
  const full = {...entry, id: entry.id ?? uuidv7(Date.now(), randomFillSync(new Uint8Array(16))), createdAt: entry.createdAt ?? now()}
  // Only a task it creates is audited: a new entry is its own record.
  const taskCreated = await db.change('log', async () => {
    let taskId = (await db.row<{id: number}>(`SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id
      WHERE lower(tm.name) = ${fold('$1')} AND ${taskNamed('$2', '$3')} ${exactFirst('$2')}`, [entry.team, entry.task, nameKey(entry.task)]))?.id
    let created = false
    if (taskId === undefined) {
      if (!createTask) throw new ToilError('not-found', `task: ${JSON.stringify(entry.task)} does not exist in team ${entry.team}`)
      // Of processes racing to log a new task, the unique index lets one create it; the others find it.
      ;({id: taskId, created} = await insertTask(db, createTask))
    }
    await insertEntry(db, taskId, full)
    return created
  })
  return {entry: (await entryById(db, full.id))!, taskCreated}
}

/** The WHERE clause of a filter, with parameters numbered from `$1`. */
function entryWhere(f: EntryFilter): {sql: string; params: unknown[]} {
  const clauses: string[] = []
  const params: unknown[] = []
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value)
    clauses.push(sql(`$${params.length}`))
  }
  if (f.from) add((p) => `e.day >= ${p}`, f.from)
  if (f.to) add((p) => `e.day <= ${p}`, f.to)
  if (f.team) add((p) => `lower(tm.name) = ${fold(p)}`, f.team)
  if (f.task) {
    params.push(f.task, nameKey(f.task))
    clauses.push(taskNamed(`$${params.length - 1}`, `$${params.length}`))
  }
  if (f.engineer) add((p) => `e.engineer = ${p}`, f.engineer)
  if (f.tag) add((p) => `${p} = ANY (e.tags)`, f.tag)
  return {sql: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params}
}

export async function listEntries(db: Db, filter: EntryFilter): Promise<Entry[]> {
  const {sql, params} = entryWhere(filter)
  const limit = filter.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`
  return (await db.rows<Row>(`${ENTRY_SELECT}${sql} ORDER BY e.day DESC, e.seq DESC${limit}`, params)).map(toEntry)
}

export async function countEntries(db: Db, filter: EntryFilter = {}): Promise<number> {
  const {sql, params} = entryWhere(filter)
  return (await db.row<{n: number}>(`SELECT count(*) AS n ${ENTRY_FROM}${sql}`, params))!.n
}

/** Totals of the entries a WHERE clause selects, summed in SQL. */
export const TOTALS = `count(*) AS entries, coalesce(sum(e.count), 0) AS occurrences, coalesce(sum(e.minutes * e.count), 0)::float8 / 60 AS hours,
  min(e.day) AS "firstDay", max(e.day) AS "lastDay"`

export async function entryTotals(db: Db, filter: EntryFilter = {}): Promise<TaskTotals> {
  const {sql, params} = entryWhere(filter)
  return (await db.row<TaskTotals & Record<string, unknown>>(`SELECT ${TOTALS} ${ENTRY_FROM}${sql}`, params))!
}

export async function findEntry(db: Db, idOrPart: string): Promise<Entry | undefined> {
  const part = idOrPart.toLowerCase()
  const byPrefix = await db.rows<Row>(`${ENTRY_SELECT} WHERE e.id >= $1 AND e.id < $1 || '~' ORDER BY e.id LIMIT 6`, [part])
  // The end of an id too: the short id shown is its random tail (see shortId). A scan, but only edit and rm ask.
  // And the start of that short id, as a user types back what `entries` shows.
  const bySuffix = await db.rows<Row>(`${ENTRY_SELECT} WHERE right(e.id, length($1)) = $1 OR left(right(e.id, ${SHORT_ID_LENGTH}), length($1)) = $1 ORDER BY e.id LIMIT 2`, [part])
  // A whole id wins over a prefix of a longer one, but not over another entry's short id: an id
  // made to equal someone's short id must not take the command meant for theirs.
  const exact = byPrefix.find((r) => r.id === part)
  if (exact) return onlyMatch(idOrPart, [exact, ...bySuffix.filter((r) => r.id.slice(-SHORT_ID_LENGTH) === part)].map(toEntry))
  const found = onlyMatch(idOrPart, [...byPrefix, ...bySuffix].map(toEntry))
  if (found) return found
  // Hidden by row-level security from an engineer of its team: say whose it is (SPEC §9.1).
  const logger = (await db.row<{who: string | null}>(`SELECT toil_entry_logger($1) AS who`, [part]).catch(() => undefined))?.who
  if (logger) throw notPermitted(`entry ${part} is ${logger === 'an imported' ? 'an imported entry; a lead of its team changes it' : `${logger}'s entry`}`)
  return undefined
}

export async function updateEntry(db: Db, id: string, patch: EntryPatch): Promise<Entry> {
  await db.change('entry edit', async () => {
    const sets: string[] = []
    const params: unknown[] = [id]
    const set = (column: string, value: unknown) => {
      params.push(value)
      sets.push(`${column} = $${params.length}`)
    }
    for (const key of ['day', 'minutes', 'count', 'note', 'engineer', 'tags'] as const) {
      if (patch[key] !== undefined) set(key, patch[key])
    }
    if (patch.task !== undefined) {
      const task = await db.row<{id: number}>(`SELECT t2.id FROM entries e JOIN tasks t ON t.id = e.task_id JOIN tasks t2 ON t2.team_id = t.team_id
        WHERE e.id = $1 AND ${taskNamed('$2', '$3', 't2')} ${exactFirst('$2', 't2')}`, [id, patch.task, nameKey(patch.task)])
      if (!task) throw new ToilError('not-found', `task: ${JSON.stringify(patch.task)} does not exist in this entry's team; toil task add creates it`)
      set('task_id', task.id)
    }
    if (sets.length > 0) await db.run(`UPDATE entries SET ${sets.join(', ')} WHERE id = $1`, params)
  })
  return (await entryById(db, id))!
}

export async function removeEntry(db: Db, id: string): Promise<void> {
  await db.change('entry rm', () => db.run(`DELETE FROM entries WHERE id = $1`, [id]))
}

/**
 * Removes and returns the newest entry `loggedBy` logged (in logging order; imported entries
 * have no logger), claimed under a row lock: two undos never take the same entry.
 */
export async function undoLast(db: Db, loggedBy: string, engineer?: string): Promise<Entry | undefined> {
  return db.change('undo', async () => {
    const row = await db.row<Row & {seq: number}>(`${ENTRY_SELECT.replace('SELECT ', 'SELECT e.seq, ')}
      WHERE e.logged_by = $1 AND ($2::text IS NULL OR e.engineer = $2) ORDER BY e.seq DESC LIMIT 1 FOR UPDATE OF e SKIP LOCKED`, [loggedBy, engineer ?? null])
    if (!row) return undefined
    await db.run(`DELETE FROM entries WHERE seq = $1`, [row.seq])
    return toEntry(row)
  })
}

/** The team of the newest entry `loggedBy` logged: their "last team". */
export async function lastTeamLoggedBy(db: Db, loggedBy: string): Promise<string | undefined> {
  return (await db.row<{team: string}>(`SELECT tm.name AS team ${ENTRY_FROM} WHERE e.logged_by = $1 ORDER BY e.seq DESC LIMIT 1`, [loggedBy]))?.team
}

/** Every engineer with an entry: one index seek per engineer (entries_by_engineer), not a scan of the entries. */
export async function engineerNames(db: Db): Promise<string[]> {
  return (await db.rows<{name: string}>(`WITH RECURSIVE e(name) AS (SELECT min(engineer) FROM entries
      UNION ALL SELECT (SELECT min(engineer) FROM entries WHERE engineer > e.name) FROM e WHERE e.name IS NOT NULL)
    SELECT name FROM e WHERE name IS NOT NULL`)).map((r) => r.name)
}
