import {parseName} from '../domain/inputs.js'
import type {Store} from './store.js'

export const DEFAULT_TEAM = 'default'

/** `--team`, else `$TOIL_TEAM`, else the engineer's last team, else "default". */
export async function resolveTeam(store: Store, flag: string | undefined, engineer: string): Promise<string> {
  const given = flag ?? process.env.TOIL_TEAM
  if (given !== undefined && given !== '') return parseName(given, 'team')
  return (await store.latestEntryBy(engineer))?.team ?? DEFAULT_TEAM
}
