import {userInfo} from 'node:os'

import {setting} from '../config.js'
import {parseName} from '../domain/inputs.js'
import type {Store} from '../store/store.js'

/** `$TOIL_USER`, else the config file's `engineer`, else the OS user name. */
export function defaultEngineer(): string {
  let name = setting('engineer', undefined)?.value
  if (!name) {
    try {
      name = userInfo().username
    } catch {
      name = 'unknown'
    }
  }
  return parseName(name, 'engineer')
}

/** Who runs a command: a team database member's login role (SPEC §9.1), else `fallback`, else defaultEngineer(). */
export async function currentUser(store: Store, fallback?: string): Promise<string> {
  return (await store.identity()) ?? fallback ?? defaultEngineer()
}
