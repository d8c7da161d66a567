/** Which team a command means: the team a write goes to, and the teams a view shows. */
import {setting} from '../config.js'
import {ToilError} from '../domain/errors.js'
import {nearMatch, parseName} from '../domain/inputs.js'
import {requireTeam} from '../domain/task-input.js'
import type {Store} from '../store/store.js'

export const DEFAULT_TEAM = 'default'

/**
 * `--team`, else `$TOIL_TEAM`, else the config file's `team`, else the team of the last entry
 * `user` (the user running the command) logged, imported entries aside, else "default".
 */
export async function resolveTeam(store: Store, flag: string | undefined, user: string): Promise<string> {
  const given = setting('team', flag)?.value
  if (given !== undefined) return parseName(given, 'team')
  return (await store.lastTeamLoggedBy(user)) ?? DEFAULT_TEAM
}

/** The flags that choose the teams a view shows. */
export interface ScopeFlags {
  team?: string
  'all-teams'?: boolean
}

/**
 * The team a view shows: `--team`, else the default team ($TOIL_TEAM, the config file's team),
 * else all teams (null); `--all-teams` shows all whatever the default. A default team this
 * database does not hold is refused naming where it came from.
 */
export async function viewTeam(store: Store, flags: ScopeFlags): Promise<string | null> {
  if (flags['all-teams']) return null
  const chosen = setting('team', flags.team)
  if (chosen === undefined) return null
  const teams = await store.listTeams()
  if (chosen.source === 'flag') return requireTeam(parseName(chosen.value, 'team'), teams)
  const name = parseName(chosen.value, 'team')
  const found = teams.find((t) => t.toLowerCase() === name.toLowerCase())
  if (found !== undefined) return found
  const from = chosen.source === 'env' ? '$TOIL_TEAM' : "the config file's team"
  const near = nearMatch(name, teams)
  throw new ToilError('not-found', `team: ${JSON.stringify(name)} (${from}) is not a team of this database${near === undefined ? '' : `; did you mean ${JSON.stringify(near)}?`}; --team names another, --all-teams shows every team`)
}

