import {weeklyToMonthly} from './analysis/capacity.js'
import {type Day, type Month, monthOf} from './calendar.js'
import {parseDay, parseMonth} from './day.js'
import {parseDuration, parseHours} from './duration.js'
import {ToilError, inputError} from './errors.js'
import {parseFrequency} from './frequency.js'
import {nearMatch, parsePercent} from './inputs.js'
import {nearName} from './names.js'
import {type Answer, type AutomationEstimate, type CapacityPeriod, type Category, type Criteria, type Criterion, type Status, type Task, CRITERIA, unknownCriteria} from './types.js'

/** The flag that answers each criterion. `--enduring-value` answers `noEnduringValue` with the opposite value. */
export const CRITERION_FLAGS = {
  manual: 'manual',
  repetitive: 'repetitive',
  automatable: 'automatable',
  tactical: 'tactical',
  noEnduringValue: 'enduring-value',
  scales: 'scales',
} as const satisfies Record<Criterion, string>

/** What `task edit --unset` can return to unknown (criteria) or clear (the optional fields). */
export const UNSET_FIELDS = ['manual', 'repetitive', 'automatable', 'tactical', 'enduring-value', 'scales', 'every', 'duration', 'cost'] as const
export type UnsetField = (typeof UNSET_FIELDS)[number]

/** The task flags as oclif parses them: booleans for criteria, raw strings for values. */
export interface TaskFlags {
  category?: Category
  manual?: boolean
  repetitive?: boolean
  automatable?: boolean
  tactical?: boolean
  'enduring-value'?: boolean
  scales?: boolean
  every?: string
  duration?: string
  cost?: string
  reduction?: string
  maintenance?: string
  status?: Status
  since?: string
}

export interface TaskEditFlags extends TaskFlags {
  name?: string
  unset?: readonly UnsetField[]
}

/** A new task's fields, less its team and name. */
export type TaskFields = Pick<Task, 'category' | 'criteria' | 'frequency' | 'durationMinutes' | 'estimate' | 'status' | 'automatedSince'>
export type TaskFieldsPatch = Partial<TaskFields> & {name?: string}

/** The answer a criterion flag gives; undefined when the flag is absent. */
function answerOf(criterion: Criterion, flags: TaskFlags): Answer | undefined {
  const given = flags[CRITERION_FLAGS[criterion]]
  if (given === undefined) return undefined
  // `--enduring-value` means the work does leave lasting value: the toil criterion is not met.
  const met = criterion === 'noEnduringValue' ? !given : given
  return met ? 'yes' : 'no'
}

/** `base` with the criteria the flags answer, and the unset ones back to unknown. */
export function applyCriteria(base: Criteria, flags: TaskFlags, unset: readonly UnsetField[] = []): Criteria {
  const out = {...base}
  for (const criterion of CRITERIA) {
    const flag = CRITERION_FLAGS[criterion]
    const answer = answerOf(criterion, flags)
    const withdrawn = unset.includes(flag)
    if (answer !== undefined && withdrawn) throw inputError('unset', flag, `contradicts --${flags[flag] ? '' : 'no-'}${flag}; give one of them`)
    if (answer !== undefined) out[criterion] = answer
    if (withdrawn) out[criterion] = 'unknown'
  }
  return out
}

function parseEstimate(base: AutomationEstimate, flags: TaskFlags, unsetCost: boolean): AutomationEstimate {
  if (unsetCost && flags.cost !== undefined) throw inputError('unset', 'cost', 'contradicts --cost; give one of them')
  return {
    costHours: unsetCost ? null : flags.cost === undefined ? base.costHours : parseHours(flags.cost, 'cost'),
    reduction: flags.reduction === undefined ? base.reduction : parsePercent(flags.reduction, 'reduction'),
    maintenanceHoursPerMonth: flags.maintenance === undefined ? base.maintenanceHoursPerMonth : parseHours(flags.maintenance, 'maintenance'),
  }
}

