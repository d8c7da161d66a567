import {todayLocal} from '../domain/calendar.js'
import {currentUser, defaultEngineer} from './engineer.js'
import {parseDay} from '../domain/day.js'
import {formatDuration, parseDurationExact, roundHours} from '../domain/duration.js'
import {ToilError} from '../domain/errors.js'
import {checkCount, nearMatch, parseCategory, parseName, parseNote, parseTags} from '../domain/inputs.js'
import {entryHours} from '../domain/types.js'
import {describeEntry} from '../render/text.js'
import {defaultTask} from '../store/rows.js'
import type {Store} from '../store/store.js'
import {resolveTeam} from './teams.js'
import {guardEngineer, guardTeam} from './names.js'

/** `toil log` as typed: raw strings, validated here. */
export interface LogInput {
  task: string
  duration: string
  times: number
  day: string
  /** Who did it; default: whoever logs it. */
  engineer?: string
  team?: string
  tags: string[]
  note: string
  /** The category of a task this entry creates; an existing task must already be in it. */
  category?: string
  createNew: boolean
  /** The user running the command, whom `undo` and "your last team" follow (default: the store's identity, else $TOIL_USER, else the OS user). */
  loggedBy?: string
}

export interface LogResult {
  entry: {id: string; task: string; engineer: string; team: string; day: string; minutes: number; count: number; hours: number; tags: string[]; note: string; loggedBy?: string}
  taskCreated: boolean
  /** Said on standard error too: a rounded duration, a day past 24 h. */
  warnings: string[]
}

/** An engineer's logged hours on one day past which `log` warns (it still records). */
export const DAY_HOURS_WARNING = 24

/** Validates everything before opening the store, so bad input never touches it. */
export function validateLog(input: LogInput) {
  const duration = parseDurationExact(input.duration)
  return {
    name: parseName(input.task, 'task'),
    minutes: duration.minutes,
    rounded: duration.rounded,
    count: checkCount(input.times),
    day: parseDay(input.day, todayLocal()),
    tags: parseTags(input.tags),
    note: parseNote(input.note),
    engineer: input.engineer === undefined ? undefined : parseName(input.engineer, 'engineer'),
    // Read now, so a broken config file stops the command before the database is opened.
    user: input.loggedBy ?? defaultEngineer(),
    category: input.category === undefined ? undefined : parseCategory(input.category),
  }
}

/** Records one entry (creating its task unless the name is a near miss) and says what was stored. */
export async function logEntry(store: Store, input: LogInput, valid = validateLog(input)): Promise<{result: LogResult; message: string}> {
  // On a team database a member is their login role, whatever $TOIL_USER says (SPEC §9.1).
  const loggedBy = input.loggedBy ?? (await currentUser(store, valid.user))
  const engineer = valid.engineer ?? loggedBy
  const team = await resolveTeam(store, input.team, loggedBy)
  await guardTeam(store, team, input.createNew)
  await guardEngineer(store, engineer, input.createNew)
  const existing = await store.findTask(team, valid.name)
  if (!existing && !input.createNew) {
    const near = nearMatch(valid.name, await store.taskNames(team))
    if (near) throw new ToilError('invalid-input', `task: ${JSON.stringify(valid.name)} is not a task of team ${team}; did you mean ${JSON.stringify(near)}? (use --new to create it)`)
  }
  if (existing && valid.category !== undefined && existing.category !== valid.category) {
    const edit = `toil task edit ${JSON.stringify(existing.name)} --team ${team} --category ${valid.category}`
    throw new ToilError('invalid-input', `category: task ${JSON.stringify(existing.name)} of team ${team} is in category ${existing.category}, not ${valid.category}; change it with ${edit}`)
  }
  const {name, rounded, category, user: _user, ...fields} = valid
  const {entry, taskCreated} = await store.addEntry({...fields, engineer, task: existing?.name ?? name, team, loggedBy}, existing ? undefined : defaultTask(team, name, category))
  const created = taskCreated ? `\nNew task ${JSON.stringify(entry.task)} in team ${team}${category === undefined ? '' : `, category ${category}`}: answer its toil criteria with toil task edit` : ''
  const warnings: string[] = []
  if (rounded) warnings.push(`${input.duration.trim()} was rounded to ${formatDuration(entry.minutes)}: entries are kept in whole minutes`)
  const dayHours = await store.engineerDayHours(entry.engineer, entry.day)
  if (dayHours > DAY_HOURS_WARNING) {
    warnings.push(`${entry.engineer} has now logged ${roundHours(dayHours)} h on ${entry.day}, more than ${DAY_HOURS_WARNING} h; recorded all the same: if some of it happened on other days, log it with --day`)
  }
  const {createdAt: _createdAt, ...shown} = entry
  return {
    result: {entry: {...shown, hours: roundHours(entryHours(entry))}, taskCreated, warnings},
    message: `Logged ${describeEntry(entry)}${created}`,
  }
}
