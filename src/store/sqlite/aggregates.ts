/** The analyzer's sums on SQLite: per task and month, per engineer, over a task's history. */
import type {Day} from '../../domain/calendar.js'
import type {AggregateFilter, EngineerTaskHours, EngineerTaskTotals, EngineerTeamMonthHours, TaskHistoryFacts, TaskMonth, TaskTotals} from '../store.js'
import type {SqliteStore} from './store.js'

const OPERATIONAL_TAGS = `(e.tags LIKE '%"oncall"%' OR e.tags LIKE '%"interrupt"%')`

function aggregateParams(f: AggregateFilter): Record<string, unknown> {
  return {from: f.from, to: f.to, team: f.team ?? null}
}

export async function taskMonths(s: SqliteStore, f: AggregateFilter): Promise<TaskMonth[]> {
  return s.stmt(`SELECT e.task_id AS taskId, substr(e.day, 1, 7) AS month,
      sum(e.minutes * e.count) / 60.0 AS hours, sum(e.count) AS occurrences,
      sum(CASE WHEN ${OPERATIONAL_TAGS} THEN e.minutes * e.count ELSE 0 END) / 60.0 AS operationalHours
    FROM entries e
    WHERE e.day BETWEEN @from AND @to AND (@team IS NULL OR e.task_id IN (SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = @team))
    GROUP BY e.task_id, month ORDER BY month, e.task_id`).all(aggregateParams(f)) as TaskMonth[]
}

export async function engineerTeamHours(s: SqliteStore, f: {from: Day; to: Day; teams: readonly string[]}): Promise<EngineerTeamMonthHours[]> {
  // Engineers found through the teams' tasks (entries_by_task); their hours in every team through entries_by_engineer.
  return s.stmt(`WITH who AS (
      SELECT DISTINCT e.engineer FROM teams tm JOIN tasks t ON t.team_id = tm.id JOIN entries e ON e.task_id = t.id AND e.day BETWEEN @from AND @to
      WHERE tm.name IN (SELECT value FROM json_each(@teams)))
    SELECT e.engineer, tm.name AS team, substr(e.day, 1, 7) AS month, sum(e.minutes * e.count) / 60.0 AS hours
    FROM who JOIN entries e ON e.engineer = who.engineer AND e.day BETWEEN @from AND @to
      JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    GROUP BY e.engineer, tm.name, month ORDER BY e.engineer, tm.name, month`).all({from: f.from, to: f.to, teams: JSON.stringify(f.teams)}) as EngineerTeamMonthHours[]
}

export async function taskHistory(s: SqliteStore, f: {to: Day; team?: string}): Promise<TaskHistoryFacts[]> {
  // Index seeks per task (entries_by_task): never a scan of the whole history.
  return s.stmt(`SELECT t.id AS taskId,
      coalesce((SELECT sum(c) FROM (SELECT e.count AS c FROM entries e WHERE e.task_id = t.id AND e.day <= @to ORDER BY e.day LIMIT 3)), 0) AS occurrences,
      (SELECT min(e.day) FROM entries e WHERE e.task_id = t.id AND e.day <= @to) AS firstDay
    FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE (@team IS NULL OR tm.name = @team) ORDER BY t.id`).all({to: f.to, team: f.team ?? null}) as TaskHistoryFacts[]
}

export async function engineerTaskHours(s: SqliteStore, f: AggregateFilter): Promise<EngineerTaskHours[]> {
  return s.stmt(`SELECT e.engineer, e.task_id AS taskId, sum(e.minutes * e.count) / 60.0 AS hours
    FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    WHERE e.day BETWEEN @from AND @to AND (@team IS NULL OR tm.name = @team)
    GROUP BY e.engineer, e.task_id ORDER BY e.engineer`).all(aggregateParams(f)) as EngineerTaskHours[]
}

export async function engineerDayHours(s: SqliteStore, engineer: string, day: Day): Promise<number> {
  // Without statistics SQLite would pick entries_by_engineer and read all of the engineer's history on every log.
  return (s.stmt(`SELECT coalesce(sum(minutes * count), 0) / 60.0 AS hours FROM entries INDEXED BY entries_by_day WHERE day = ? AND engineer = ?`).get(day, engineer) as {hours: number}).hours
}

export async function engineerTasks(s: SqliteStore, f: {engineer: string; from: Day; to: Day}): Promise<EngineerTaskTotals[]> {
  // Through the days (a week or a month of everyone's entries), not the engineer's whole history.
  return s.stmt(`SELECT e.task_id AS taskId, t.name AS task, tm.name AS team, sum(e.minutes * e.count) / 60.0 AS hours, sum(e.count) AS occurrences
    FROM entries e INDEXED BY entries_by_day JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    WHERE e.day BETWEEN @from AND @to AND e.engineer = @engineer
    GROUP BY e.task_id ORDER BY hours DESC, t.name, tm.name`).all(f) as EngineerTaskTotals[]
}

export async function taskTotals(s: SqliteStore, taskId: number): Promise<TaskTotals> {
  return s.stmt(`SELECT count(*) AS entries, coalesce(sum(count), 0) AS occurrences, coalesce(sum(minutes * count), 0) / 60.0 AS hours,
      min(day) AS firstDay, max(day) AS lastDay
    FROM entries WHERE task_id = ?`).get(taskId) as TaskTotals
}

export async function firstDay(s: SqliteStore, team?: string): Promise<string | null> {
  const row = s.stmt(`SELECT min(e.day) AS day FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    WHERE (@team IS NULL OR tm.name = @team)`).get({team: team ?? null}) as {day: string | null}
  return row.day
}