const SINCE_NEEDS_AUTOMATED = 'needs --status automated: it is the day the automation went live'

/** A new task's fields from the flags of `task add`; criteria not given are unknown. */
export function parseTaskFields(flags: TaskFlags, today: Day): TaskFields {
  const status = flags.status ?? 'active'
  if (flags.since !== undefined && status !== 'automated') throw inputError('since', flags.since, SINCE_NEEDS_AUTOMATED)
  return {
    category: flags.category ?? 'other',
    criteria: applyCriteria(unknownCriteria(), flags),
    frequency: flags.every === undefined ? null : parseFrequency(flags.every, 'every'),
    durationMinutes: flags.duration === undefined ? null : parseDuration(flags.duration),
    estimate: parseEstimate({costHours: null, reduction: 1, maintenanceHoursPerMonth: 0}, flags, false),
    status,
    automatedSince: status === 'automated' ? parseDay(flags.since ?? 'today', today, 'since') : null,
  }
}

const EDIT_FLAGS = ['name', 'category', ...Object.values(CRITERION_FLAGS), 'every', 'duration', 'cost', 'reduction', 'maintenance', 'status', 'since'] as const

/**
 * The patch `task edit` applies to `current`: only what the flags give. A criterion
 * flag and `--unset` of the same field contradict each other and are refused.
 */
export function parseTaskPatch(current: Task, flags: TaskEditFlags, today: Day): TaskFieldsPatch {
  const unset = flags.unset ?? []
  const given = EDIT_FLAGS.filter((f) => flags[f] !== undefined)
  if (given.length === 0 && unset.length === 0) {
    throw new ToilError('invalid-input', 'edit: nothing to change; give a flag such as --category, --manual, --every, --cost, --status or --name (see toil task edit --help)')
  }
  const patch: TaskFieldsPatch = {}
  if (flags.name !== undefined) patch.name = flags.name
  if (flags.category !== undefined) patch.category = flags.category
  if (CRITERIA.some((c) => flags[CRITERION_FLAGS[c]] !== undefined || unset.includes(CRITERION_FLAGS[c]))) {
    patch.criteria = applyCriteria(current.criteria, flags, unset)
  }
  if (unset.includes('every') && flags.every !== undefined) throw inputError('unset', 'every', 'contradicts --every; give one of them')
  if (unset.includes('every')) patch.frequency = null
  else if (flags.every !== undefined) patch.frequency = parseFrequency(flags.every, 'every')
  if (unset.includes('duration') && flags.duration !== undefined) throw inputError('unset', 'duration', 'contradicts --duration; give one of them')
  if (unset.includes('duration')) patch.durationMinutes = null
  else if (flags.duration !== undefined) patch.durationMinutes = parseDuration(flags.duration)
  if (flags.cost !== undefined || flags.reduction !== undefined || flags.maintenance !== undefined || unset.includes('cost')) {
    patch.estimate = parseEstimate(current.estimate, flags, unset.includes('cost'))
  }
  const status = flags.status ?? current.status
  if (flags.since !== undefined && status !== 'automated') {
    throw inputError('since', flags.since, `${SINCE_NEEDS_AUTOMATED} (the task is ${current.status})`)
  }
  if (flags.status !== undefined || flags.since !== undefined) {
    patch.status = status
    // The since-day belongs to the automated status: kept while automated, cleared when it is withdrawn.
    const kept = current.status === 'automated' ? current.automatedSince : null
    patch.automatedSince = status === 'automated' ? (flags.since === undefined ? kept ?? today : parseDay(flags.since, today, 'since')) : null
  }
  return patch
}

/**
 * The error for a task name not in a team (or a team that does not exist): points to
 * another team that has the name, else to a near match.
 */
