/**
 * `toil log` run on a terminal without its arguments asks for them: the task (searching the
 * team's tasks as you type, or a new name), the duration (checked as the argument would be,
 * asked again until it parses) and the tags. @inquirer/prompts is loaded only here, so a
 * `toil log` with its arguments never pays for it.
 */
import {parseDurationExact} from '../domain/duration.js'
import {EXIT, ToilError} from '../domain/errors.js'
import {nameKey, parseName, parseTags} from '../domain/inputs.js'

export interface Asked {
  task: string
  duration: string
  tags: string[]
}

/** The message of what an answer fails, or true. */
function check(parse: () => unknown): true | string {
  try {
    parse()
    return true
  } catch (error) {
    return (error as Error).message
  }
}

/** Whether the command may ask: both ends a terminal, and no --json (a script reads that). */
export function canAsk(json: boolean): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !json
}

/** Asks for what is missing; `taskNames` are the team's tasks to choose from. */
export async function askLog(given: {task?: string; duration?: string; tags: string[]}, taskNames: readonly string[]): Promise<Asked> {
  const {input, search} = await import('@inquirer/prompts')
  try {
    const task =
      given.task ??
      (await search<string>({
        message: 'Task',
        source: (term) => {
          const typed = term?.trim() ?? ''
          const matches = taskNames.filter((name) => nameKey(name).includes(nameKey(typed)))
          const exact = matches.some((name) => nameKey(name) === nameKey(typed))
          return [...matches.map((name) => ({value: name})), ...(typed !== '' && !exact ? [{value: typed, name: `${typed} (new task)`}] : [])]
        },
        validate: (value) => check(() => parseName(value, 'task')),
      }))
    const duration = given.duration ?? (await input({message: 'Duration (hands-on time: 15m, 1h30m)', validate: (value) => check(() => parseDurationExact(value))}))
    const tags =
      given.tags.length > 0
        ? given.tags
        : parseTags([await input({message: 'Tags (comma-separated, Enter for none)', validate: (value) => check(() => parseTags([value]))})])
    return {task, duration, tags}
  } catch (error) {
    // Ctrl-C or Ctrl-D at a prompt: nothing was logged.
    if ((error as Error).name === 'ExitPromptError') throw new ToilError('interrupted', 'nothing logged', EXIT.interrupted)
    throw error
  }
}
