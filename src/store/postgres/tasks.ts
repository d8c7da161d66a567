/** Teams, capacity and tasks on PostgreSQL. */
import {rmSync} from 'node:fs'

import {ToilError} from '../../domain/errors.js'
import {nameKey} from '../../domain/inputs.js'
import type {CapacityPeriod, Task} from '../../domain/types.js'
import {type TaskRow, now, taskColumns, toTask} from '../rows.js'
import type {NewTask, RemoveTaskResult, TaskPatch, ToilBudget} from '../store.js'
import {type Db, fold} from './connection.js'
import * as maintenance from './maintenance.js'

export const TASK_SELECT = `SELECT t.*, tm.name AS team FROM tasks t JOIN teams tm ON tm.id = t.team_id`
/** Teams and tasks in the order SQLite's NOCASE columns give them. */
export const TASK_ORDER = `lower(tm.name), lower(t.name)`
const UNIQUE_VIOLATION = '23505'
/**
 * The task of alias `t` named by parameter `n` (its nameKey in parameter `k`): by its key, or by
 * its name where an older toil stored two names of one key (the second has no key); then
 * `exactFirst` puts the exact name first.
 */
export const taskNamed = (n: string, k: string, t = 't') => `(${t}.name_key = ${k}::text OR lower(${t}.name) = ${fold(n)})`
export const exactFirst = (n: string, t = 't') => `ORDER BY ${t}.name = ${n}::text DESC, ${t}.id LIMIT 1`
export {nameKey}

/** The team's id, creating the team when it is missing; concurrent creators get the same row. */
export async function ensureTeam(db: Db, name: string): Promise<{id: number; created: boolean}> {
  const found = await teamId(db, name)
  if (found !== undefined) return {id: found, created: false}
  const inserted = await db.row<{id: number}>(`INSERT INTO teams (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id`, [name])
  if (inserted) return {id: inserted.id, created: true}
  return {id: (await teamId(db, name))!, created: false}
}

export async function teamId(db: Db, name: string): Promise<number | undefined> {
  return (await db.row<{id: number}>(`SELECT id FROM teams WHERE lower(name) = ${fold('$1')}`, [name]))?.id
}

export async function listTeams(db: Db): Promise<string[]> {
  return (await db.rows<{name: string}>(`SELECT name FROM teams ORDER BY lower(name)`)).map((r) => r.name)
}

export async function capacityHistory(db: Db, team?: string): Promise<CapacityPeriod[]> {
  return db.rows<CapacityPeriod & Record<string, unknown>>(`SELECT tm.name AS team, c.from_month AS "fromMonth", c.members, c.hours_per_week AS "hoursPerWeek", c.rotation, c.shifts
    FROM capacity c JOIN teams tm ON tm.id = c.team_id WHERE ($1::text IS NULL OR lower(tm.name) = ${fold('$1')}) ORDER BY lower(tm.name), c.from_month`, [team ?? null])
}

export async function setCapacity(db: Db, p: CapacityPeriod): Promise<void> {
  await db.change('team set', async () => {
    const {id} = await ensureTeam(db, p.team)
    await db.run(`INSERT INTO capacity (team_id, from_month, members, hours_per_week, rotation, shifts) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (team_id, from_month) DO UPDATE SET members = excluded.members, hours_per_week = excluded.hours_per_week,
      rotation = excluded.rotation, shifts = excluded.shifts`, [id, p.fromMonth, p.members, p.hoursPerWeek, p.rotation, p.shifts])
  })
}

export async function findTask(db: Db, team: string, name: string): Promise<Task | undefined> {
  const row = await db.row<TaskRow & Record<string, unknown>>(`${TASK_SELECT} WHERE lower(tm.name) = ${fold('$1')} AND ${taskNamed('$2', '$3')} ${exactFirst('$2')}`, [team, name, nameKey(name)])
  return row && toTask(row)
}

export async function taskById(db: Db, id: number): Promise<Task> {
  const row = await db.row<TaskRow & Record<string, unknown>>(`${TASK_SELECT} WHERE t.id = $1`, [id])
  if (!row) throw new ToilError('not-found', `no task with id ${id}`)
  return toTask(row)
}

export async function taskNames(db: Db, team: string): Promise<string[]> {
  const rows = await db.rows<{name: string}>(`SELECT t.name FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE lower(tm.name) = ${fold('$1')} ORDER BY lower(t.name)`, [team])
  return rows.map((r) => r.name)
}

export async function listTasks(db: Db, filter: {team?: string} = {}): Promise<Task[]> {
  const rows = await db.rows<TaskRow & Record<string, unknown>>(`${TASK_SELECT} WHERE ($1::text IS NULL OR lower(tm.name) = ${fold('$1')}) ORDER BY ${TASK_ORDER}`, [filter.team ?? null])
  return rows.map(toTask)
}