export function missingTask(name: string, team: string, taskNames: readonly string[], teams: readonly string[], teamsWithName: readonly string[] = []): ToilError {
  const other = teamsWithName.find((t) => t.toLowerCase() !== team.toLowerCase())
  const near = nearMatch(name, taskNames)
  let hint = '; toil task list shows the tasks'
  if (other !== undefined) hint = `; team ${other} has it (--team ${other})`
  else if (!teams.some((t) => t.toLowerCase() === team.toLowerCase())) return missingTeam(team, teams)
  else if (near !== undefined) hint = `; did you mean ${JSON.stringify(near)}?`
  return new ToilError('not-found', `task: ${JSON.stringify(name)} is not a task of team ${team}${hint}`)
}

/** The stored spelling of a team name (teams match case-insensitively); refuses an unknown team. */
export function requireTeam(team: string, teams: readonly string[]): string {
  const found = teams.find((t) => t.toLowerCase() === team.toLowerCase())
  if (found === undefined) throw missingTeam(team, teams)
  return found
}

export function missingTeam(team: string, teams: readonly string[]): ToilError {
  const near = nearName(team, teams)
  const hint = near === undefined ? (teams.length === 0 ? '; there are no teams yet' : `; teams: ${teams.join(', ')}`) : `; did you mean ${JSON.stringify(near)}?`
  return new ToilError('not-found', `team: ${JSON.stringify(team)} is not a team${hint}`)
}

/** Capacity hours of a month (SPEC §2): members × hours per week × days in the month ÷ 7. */
export function capacityHoursOfMonth(members: number, hoursPerWeek: number, month: Month): number {
  return weeklyToMonthly(members * hoursPerWeek, month)
}

/** The share of each engineer's weeks on call: shifts ÷ rotation (calendar time, not hands-on time). */
export function onCallShare(rotation: number, shifts: number): number {
  return shifts / rotation
}

export interface CapacityFlags {
  members: string
  hoursPerWeek: string
  from?: string
  rotation?: string
  shifts?: string
}

function parseWhole(input: string, field: string, min: number, max: number): number {
  const text = input.trim()
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) throw inputError(field, input, `must be a whole number from ${min} to ${max}`)
  return value
}

/** A capacity period from the flags of `team set`; the from-month defaults to today's month. */
export function parseCapacity(team: string, flags: CapacityFlags, today: Day): CapacityPeriod {
  const members = parseWhole(flags.members, 'members', 1, 100_000)
  const text = flags.hoursPerWeek.trim()
  const hoursPerWeek = Number(text)
  if (!/^\d+(\.\d+)?$/.test(text) || !(hoursPerWeek > 0) || hoursPerWeek > 168) {
    throw inputError('hours-per-week', flags.hoursPerWeek, 'must be a number of hours above 0 and at most 168, e.g. 40 or 37.5')
  }
  const fromMonth = flags.from === undefined ? monthOf(today) : parseMonth(flags.from, today, 'from')
  if ((flags.rotation === undefined) !== (flags.shifts === undefined)) {
    const [given, missing] = flags.rotation === undefined ? ['shifts', 'rotation'] : ['rotation', 'shifts']
    throw inputError(given, (flags.rotation ?? flags.shifts)!, `needs --${missing} too: a rotation of N people with S concurrent shifts`)
  }
  let rotation: number | null = null
  let shifts: number | null = null
  if (flags.rotation !== undefined && flags.shifts !== undefined) {
    rotation = parseWhole(flags.rotation, 'rotation', 1, 1000)
    shifts = parseWhole(flags.shifts, 'shifts', 1, 1000)
    if (shifts > rotation) throw inputError('shifts', flags.shifts, `is more than the rotation of ${rotation}; shifts is how many of the rotation are on call at once`)
  }
  return {team, fromMonth, members, hoursPerWeek, rotation, shifts}
}

/** A toil budget: a percentage above 0 and at most 100%, or none to clear it. */
export function parseToilBudget(input: string): number | null {
  if (input.trim().toLowerCase() === 'none') return null
  const value = parsePercent(input, 'toil-budget')
  if (value <= 0) throw inputError('toil-budget', input, 'must be more than 0%, e.g. 30%; none clears it')
  return value
}
