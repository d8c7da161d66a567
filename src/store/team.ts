import {setting} from '../config.js'
import {parseName} from '../domain/inputs.js'
import type {Store} from './store.js'

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
