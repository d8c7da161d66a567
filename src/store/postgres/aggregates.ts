/**
 * The analyzer's aggregates, summed in SQL as in SQLite. Hours are
 * `sum(minutes × count)` as float8 ÷ 60: the same double SQLite computes, so
 * both stores print the same figures. Counts are bigint, read as numbers (connection.ts).
 */
import type {Day} from '../../domain/calendar.js'
import type {AggregateFilter, EngineerTaskHours, TaskMonth, TaskTotals, TeamMonthEngineers} from '../store.js'
import {type Db, fold} from './connection.js'
import {ENTRY_FROM, TOTALS} from './entries.js'

const hours = (minutes: string) => `sum(${minutes})::float8 / 60`
const OPERATIONAL_TAGS = `e.tags && ARRAY['oncall', 'interrupt']`
const IN_TEAM = (param: string) => `(${param}::text IS NULL OR lower(tm.name) = ${fold(param)})`

export async function taskMonths(db: Db, f: AggregateFilter): Promise<TaskMonth[]> {
  return db.rows<TaskMonth & Record<string, unknown>>(`SELECT e.task_id AS "taskId", substr(e.day, 1, 7) AS month,
      ${hours('e.minutes * e.count')} AS hours, sum(e.count) AS occurrences,
      ${hours(`CASE WHEN ${OPERATIONAL_TAGS} THEN e.minutes * e.count ELSE 0 END`)} AS "operationalHours"
    FROM entries e
    WHERE e.day BETWEEN $1 AND $2 AND ($3::text IS NULL OR e.task_id IN (SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE ${IN_TEAM('$3')}))
    GROUP BY e.task_id, month ORDER BY month, e.task_id`, [f.from, f.to, f.team ?? null])
}

export async function engineersPerMonth(db: Db, f: {from: Day; to: Day; teams: readonly string[]}): Promise<TeamMonthEngineers[]> {
  // From the teams through their tasks' entries_by_task ranges: other teams' entries are never read.
  return db.rows<TeamMonthEngineers & Record<string, unknown>>(`SELECT tm.name AS team, substr(e.day, 1, 7) AS month, count(DISTINCT e.engineer) AS engineers
    FROM teams tm JOIN tasks t ON t.team_id = tm.id JOIN entries e ON e.task_id = t.id AND e.day BETWEEN $1 AND $2
    WHERE lower(tm.name) IN (SELECT ${fold('name')} FROM unnest($3::text[]) AS name)
    GROUP BY tm.name, month ORDER BY lower(tm.name), month`, [f.from, f.to, f.teams])
}

export async function engineerTaskHours(db: Db, f: AggregateFilter): Promise<EngineerTaskHours[]> {
  return db.rows<EngineerTaskHours & Record<string, unknown>>(`SELECT e.engineer, e.task_id AS "taskId", ${hours('e.minutes * e.count')} AS hours
    ${ENTRY_FROM}
    WHERE e.day BETWEEN $1 AND $2 AND ${IN_TEAM('$3')}
    GROUP BY e.engineer, e.task_id ORDER BY e.engineer, e.task_id`, [f.from, f.to, f.team ?? null])
}

export async function taskTotals(db: Db, taskId: number): Promise<TaskTotals> {
  return (await db.row<TaskTotals & Record<string, unknown>>(`SELECT ${TOTALS} FROM entries e WHERE e.task_id = $1`, [taskId]))!
}

export async function firstDay(db: Db, team?: string): Promise<Day | null> {
  return (await db.row<{day: Day | null}>(`SELECT min(e.day) AS day ${ENTRY_FROM} WHERE ${IN_TEAM('$1')}`, [team ?? null]))!.day
}
