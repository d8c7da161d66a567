import {userInfo} from 'node:os'

import {setting} from '../config.js'
import {parseName} from '../domain/inputs.js'

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