/** Inserts a task unless the team has one of that name; returns its id and whether this call created it. */
export async function insertTask(db: Db, task: NewTask, knownTeamId?: number): Promise<{id: number; created: boolean}> {
  const team = knownTeamId === undefined ? await ensureTeam(db, task.team) : {id: knownTeamId}
  const columns = {...taskColumns(task), team_id: team.id, created_at: task.createdAt ?? now()}
  const names = Object.keys(columns)
  const inserted = await db.row<{id: number}>(`INSERT INTO tasks (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT DO NOTHING RETURNING id`, Object.values(columns))
  if (inserted) return {id: inserted.id, created: true}
  const existing = await db.row<{id: number}>(`SELECT t.id FROM tasks t WHERE t.team_id = $1 AND ${taskNamed('$2', '$3')} ${exactFirst('$2')}`, [team.id, task.name, nameKey(task.name)])
  return {id: existing!.id, created: false}
}

export async function addTask(db: Db, task: NewTask): Promise<Task> {
  return db.change('task add', async () => {
    const {id, created} = await insertTask(db, task)
    if (!created) throw new ToilError('conflict', `task: ${JSON.stringify(task.name)} already exists in team ${task.team}; use toil task edit`)
    return taskById(db, id)
  })
}

/** Sets the given columns of one task. */
export async function setTaskColumns(db: Db, id: number, columns: Record<string, unknown>): Promise<void> {
  const names = Object.keys(columns)
  if (names.length === 0) return
  await db.run(`UPDATE tasks SET ${names.map((n, i) => `${n} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...Object.values(columns)])
}

export async function updateTask(db: Db, id: number, patch: TaskPatch): Promise<Task> {
  return db.change('task edit', async () => {
    try {
      await setTaskColumns(db, id, taskColumns(patch))
    } catch (error) {
      if ((error as {code?: string}).code === UNIQUE_VIOLATION) {
        throw new ToilError('conflict', `name: ${JSON.stringify(patch.name)} is already a task of this team; use toil task merge`)
      }
      throw error
    }
    return taskById(db, id)
  })
}

/** Every team's toil budget that is set. */
export async function toilBudgets(db: Db): Promise<ToilBudget[]> {
  return db.rows<ToilBudget & Record<string, unknown>>(`SELECT name AS team, toil_budget AS budget FROM teams WHERE toil_budget IS NOT NULL ORDER BY lower(name), name`)
}

export async function setToilBudget(db: Db, team: string, budget: number | null): Promise<void> {
  await db.change('team set', async () => {
    const {id} = await ensureTeam(db, team)
    await db.run(`UPDATE teams SET toil_budget = $2 WHERE id = $1`, [id, budget])
  })
}

/**
 * Runs `fn` in one transaction that first locks out writers of entries and writes a backup,
 * so an entry logged meanwhile is in the backup or waits for the change. A refusal (of
 * `check`, or of the database: a role's permission) leaves no backup behind, and older
 * backups are rotated only once the change has committed.
 */
export async function withBackup<T>(db: Db, reason: string, what: string, fn: () => Promise<T>, check?: () => Promise<void>): Promise<{value: T; backup: string}> {
  let backup: string | undefined
  try {
    const value = await db.change(what, async () => {
      await db.run(`LOCK TABLE entries IN SHARE ROW EXCLUSIVE MODE`)
      await check?.()
      backup = await maintenance.writeBackup(db, reason)
      return fn()
    })
    maintenance.rotate(db, backup!)
    return {value, backup: backup!}
  } catch (error) {
    if (backup !== undefined) rmSync(backup, {force: true})
    throw error
  }
}

export async function removeTask(db: Db, id: number, options: {withEntries: boolean}): Promise<RemoveTaskResult> {
  let refused = 0
  try {
    const {value, backup} = await withBackup(db, 'rm', 'task rm', async () => {
      const removed = await db.run(`DELETE FROM entries WHERE task_id = $1`, [id])
      await db.run(`DELETE FROM tasks WHERE id = $1`, [id])
      return removed
    }, async () => {
      refused = options.withEntries ? 0 : (await db.row<{n: number}>(`SELECT count(*) AS n FROM entries WHERE task_id = $1`, [id]))!.n
      if (refused > 0) throw new Refused()
    })
    return {removed: true, entriesRemoved: value, backup}
  } catch (error) {
    if (error instanceof Refused) return {removed: false, entries: refused}
    throw error
  }
}

export async function mergeTasks(db: Db, fromId: number, intoId: number): Promise<{entriesMoved: number; backup: string}> {
  const {value, backup} = await withBackup(db, 'merge', 'task merge', async () => {
    const moved = await db.run(`UPDATE entries SET task_id = $1 WHERE task_id = $2`, [intoId, fromId])
    await db.run(`DELETE FROM tasks WHERE id = $1`, [fromId])
    return moved
  })
  return {entriesMoved: value, backup}
}

/** removeTask's refusal, thrown to roll back its transaction. */
class Refused extends Error {}
