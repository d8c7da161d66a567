/** Teams, capacity, toil budgets and tasks on SQLite. */
import {ToilError} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import type {CapacityPeriod, Task} from '../../domain/types.js'
import {type TaskRow, now, taskColumns, toTask} from '../rows.js'
import type {NewTask, RemoveTaskResult, TaskPatch, ToilBudget} from '../store.js'
import type {SqliteStore} from './store.js'

const TASK_SELECT = `SELECT t.*, tm.name AS team FROM tasks t JOIN teams tm ON tm.id = t.team_id`
/**
 * The task named @name (with @key its nameKey): by its key, or by its name where an older toil
 * stored two names of one key (the second has no key, see schema v5); the exact name first.
 */
export const TASK_NAMED = `(t.name_key = @key OR t.name = @name)`
export const EXACT_FIRST = `ORDER BY t.name = @name DESC, t.id LIMIT 1`
export const named = (name: string) => ({name, key: nameKey(name)})

/** removeTask's refusal, thrown to roll back its transaction. */
class RefusedWithEntries extends Error {}

/** The team's id; with `create`, a missing team is added (inside the caller's write lock). */
export function teamId(s: SqliteStore, name: string, create: boolean): number | undefined {
  const row = s.stmt(`SELECT id FROM teams WHERE name = ?`).get(name) as {id: number} | undefined
  if (row || !create) return row?.id
  return Number(s.stmt(`INSERT INTO teams (name) VALUES (?)`).run(name).lastInsertRowid)
}

export async function listTeams(s: SqliteStore): Promise<string[]> {
  return (s.stmt(`SELECT name FROM teams ORDER BY name`).all() as {name: string}[]).map((r) => r.name)
}

export async function capacityHistory(s: SqliteStore, team?: string): Promise<CapacityPeriod[]> {
  const rows = s.stmt(`SELECT tm.name AS team, c.from_month AS fromMonth, c.members, c.hours_per_week AS hoursPerWeek, c.rotation, c.shifts
      FROM capacity c JOIN teams tm ON tm.id = c.team_id WHERE (@team IS NULL OR tm.name = @team) ORDER BY tm.name, c.from_month`).all({team: team ?? null})
  return rows as CapacityPeriod[]
}

export async function setCapacity(s: SqliteStore, p: CapacityPeriod): Promise<void> {
  s.write(() => {
    const id = teamId(s, p.team, true)
    s.stmt(`INSERT INTO capacity (team_id, from_month, members, hours_per_week, rotation, shifts) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (team_id, from_month) DO UPDATE SET members = excluded.members, hours_per_week = excluded.hours_per_week,
        rotation = excluded.rotation, shifts = excluded.shifts`).run(id, p.fromMonth, p.members, p.hoursPerWeek, p.rotation, p.shifts)
  })
}

export async function toilBudgets(s: SqliteStore): Promise<ToilBudget[]> {
  return s.stmt(`SELECT name AS team, toil_budget AS budget FROM teams WHERE toil_budget IS NOT NULL ORDER BY name`).all() as ToilBudget[]
}

export async function setToilBudget(s: SqliteStore, team: string, budget: number | null): Promise<void> {
  s.write(() => {
    const id = teamId(s, team, true)
    s.stmt(`UPDATE teams SET toil_budget = ? WHERE id = ?`).run(budget, id)
  })
}

export async function findTask(s: SqliteStore, team: string, name: string): Promise<Task | undefined> {
  const row = s.stmt(`${TASK_SELECT} WHERE tm.name = @team AND ${TASK_NAMED} ${EXACT_FIRST}`).get({team, ...named(name)}) as TaskRow | undefined
  return row && toTask(row)
}

/** The id of the team's task of that name, if there is one. */
export function taskId(s: SqliteStore, team: string, name: string): number | undefined {
  return (s.stmt(`SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = @team AND ${TASK_NAMED} ${EXACT_FIRST}`).get({team, ...named(name)}) as {id: number} | undefined)?.id
}

function taskById(s: SqliteStore, id: number): Task {
  const row = s.stmt(`${TASK_SELECT} WHERE t.id = ?`).get(id) as TaskRow | undefined
  if (!row) throw new ToilError('not-found', `no task with id ${id}`)
  return toTask(row)
}

export async function taskNames(s: SqliteStore, team: string): Promise<string[]> {
  const rows = s.stmt(`SELECT t.name FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = ?`).all(team) as {name: string}[]
  return rows.map((r) => r.name)
}

export async function listTasks(s: SqliteStore, filter: {team?: string} = {}): Promise<Task[]> {
  const rows = s.stmt(`${TASK_SELECT} WHERE (@team IS NULL OR tm.name = @team) ORDER BY tm.name, t.name`).all({team: filter.team ?? null}) as TaskRow[]
  return rows.map(toTask)
}

/** Inserts a task (and its team when missing) inside the caller's write lock; returns its id. */
export function insertTask(s: SqliteStore, task: NewTask): number {
  const team = teamId(s, task.team, true)
  const columns = {...taskColumns(task), team_id: team, created_at: task.createdAt ?? now()}
  const names = Object.keys(columns)
  const sql = `INSERT INTO tasks (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`
  return Number(s.stmt(sql).run(columns).lastInsertRowid)
}

export async function addTask(s: SqliteStore, task: NewTask): Promise<Task> {
  return s.write(() => {
    if (teamId(s, task.team, false) !== undefined && taskId(s, task.team, task.name) !== undefined) {
      throw new ToilError('conflict', `task: ${JSON.stringify(task.name)} already exists in team ${task.team}; use toil task edit`)
    }
    return taskById(s, insertTask(s, task))
  })
}

export async function updateTask(s: SqliteStore, id: number, patch: TaskPatch): Promise<Task> {
  return s.write(() => {
    const columns = taskColumns(patch)
    const names = Object.keys(columns)
    if (names.length > 0) {
      try {
        s.db.prepare(`UPDATE tasks SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({...columns, id})
      } catch (error) {
        if ((error as {code?: string}).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new ToilError('conflict', `name: ${JSON.stringify(patch.name)} is already a task of this team; use toil task merge`)
        }
        throw error
      }
    }
    return taskById(s, id)
  })
}

export async function removeTask(s: SqliteStore, id: number, options: {withEntries: boolean}): Promise<RemoveTaskResult> {
  // Counted, backed up and removed under one lock: an entry logged meanwhile is in the backup, or makes it refuse.
  let refused = 0
  const count = () => {
    refused = options.withEntries ? 0 : (s.stmt(`SELECT count(*) AS n FROM entries WHERE task_id = ?`).get(id) as {n: number}).n
    if (refused > 0) throw new RefusedWithEntries()
  }
  try {
    const {value, backup} = await s.changeWithBackup('rm', () => {
      const removed = s.stmt(`DELETE FROM entries WHERE task_id = ?`).run(id).changes
      s.stmt(`DELETE FROM tasks WHERE id = ?`).run(id)
      return removed
    }, count)
    return {removed: true, entriesRemoved: value, backup: backup!}
  } catch (error) {
    if (error instanceof RefusedWithEntries) return {removed: false, entries: refused}
    throw error
  }
}

export async function mergeTasks(s: SqliteStore, fromId: number, intoId: number): Promise<{entriesMoved: number; backup: string}> {
  const {value, backup} = await s.changeWithBackup('merge', () => {
    const moved = s.stmt(`UPDATE entries SET task_id = ? WHERE task_id = ?`).run(intoId, fromId).changes
    s.stmt(`DELETE FROM tasks WHERE id = ?`).run(fromId)
    return moved
  })
  return {entriesMoved: value, backup: backup!}
}
