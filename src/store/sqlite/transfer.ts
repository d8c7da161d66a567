/** Export and import on SQLite: one snapshot out, one transaction in. */

import {ToilError, quote} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import {shortId} from '../../domain/uuid.js'
import {teamAndTaskRecords} from '../export.js'
import {type EntryRow, defaultTask, now, taskColumns, toEntry} from '../rows.js'
import type {ExportRecord, ImportOptions, ImportRecord, ImportResult} from '../store.js'
import {ENTRY_SELECT, insertEntry} from './entries.js'
import {discardBackup, rotate, snapshot} from './maintenance.js'
import {sqliteCode} from './open.js'
import type {SqliteStore} from './store.js'
import {insertTask, taskId, teamId} from './tasks.js'

export async function* exportAll(s: SqliteStore): AsyncIterable<ExportRecord> {
  // One read transaction: teams, tasks and entries come from one snapshot, whatever others
  // write meanwhile, so every entry's task is in the file. The first read fixes the snapshot.
  const own = !s.db.inTransaction
  if (own) s.db.exec('BEGIN')
  try {
    yield* teamAndTaskRecords(s)
    const rows = s.db.prepare(`${ENTRY_SELECT} ORDER BY tm.name, e.day, e.created_at, e.id`).iterate() as IterableIterator<EntryRow>
    for (const row of rows) yield {type: 'entry', ...toEntry(row)}
  } finally {
    if (own && s.db.open && s.db.inTransaction) s.db.exec('COMMIT')
  }
}

