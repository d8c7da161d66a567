/** Renaming and removing teams, renaming and merging engineers (SQLite). */
import type {RemoveTeamResult} from '../store.js'
import type {SqliteStore} from './store.js'

/** removeTeam's refusal, thrown to roll back its transaction. */
class Refused extends Error {}

export async function renameTeam(s: SqliteStore, from: string, to: string): Promise<boolean> {
  // name is COLLATE NOCASE: found in any case, and a clash with another team is a constraint error.
  return s.stmt(`UPDATE teams SET name = ? WHERE name = ?`).run(to, from).changes > 0
}

export async function removeTeam(s: SqliteStore, team: string, options: {withEntries: boolean}): Promise<RemoveTeamResult> {
  const counts = () => s.stmt(`SELECT count(*) AS tasks, (SELECT count(*) FROM entries e JOIN tasks t2 ON t2.id = e.task_id JOIN teams tm2 ON tm2.id = t2.team_id WHERE tm2.name = @team) AS entries
      FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = @team`).get({team}) as {tasks: number; entries: number}
  let refused = {tasks: 0, entries: 0}
  try {
    // Counted, backed up and removed under one lock: a task or entry added meanwhile is in the backup, or makes it refuse.
    const {value, backup} = await s.changeWithBackup('team-rm', () => {
      const entries = s.stmt(`DELETE FROM entries WHERE task_id IN (SELECT t.id FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE tm.name = ?)`).run(team).changes
      const tasks = s.stmt(`DELETE FROM tasks WHERE team_id IN (SELECT id FROM teams WHERE name = ?)`).run(team).changes
      s.stmt(`DELETE FROM teams WHERE name = ?`).run(team)
      return {tasks, entries}
    }, () => {
      refused = counts()
      if (!options.withEntries && (refused.tasks > 0 || refused.entries > 0)) throw new Refused()
    })
    return {removed: true, tasksRemoved: value.tasks, entriesRemoved: value.entries, backup: backup!}
  } catch (error) {
    if (error instanceof Refused) return {removed: false, ...refused}
    throw error
  }
}

export async function renameEngineer(s: SqliteStore, from: string, to: string): Promise<number> {
  return (await s.changeWithBackup(null, () => s.stmt(`UPDATE entries SET engineer = ? WHERE engineer = ?`).run(to, from).changes)).value
}

export async function mergeEngineers(s: SqliteStore, from: string, into: string): Promise<{entriesMoved: number; backup: string}> {
  const {value, backup} = await s.changeWithBackup('engineer-merge', () => s.stmt(`UPDATE entries SET engineer = ? WHERE engineer = ?`).run(into, from).changes)
  return {entriesMoved: value, backup: backup!}
}
