/**
 * A mistyped command: one line names the closest command, and the run ends with exit 2 as any
 * other bad input does. The guess is never run, not even after a "yes" on a terminal
 * (@oclif/plugin-not-found's way): `toil task rn` is one letter from `task rm`.
 */
import {type Hook, toConfiguredId} from '@oclif/core'

import {reportError} from '../app/errors.js'
import {ToilError} from '../domain/errors.js'
import {editDistance, nearMatch} from '../domain/inputs.js'

/**
 * The command a mistyped id most likely meant: the same in another case, a typo away (one edit
 * for a short id: `lgo`, `tsk`; a guess is only named, never run), else the one command it begins.
 */
export function closestCommand(id: string, ids: readonly string[]): string | undefined {
  const same = ids.find((candidate) => candidate.toLowerCase() === id.toLowerCase())
  if (same) return same
  const near = nearMatch(id, ids)
  if (near) return near
  if (id.length >= 2) {
    const oneEdit = ids.find((candidate) => editDistance(candidate, id) === 1)
    if (oneEdit) return oneEdit
  }
  const starting = ids.filter((candidate) => candidate.startsWith(id))
  return id.length >= 2 && starting.length === 1 ? starting[0] : undefined
}

const hook: Hook<'command_not_found'> = async function (options) {
  const json = options.argv?.includes('--json') ?? false
  // Commands and topics (`task`), once each: oclif lists a command's id among the topics too.
  const ids = [...new Set([
    ...options.config.commands.filter((command) => !command.hidden).flatMap((command) => [command.id, ...command.aliases]),
    ...options.config.topics.filter((topic) => !topic.hidden).map((topic) => topic.name),
  ])]
  // With spaces between topic and command, oclif's id runs on into the arguments
  // ("task ad foo" → task:ad:foo): the mistyped part ends at the first word that is no topic.
  const words = options.id.split(':')
  let end = 1
  while (end < words.length && options.config.findTopic(words.slice(0, end).join(':'))) end++
  const mistyped = words.slice(0, end).join(':')
  const typed = toConfiguredId(mistyped, options.config)
  const near = closestCommand(mistyped, ids)
  const suggestion = near ? `; did you mean "${toConfiguredId(near, options.config)}"?` : ''
  reportError(new ToilError('invalid-input', `"${typed}" is not a toil command${suggestion} (toil help lists them all)`), json)
  // oclif would go on to print its own "command not found"; the line above is the whole answer.
  process.exit()
}

export default hook