export async function importRecords(s: SqliteStore, batches: AsyncIterable<readonly ImportRecord[]>, options: ImportOptions = {}): Promise<ImportResult> {
  const result: ImportResult = {teamsAdded: 0, tasksAdded: 0, entriesAdded: 0, entriesSkipped: 0, entriesUpdated: 0, entriesRemoved: 0, backup: null}
  const taskIds = new Map<string, number>()
  /** Tasks this import created from an entry alone, before (or without) their task record. */
  const placeholders = new Set<string>()
  const taskKey = (team: string, name: string) => `${team.toLowerCase()}\u0000${nameKey(name)}`
  const ensureTeam = (name: string) => {
    if (teamId(s, name, false) === undefined) {
      teamId(s, name, true)
      result.teamsAdded++
    }
  }
  // The entries this import adds get the seqs after the largest one (nothing else writes meanwhile):
  // the file line of each, by seq, names the first of two lines that give one id.
  let seqBefore = 0
  const lines: number[] = []
  const add = (record: ImportRecord) => {
    if (record.type === 'team') {
      ensureTeam(record.name)
      if (record.toilBudget !== undefined) s.stmt(`UPDATE teams SET toil_budget = coalesce(toil_budget, ?) WHERE name = ?`).run(record.toilBudget, record.name)
      for (const c of record.capacity) {
        s.stmt(`INSERT INTO capacity (team_id, from_month, members, hours_per_week, rotation, shifts) SELECT id, ?, ?, ?, ?, ? FROM teams WHERE name = ?
          ON CONFLICT DO NOTHING`).run(c.fromMonth, c.members, c.hoursPerWeek, c.rotation, c.shifts, record.name)
      }
    } else if (record.type === 'task') {
      ensureTeam(record.team)
      const key = taskKey(record.team, record.name)
      let id = taskId(s, record.team, record.name)
      if (id === undefined) {
        id = insertTask(s, record)
        result.tasksAdded++
      } else if (placeholders.delete(key)) {
        // An earlier entry of this file created the task with defaults; the file's own task record wins.
        const columns = {...taskColumns(record), created_at: record.createdAt, id}
        s.db.prepare(`UPDATE tasks SET ${Object.keys(columns).filter((n) => n !== 'id').map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run(columns)
      }
      taskIds.set(key, id)
    } else {
      const stored = record.sourceKey === undefined ? 'absent' : storedSource(s, record, options.updateBySourceKey === true)
      if (stored !== 'absent') {
        result[stored === 'updated' ? 'entriesUpdated' : 'entriesSkipped']++
        return
      }
      const key = taskKey(record.team, record.task)
      let id = taskIds.get(key) ?? taskId(s, record.team, record.task)
      if (id === undefined) {
        ensureTeam(record.team)
        id = insertTask(s, defaultTask(record.team, record.task, record.category))
        placeholders.add(key)
        result.tasksAdded++
      }
      taskIds.set(key, id)
      const seq = insertEntry(s, id, {...record, createdAt: record.createdAt ?? now()})
      if (seq !== undefined) {
        lines[seq - seqBefore - 1] = record.line
        result.entriesAdded++
      } else {
        sameEntryOrFail(s, record, id, seqBefore, lines)
        result.entriesSkipped++
      }
    }
  }
  s.db.exec('BEGIN IMMEDIATE')
  let line = 0
  try {
    seqBefore = (s.stmt(`SELECT coalesce(max(seq), 0) AS n FROM entries`).get() as {n: number}).n
    const empty = (s.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM entries LIMIT 1)`).get() as {n: number}).n === 0
    // Taken inside the import's lock: nothing another command writes can fall between it and the import.
    if (!empty) result.backup = snapshot(s, 'import')
    const remove = options.removeSourceKeys ?? []
    for (let i = 0; i < remove.length; i += 500) {
      result.entriesRemoved += s.stmt(`DELETE FROM entries WHERE source_key IN (SELECT value FROM json_each(?))`).run(JSON.stringify(remove.slice(i, i + 500))).changes
    }
    // Into an empty history, building the secondary indexes once at the end is
    // several times faster than updating them row by row (and as atomic).
    const deferred = empty
      ? (s.db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL AND name <> 'entries_by_source'`).all() as {name: string; sql: string}[])
      : []
    for (const index of deferred) s.db.exec(`DROP INDEX ${index.name}`)
    for await (const batch of batches) {
      for (const record of batch) {
        line = record.line
        add(record)
      }
    }
    for (const index of deferred) s.db.exec(index.sql)
    s.db.exec('COMMIT')
  } catch (error) {
    if (s.db.inTransaction) s.db.exec('ROLLBACK')
    // The database is as it was, so its backup is not needed; nothing is rotated.
    discardBackup(s, result.backup)
    if (error instanceof ToilError) throw error
    // A record the schema refuses is the file's fault; a full disk or a lock is not (central error mapping).
    if (sqliteCode(error).startsWith('SQLITE_CONSTRAINT')) throw new ToilError('invalid-input', `line ${line}: ${(error as Error).message}; nothing was imported`)
    throw error
  }
  if (result.backup !== null) rotate(s, result.backup)
  return result
}

/**
 * Whether an entry with this record's source key is stored (the same upstream record, under
 * whatever id and task). With `update`, its figures (day, minutes, count, engineer) and note
 * become the record's when they differ; the task it was filed under stays.
 */
function storedSource(s: SqliteStore, record: Extract<ImportRecord, {type: 'entry'}>, update: boolean): 'absent' | 'kept' | 'updated' {
  const stored = s.stmt(`SELECT id, day, minutes, count, engineer, note FROM entries WHERE source_key = ?`).get(record.sourceKey) as
    {id: string; day: string; minutes: number; count: number; engineer: string; note: string} | undefined
  if (stored === undefined) return 'absent'
  const same = stored.day === record.day && stored.minutes === record.minutes && stored.count === record.count && stored.engineer === record.engineer && stored.note === record.note
  if (!update || same) return 'kept'
  s.stmt(`UPDATE entries SET day = ?, minutes = ?, count = ?, engineer = ?, note = ? WHERE id = ?`).run(record.day, record.minutes, record.count, record.engineer, record.note, stored.id)
  return 'updated'
}

/** An entry id already stored: fine when it is the same entry (a re-import); an error naming both places when not. */
function sameEntryOrFail(s: SqliteStore, record: Extract<ImportRecord, {type: 'entry'}>, taskId: number, seqBefore: number, lines: readonly number[]): void {
  const stored = s.stmt(`SELECT e.seq, e.task_id, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.count, e.tags, e.note
    FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id WHERE e.id = ?`).get(record.id) as
    {seq: number; task_id: number; task: string; team: string; engineer: string; day: string; minutes: number; count: number; tags: string; note: string}
  const fields: [string, unknown, unknown][] = [
    ['task', `${stored.team}/${stored.task}`, `${record.team}/${record.task}`],
    ['engineer', stored.engineer, record.engineer],
    ['day', stored.day, record.day],
    ['minutes', stored.minutes, record.minutes],
    ['count', stored.count, record.count],
    ['tags', stored.tags, JSON.stringify(record.tags)],
    ['note', stored.note, record.note],
  ]
  const differs = stored.task_id === taskId ? fields.slice(1).find(([, a, b]) => a !== b) : fields[0]
  if (differs === undefined) return
  const [field, was, is] = differs
  const show = (v: unknown) => quote(String(v))
  const earlier = stored.seq > seqBefore ? lines[stored.seq - seqBefore - 1] : undefined
  const where = earlier === undefined
    ? `is already stored with another ${field} (stored ${show(was)}, this line ${show(is)}); toil entry edit or toil entry rm ${shortId(record.id)} changes the stored one`
    : `is also on line ${earlier} with another ${field} (line ${earlier} ${show(was)}, line ${record.line} ${show(is)}); an id names one entry`
  throw new ToilError('invalid-input', `line ${record.line}: entry id ${record.id} ${where}; nothing was imported`)
}
