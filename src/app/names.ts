import {ToilError} from '../domain/errors.js'
import {nameKey} from '../domain/inputs.js'
import {isKnownName, nearName} from '../domain/names.js'
import type {Store} from '../store/store.js'

/**
 * The typo guard of a team or engineer name (as `toil log` has for tasks): a name that is
 * not there yet but is a near miss of one that is, is refused unless `createNew`.
 * The first name in an empty database is always accepted.
 */
export function guardName(kind: 'team' | 'engineer', name: string, known: readonly string[], createNew: boolean): void {
  if (createNew || known.includes(name)) return
  // Teams match in any case; engineers are stored as typed, so another case would split their figures.
  if (kind === 'team' && isKnownName(name, known)) return
  const near = known.find((k) => nameKey(k) === nameKey(name)) ?? nearName(name, known)
  if (near === undefined) return
  const what = kind === 'team' ? 'a team' : 'an engineer with entries'
  throw new ToilError('invalid-input', `${kind}: ${JSON.stringify(name)} is not ${what}; did you mean ${JSON.stringify(near)}? (use --new to create it)`)
}

export async function guardTeam(store: Store, team: string, createNew: boolean): Promise<void> {
  if (!createNew) guardName('team', team, await store.listTeams(), createNew)
}

export async function guardEngineer(store: Store, engineer: string, createNew: boolean): Promise<void> {
  if (!createNew) guardName('engineer', engineer, await store.engineerNames(), createNew)
}
