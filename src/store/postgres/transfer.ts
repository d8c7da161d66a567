/** Export and import on PostgreSQL: export through a cursor, import through COPY. */
import {once} from 'node:events'
import type {Writable} from 'node:stream'
import {finished} from 'node:stream/promises'

import {ToilError} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import {teamAndTaskRecords} from '../export.js'
import {type EntryRow, defaultTask, now, taskColumns, toEntry} from '../rows.js'
import type {Entry} from '../../domain/types.js'
import type {ExportRecord, ImportOptions, ImportRecord, ImportResult} from '../store.js'
import {type Db, fold} from './connection.js'
import {ENTRY_SELECT} from './entries.js'
import {capacityHistory, ensureTeam, exactFirst, insertTask, listTasks, listTeams, setTaskColumns, taskNamed, toilBudgets} from './tasks.js'
import {identity} from './access.js'
import * as maintenance from './maintenance.js'
import {rmSync} from 'node:fs'
import {shortId} from '../../domain/uuid.js'

const FETCH = 5000

/** Teams, tasks, then entries, from one snapshot, in SQLite's order (for a byte-identical export). */
export async function* exportAll(db: Db): AsyncIterable<ExportRecord> {
  // Within a change's transaction (its backup), that transaction is the snapshot.
  const own = !db.inTransaction
  if (own) await db.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  try {
    yield* teamAndTaskRecords({capacityHistory: () => capacityHistory(db), toilBudgets: () => toilBudgets(db), listTeams: () => listTeams(db), listTasks: () => listTasks(db)})
    // A cursor, so a million entries never sit in memory at once.
    await db.client.query(`DECLARE toil_export NO SCROLL CURSOR FOR ${ENTRY_SELECT} ORDER BY lower(tm.name), e.day, e.created_at, e.id`)
    for (;;) {
      const rows = await db.rows<EntryRow & Record<string, unknown>>(`FETCH ${FETCH} FROM toil_export`)
      for (const row of rows) yield {type: 'entry', ...toEntry(row)}
      if (rows.length < FETCH) break
    }
  } finally {
    if (own) await db.client.query('COMMIT').catch(() => undefined)
    else await db.client.query('CLOSE toil_export').catch(() => undefined)
  }
}

