import {parseName} from '../domain/inputs.js'
import type {Store} from './store.js'

export const DEFAULT_TEAM = 'default'

/**
 * `--team`, else `$TOIL_TEAM`, else the team of the last entry `user` (the user running the
 * command) logged, imported entries aside, else "default".
 */
export async function resolveTeam(store: Store, flag: string | undefined, user: string): Promise<string> {
  const given = flag ?? process.env.TOIL_TEAM
  if (given !== undefined && given !== '') return parseName(given, 'team')
  return (await store.lastTeamLoggedBy(user)) ?? DEFAULT_TEAM
}
