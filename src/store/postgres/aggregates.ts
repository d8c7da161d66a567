/**
 * The analyzer's aggregates, summed in SQL as in SQLite. Hours are
 * `sum(minutes × count)` as float8 ÷ 60: the same double SQLite computes, so
 * both stores print the same figures. Counts are bigint, read as numbers (connection.ts).
 */
import type {Day} from '../../domain/calendar.js'
import type {AggregateFilter, EngineerTaskHours, EngineerTaskTotals, EngineerTeamMonthHours, TaskHistoryFacts, TaskMonth, TaskTotals} from '../store.js'
import {type Db, fold} from './connection.js'
import {ENTRY_FROM, TOTALS} from './entries.js'
import {notPermitted} from '../../domain/errors.js'
import {callerRole, engineerSomewhere} from './access.js'

const hours = (minutes: string) => `sum(${minutes})::float8 / 60`
const OPERATIONAL_TAGS = `e.tags && ARRAY['oncall', 'interrupt']`
const IN_TEAM = (param: string) => `(${param}::text IS NULL OR lower(tm.name) = ${fold(param)})`

/**
 * True for a member of a team (not the owner): row-level security shows them only some rows,
 * so their figures come from the owner's functions, which sum every entry of their teams.
 */
async function member(db: Db): Promise<boolean> {
  return (await callerRole(db)) !== 'owner'
}

export async function taskMonths(db: Db, f: AggregateFilter): Promise<TaskMonth[]> {
  if (await member(db)) return db.rows(`SELECT * FROM toil_task_months($1, $2, $3)`, [f.from, f.to, f.team ?? null])
  return db.rows<TaskMonth & Record<string, unknown>>(`SELECT e.task_id AS "taskId", substr(e.day, 1, 7) AS month,
      ${hours('e.minutes * e.count')} AS hours, sum(e.count) AS occurrences,
      ${hours(`CASE WHEN ${OPERATIONAL_TAGS} THEN e.minutes * e.count ELSE 0 END`)} AS "operationalHours"
    FROM entries e
    WHERE e.day BETWEEN $1 AND $2 AND ($3::text IS NULL OR e.task_id IN (SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE ${IN_TEAM('$3')}))
    GROUP BY e.task_id, month ORDER BY month, e.task_id`, [f.from, f.to, f.team ?? null])
}

export async function engineerTeamHours(db: Db, f: {from: Day; to: Day; teams: readonly string[]}): Promise<EngineerTeamMonthHours[]> {
  if (await member(db)) return db.rows(`SELECT * FROM toil_engineer_team_hours($1, $2, $3)`, [f.from, f.to, f.teams])
  // Engineers found through the teams' tasks; their hours in every team they logged for.
  return db.rows<EngineerTeamMonthHours & Record<string, unknown>>(`WITH who AS (
      SELECT DISTINCT e.engineer FROM teams tm JOIN tasks t ON t.team_id = tm.id JOIN entries e ON e.task_id = t.id AND e.day BETWEEN $1 AND $2
      WHERE lower(tm.name) IN (SELECT ${fold('name')} FROM unnest($3::text[]) AS name))
    SELECT e.engineer, tm.name AS team, substr(e.day, 1, 7) AS month, ${hours('e.minutes * e.count')} AS hours
    FROM who JOIN entries e ON e.engineer = who.engineer AND e.day BETWEEN $1 AND $2
      JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    GROUP BY e.engineer, tm.name, month ORDER BY e.engineer, lower(tm.name), month`, [f.from, f.to, f.teams])
}

export async function taskHistory(db: Db, f: {to: Day; team?: string}): Promise<TaskHistoryFacts[]> {
  if (await member(db)) return db.rows(`SELECT * FROM toil_task_history($1, $2)`, [f.to, f.team ?? null])
  // Index seeks per task (entries_by_task): never a scan of the whole history.
  return db.rows<TaskHistoryFacts & Record<string, unknown>>(`SELECT t.id AS "taskId",
      coalesce((SELECT sum(c) FROM (SELECT e.count AS c FROM entries e WHERE e.task_id = t.id AND e.day <= $1 ORDER BY e.day, e.seq LIMIT 3) first3), 0) AS occurrences,
      (SELECT min(e.day) FROM entries e WHERE e.task_id = t.id AND e.day <= $1) AS "firstDay"
    FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE ${IN_TEAM('$2')} ORDER BY t.id`, [f.to, f.team ?? null])
}

export async function engineerTaskHours(db: Db, f: AggregateFilter): Promise<EngineerTaskHours[]> {
  const role = await callerRole(db, f.team)
  if (role !== 'owner' && (role !== 'lead' || (f.team === undefined && (await engineerSomewhere(db))))) {
    throw notPermitted(`the per-engineer breakdown is for leads${f.team ? ` of ${f.team}` : ' of every team you belong to (or give --team)'}; an engineer sees the team's figures as sums`)
  }
  return db.rows<EngineerTaskHours & Record<string, unknown>>(`SELECT e.engineer, e.task_id AS "taskId", ${hours('e.minutes * e.count')} AS hours
    ${ENTRY_FROM}
    WHERE e.day BETWEEN $1 AND $2 AND ${IN_TEAM('$3')}
    GROUP BY e.engineer, e.task_id ORDER BY e.engineer, e.task_id`, [f.from, f.to, f.team ?? null])
}

export async function engineerDayHours(db: Db, engineer: string, day: Day): Promise<number> {
  return (await db.row<{hours: number}>(`SELECT ${hours('minutes * count')} AS hours FROM entries WHERE day = $1 AND engineer = $2`, [day, engineer]))!.hours ?? 0
}

export async function engineerTasks(db: Db, f: {engineer: string; from: Day; to: Day}): Promise<EngineerTaskTotals[]> {
  return db.rows<EngineerTaskTotals & Record<string, unknown>>(`SELECT e.task_id AS "taskId", t.name AS task, tm.name AS team, ${hours('e.minutes * e.count')} AS hours, sum(e.count) AS occurrences
    ${ENTRY_FROM}
    WHERE e.day BETWEEN $1 AND $2 AND e.engineer = $3
    GROUP BY e.task_id, t.name, tm.name ORDER BY hours DESC, t.name, tm.name`, [f.from, f.to, f.engineer])
}

export async function taskTotals(db: Db, taskId: number): Promise<TaskTotals> {
  if (await member(db)) return (await db.row<TaskTotals & Record<string, unknown>>(`SELECT * FROM toil_task_totals($1)`, [taskId]))!
  return (await db.row<TaskTotals & Record<string, unknown>>(`SELECT ${TOTALS} FROM entries e WHERE e.task_id = $1`, [taskId]))!
}

export async function firstDay(db: Db, team?: string): Promise<Day | null> {
  if (await member(db)) return (await db.row<{day: Day | null}>(`SELECT toil_first_day($1) AS day`, [team ?? null]))!.day
  return (await db.row<{day: Day | null}>(`SELECT min(e.day) AS day ${ENTRY_FROM} WHERE ${IN_TEAM('$1')}`, [team ?? null]))!.day
}
