/** Renaming and removing teams, renaming and merging engineers (PostgreSQL). */
import type {RemoveTeamResult} from '../store.js'
import {type Db, fold} from './connection.js'
import {withBackup} from './tasks.js'
import {callerRole} from './access.js'
import {notPermitted, quote} from '../../domain/errors.js'

/** removeTeam's refusal, thrown to roll back its transaction. */
class Refused extends Error {}

const TEAM = `(SELECT id FROM teams WHERE lower(name) = ${fold('$1')})`

export async function renameTeam(db: Db, from: string, to: string): Promise<boolean> {
  return (await db.change('team rename', () => db.run(`UPDATE teams SET name = $2 WHERE lower(name) = ${fold('$1')}`, [from, to]))) > 0
}

export async function removeTeam(db: Db, team: string, options: {withEntries: boolean}): Promise<RemoveTeamResult> {
  // A team's removal takes its grants with it: the owner's to decide (the database refuses it too), before any backup.
  if ((await callerRole(db)) !== 'owner') throw notPermitted(`removing team ${quote(team)} is for the database's owner; ask them (see docs/team.md)`)
  let refused = {tasks: 0, entries: 0}
  try {
    const {value, backup} = await withBackup(db, 'team-rm', 'team rm', async () => {
      const entries = await db.run(`DELETE FROM entries WHERE task_id IN (SELECT id FROM tasks WHERE team_id = ${TEAM})`, [team])
      const tasks = await db.run(`DELETE FROM tasks WHERE team_id = ${TEAM}`, [team])
      await db.run(`DELETE FROM teams WHERE id = ${TEAM}`, [team])
      return {tasks, entries}
    }, async () => {
      refused = (await db.row<{tasks: number; entries: number}>(`SELECT (SELECT count(*) FROM tasks WHERE team_id = ${TEAM})::int AS tasks,
          (SELECT count(*) FROM entries WHERE task_id IN (SELECT id FROM tasks WHERE team_id = ${TEAM}))::int AS entries`, [team]))!
      if (!options.withEntries && (refused.tasks > 0 || refused.entries > 0)) throw new Refused()
    })
    return {removed: true, tasksRemoved: value.tasks, entriesRemoved: value.entries, backup}
  } catch (error) {
    if (error instanceof Refused) return {removed: false, ...refused}
    throw error
  }
}

export async function renameEngineer(db: Db, from: string, to: string): Promise<number> {
  return db.change('engineer rename', () => db.run(`UPDATE entries SET engineer = $2 WHERE engineer = $1`, [from, to]))
}

export async function mergeEngineers(db: Db, from: string, into: string): Promise<{entriesMoved: number; backup: string}> {
  const {value, backup} = await withBackup(db, 'engineer-merge', 'engineer merge', () => db.run(`UPDATE entries SET engineer = $2 WHERE engineer = $1`, [from, into]))
  return {entriesMoved: value, backup}
}