/** One field of COPY's text format. */
function copyText(value: string): string {
  return value.replaceAll(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/** A field that may be NULL, which COPY's text format spells \N. */
const nullable = (value: string | undefined) => (value === undefined ? '\\N' : copyText(value))

/** A text[] literal: every element quoted. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll(/["\\]/g, '\\$&')}"`).join(',')}}`
}

/** Entries staged through one COPY at a time; closed whenever the connection is needed for a query. */
class Staging {
  private stream?: Writable
  private buffer: string[] = []
  rows = 0

  /** `direct`: straight into `entries` (an import into an empty history), else into the `toil_import` staging table. */
  constructor(
    private readonly db: Db,
    private readonly direct: boolean,
  ) {}

  async add(line: number, taskId: number, e: Omit<Extract<ImportRecord, {type: 'entry'}>, 'line'> & {createdAt: string}): Promise<void> {
    const fields = [e.id, String(taskId), e.engineer, e.day, String(e.minutes), String(e.count), arrayLiteral(e.tags), e.note, e.createdAt]
    const row = [...(this.direct ? fields : [String(line), ...fields]).map(copyText), nullable(e.sourceKey), nullable(e.loggedBy)]
    this.buffer.push(row.join('\t'))
    this.rows++
    if (this.buffer.length >= 2000) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return
    if (!this.stream) {
      const {from} = await import('pg-copy-streams')
      const columns = 'id, task_id, engineer, day, minutes, count, tags, note, created_at, source_key, logged_by'
      this.stream = this.db.client.query(from(this.direct ? `COPY entries (${columns}) FROM STDIN` : `COPY toil_import (line, ${columns}) FROM STDIN`))
    }
    const chunk = `${this.buffer.join('\n')}\n`
    this.buffer = []
    // once() rejects if the COPY fails meanwhile.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain')
  }

  /** Ends the COPY in progress, so the connection can run queries. */
  async close(): Promise<void> {
    await this.flush()
    if (!this.stream) return
    const stream = this.stream
    this.stream = undefined
    stream.end()
    await finished(stream)
  }

  /** Abandons the COPY in progress (the server is told it failed), so the transaction can roll back. */
  async abort(): Promise<void> {
    const stream = this.stream
    this.stream = undefined
    if (!stream) return
    stream.destroy(new Error('import abandoned'))
    await finished(stream).catch(() => undefined)
  }
}

/**
 * Into an empty history, entries are copied straight into the table with its indexes and
 * unique constraint dropped, and these are built once at the end: several times faster than
 * row by row, and as atomic. Returns the statements that put them back.
 */
async function dropIndexes(db: Db): Promise<{unique: string[]; indexes: string[]}> {
  const unique = await db.rows<{name: string; sql: string}>(`SELECT conname AS name, pg_get_constraintdef(oid) AS sql FROM pg_constraint
    WHERE conrelid = 'entries'::regclass AND contype = 'u'`)
  const indexes = await db.rows<{name: string; sql: string}>(`SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = 'entries'
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = 'entries'::regclass)`)
  for (const c of unique) await db.run(`ALTER TABLE entries DROP CONSTRAINT ${c.name}`)
  for (const index of indexes) await db.run(`DROP INDEX ${index.name}`)
  return {unique: unique.map((c) => `ALTER TABLE entries ADD CONSTRAINT ${c.name} ${c.sql}`), indexes: indexes.map((i) => i.sql)}
}

/** Puts the unique constraint back; the first of entries sharing an id (in file order) is kept. Returns how many were dropped. */
async function restoreUnique(db: Db, statements: string[]): Promise<number> {
  const add = async () => {
    for (const sql of statements) await db.run(sql)
  }
  await db.run('SAVEPOINT toil_unique')
  try {
    await add()
    return 0
  } catch (error) {
    if ((error as {code?: string}).code !== '23505') throw error
    await db.run('ROLLBACK TO SAVEPOINT toil_unique')
  }
  const dropped = await db.run(`DELETE FROM entries WHERE seq IN (SELECT seq FROM
    (SELECT seq, row_number() OVER (PARTITION BY id ORDER BY seq) AS n FROM entries WHERE id IN (${REPEATED('entries')})) x WHERE n > 1)`)
  await add()
  return dropped
}

/**
 * Imports in one transaction: all or nothing, as in SQLite. Teams and tasks go in as
 * they come; entries go through COPY: into an empty history straight into `entries`,
 * else into a staging table and then by one INSERT … ON CONFLICT (id) DO NOTHING, in
 * file order. Either way the first of entries sharing an id is kept, and a re-import adds nothing.
 */
export async function importRecords(db: Db, batches: AsyncIterable<readonly ImportRecord[]>, options: ImportOptions = {}): Promise<ImportResult> {
  const result: ImportResult = {teamsAdded: 0, tasksAdded: 0, entriesAdded: 0, entriesSkipped: 0, entriesUpdated: 0, entriesRemoved: 0, backup: null}
  const taskIds = new Map<string, number>()
  /** Tasks this import created from an entry alone, before (or without) their task record. */
  const placeholders = new Set<string>()
  const taskKey = (team: string, name: string) => `${team.toLowerCase()}\u0000${nameKey(name)}`
  let staging = new Staging(db, false)
  const teamIds = new Map<string, number>()
  const teamOf = async (name: string) => {
    let id = teamIds.get(name.toLowerCase())
    if (id === undefined) {
      const team = await ensureTeam(db, name)
      if (team.created) result.teamsAdded++
      teamIds.set(name.toLowerCase(), (id = team.id))
    }
    return id
  }
  const lookupTask = async (team: string, name: string) =>
    (await db.row<{id: number}>(`SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE lower(tm.name) = ${fold('$1')} AND ${taskNamed('$2', '$3')} ${exactFirst('$2')}`, [team, name, nameKey(name)]))?.id
  const add = async (record: ImportRecord) => {
    if (record.type === 'entry') {
      const key = taskKey(record.team, record.task)
      let id = taskIds.get(key)
      if (id === undefined) {
        await staging.close()
        id = await lookupTask(record.team, record.task)
        if (id === undefined) {
          id = (await insertTask(db, defaultTask(record.team, record.task, record.category), await teamOf(record.team))).id
          placeholders.add(key)
          result.tasksAdded++
        }
        taskIds.set(key, id)
      }
      await staging.add(record.line, id, {...record, createdAt: record.createdAt ?? now(), loggedBy: record.loggedBy === undefined || me === undefined || record.loggedBy === me ? record.loggedBy : undefined})
      return
    }
    await staging.close()
    if (record.type === 'team') {
      const teamId = await teamOf(record.name)
      if (record.toilBudget !== undefined) await db.run(`UPDATE teams SET toil_budget = coalesce(toil_budget, $2) WHERE id = $1`, [teamId, record.toilBudget])
      for (const c of record.capacity) {
        await db.run(`INSERT INTO capacity (team_id, from_month, members, hours_per_week, rotation, shifts) VALUES ($1, $2, $3, $4, $5, $6)
          ON CONFLICT DO NOTHING`, [teamId, c.fromMonth, c.members, c.hoursPerWeek, c.rotation, c.shifts])
      }
    } else {
      const key = taskKey(record.team, record.name)
      // Inserted unless the team has it already: one statement for a new task.
      const {id, created} = await insertTask(db, record, await teamOf(record.team))
      if (created) result.tasksAdded++
      else if (placeholders.delete(key)) {
        // An earlier entry of this file created the task with defaults; the file's own task record wins.
        await setTaskColumns(db, id, {...taskColumns(record), created_at: record.createdAt})
      }
      taskIds.set(key, id)
    }
  }
  // A member records only themselves as who logged an entry (SPEC §9.1); others' entries come in as imported ones.
  const me = await identity(db)
  let line = 0
  try {
    const done = await db.change('import', async () => {
      // Index builds at the end get more than the default 64 MB.
      await db.run(`SET LOCAL maintenance_work_mem = '256MB'`)
      // The table is locked first, so "empty" stays true until this import commits.
      await db.run(`LOCK TABLE entries IN SHARE ROW EXCLUSIVE MODE`)
      // Only the owner loads straight into the table (which drops and rebuilds its indexes): a member,
      // whose view may be empty while the table is not, goes through staging and needs no DDL.
      const empty = me === undefined && (await db.row<{empty: boolean}>(`SELECT NOT EXISTS (SELECT 1 FROM entries) AS empty`))!.empty
      // A history that holds entries is backed up first, inside the lock: nothing lands between.
      if (!empty) result.backup = await maintenance.writeBackup(db, 'import')
      if (!empty && (options.removeSourceKeys ?? []).length > 0) {
        result.entriesRemoved = await db.run(`DELETE FROM entries WHERE source_key = ANY ($1::text[])`, [options.removeSourceKeys])
      }
      const deferred = empty ? await dropIndexes(db) : {unique: [], indexes: []}
      if (!empty) {
        await db.run(`CREATE TEMP TABLE toil_import (line integer, id text, task_id bigint, engineer text, day text, minutes integer,
          count integer, tags text[], note text, created_at text, source_key text, logged_by text) ON COMMIT DROP`)
      }
      staging = new Staging(db, empty)
      try {
        for await (const batch of batches) {
          for (const record of batch) {
            line = record.line
            await add(record)
          }
        }
        line = 0
        await staging.close()
      } catch (error) {
        await staging.abort()
        throw error
      }
      if (empty) {
        await refuseDifferingDuplicates(db)
        result.entriesSkipped = await restoreUnique(db, deferred.unique)
        result.entriesAdded = staging.rows - result.entriesSkipped
        for (const sql of deferred.indexes) await db.run(sql)
      } else {
        // Upstream records already stored (by source key) are updated with --update, else kept; either way not added.
        if (options.updateBySourceKey === true) {
          result.entriesUpdated = await db.run(`UPDATE entries e SET day = s.day, minutes = s.minutes, count = s.count, engineer = s.engineer, note = s.note
            FROM toil_import s WHERE e.source_key = s.source_key AND (e.day, e.minutes, e.count, e.engineer, e.note) IS DISTINCT FROM (s.day, s.minutes, s.count, s.engineer, s.note)`)
        }
        await db.run(`DELETE FROM toil_import s USING entries e WHERE e.source_key = s.source_key`)
        await refuseChangedIds(db)
        result.entriesAdded = await db.run(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at, source_key, logged_by)
          SELECT id, task_id, engineer, day, minutes, count, tags, note, created_at, source_key, logged_by FROM toil_import ORDER BY line
          ON CONFLICT (id) DO NOTHING`)
        result.entriesSkipped = staging.rows - result.entriesAdded - result.entriesUpdated
      }
      return result
    }, options.source)
    // Older backups go only once the import has committed.
    if (done.backup !== null) maintenance.rotate(db, done.backup)
    return done
  } catch (error) {
    // The history is as it was, so its backup is not needed.
    if (result.backup !== null) rmSync(result.backup, {force: true})
    // A role's refusal (SPEC §9.1) is not a problem of the file.
    if (error instanceof ToilError || (error as {code?: string}).code === '42501') throw error
    throw new ToilError('invalid-input', `${line > 0 ? `line ${line}: ` : ''}${(error as Error).message}; nothing was imported`)
  }
}

/**
 * The ids given more than once. Duplicates are looked for among these few rows only: a table
 * joined to itself on id, without an index (dropped for the load, or the staging table), is
 * planned as a loop over every pair of rows (minutes at 100,000 entries).
 */
const REPEATED = (table: string) => `SELECT id FROM ${table} GROUP BY id HAVING count(*) > 1`

/** The columns that make two entries with one id the same entry. */
const CONTENT = (a: string) => `(${a}.task_id, ${a}.engineer, ${a}.day, ${a}.minutes, ${a}.count, ${a}.tags, ${a}.note)`

/** Into an empty history: an id given twice with other content is an error, not a skip. */
async function refuseDifferingDuplicates(db: Db): Promise<void> {
  const clash = await db.row<{id: string}>(`WITH twice AS MATERIALIZED (SELECT * FROM entries WHERE id IN (${REPEATED('entries')}))
    SELECT a.id FROM twice a JOIN twice b ON a.id = b.id AND a.seq < b.seq WHERE ${CONTENT('a')} IS DISTINCT FROM ${CONTENT('b')} LIMIT 1`)
  if (clash) throw new ToilError('invalid-input', `entry id ${clash.id} is given twice in the file with different content; an id names one entry; nothing was imported`)
}

/** An id given twice in the file, or already stored, with other content is an error naming the lines. */
async function refuseChangedIds(db: Db): Promise<void> {
  const twice = await db.row<{id: string; first: number; second: number}>(`WITH twice AS MATERIALIZED (SELECT * FROM toil_import WHERE id IN (${REPEATED('toil_import')}))
    SELECT a.id, a.line AS first, b.line AS second FROM twice a JOIN twice b ON a.id = b.id AND a.line < b.line
    WHERE ${CONTENT('a')} IS DISTINCT FROM ${CONTENT('b')} ORDER BY b.line LIMIT 1`)
  if (twice) throw new ToilError('invalid-input', `line ${twice.second}: entry id ${twice.id} is also on line ${twice.first} with other content; an id names one entry; nothing was imported`)
  const stored = await db.row<{id: string; line: number}>(`SELECT s.id, s.line FROM toil_import s JOIN entries e ON e.id = s.id
    WHERE ${CONTENT('s')} IS DISTINCT FROM ${CONTENT('e')} ORDER BY s.line LIMIT 1`)
  if (stored) {
    throw new ToilError('invalid-input', `line ${stored.line}: entry id ${stored.id} is already stored with other content; toil entry edit or toil entry rm ${shortId(stored.id)} changes the stored one; nothing was imported`)
  }
}

/** The entries whose source key starts with one of `prefixes`: an index range each (entries_by_source, collation C). */
export async function entriesBySourcePrefix(db: Db, prefixes: readonly string[]): Promise<Entry[]> {
  const unique = [...new Set(prefixes)]
  const ends = unique.map((p) => p.slice(0, -1) + String.fromCodePoint(p.codePointAt(p.length - 1)! + 1))
  const rows = await db.rows<EntryRow & Record<string, unknown>>(`${ENTRY_SELECT} JOIN unnest($1::text[], $2::text[]) AS r(lo, hi)
    ON e.source_key >= r.lo AND e.source_key < r.hi ORDER BY e.source_key`, [unique, ends])
  return rows.map(toEntry)
}

/** The entries whose source key is one of `keys` (entries_by_source). */
export async function entriesBySourceKey(db: Db, keys: readonly string[]): Promise<Entry[]> {
  const rows = await db.rows<EntryRow & Record<string, unknown>>(`${ENTRY_SELECT} WHERE e.source_key = ANY ($1::text[]) ORDER BY e.source_key`, [keys])
  return rows.map(toEntry)
}
