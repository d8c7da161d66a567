import {userInfo} from 'node:os'

import {parseName} from '../domain/inputs.js'

/** `$TOIL_USER`, else the OS user name. */
export function defaultEngineer(): string {
  let name = process.env.TOIL_USER
  if (!name) {
    try {
      name = userInfo().username
    } catch {
      name = 'unknown'
    }
  }
  return parseName(name, 'engineer')
}
