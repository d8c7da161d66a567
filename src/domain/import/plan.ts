/**
 * What an import of another system's records will do (SPEC §10): each record's team and task,
 * which records are new, which are stored already (the same, or changed upstream), and what is
 * skipped and why. Pure: the command reads the store and hands its answers in.
 */
import {roundHours} from '../duration.js'
import {ToilError, inputError} from '../errors.js'
import {nameKey, nearMatch, parseName} from '../inputs.js'
import type {Category, Entry} from '../types.js'
import {type Covered, type Skip, type Source, type SourceRecord, entryIdOf, isAccountId, showMinutes} from './source.js'
import {normaliseTitle} from './title.js'

export const TASK_FROM = ['title', 'service', 'label', 'component'] as const
export type TaskFrom = (typeof TASK_FROM)[number]

/** Which --task-from each source can follow. */
export const TASK_FROM_OF: Record<Source, readonly TaskFrom[]> = {pagerduty: ['title', 'service'], jira: ['title', 'label', 'component']}

/** Where a record's team comes from: --team, a --team-map, or the source's own team name, else the default team. */
export interface TeamChoice {
  team?: string
  /** Source names (lower-cased) to toil teams. */
  map?: ReadonlyMap<string, string>
  /** The team when neither --team nor a map name one: $TOIL_TEAM, the user's last team, "default". */
  fallback: string
}

/** A record with its team, task and entry id. */
export interface PlacedRecord extends SourceRecord {
  team: string
  task: string
  id: string
}

/**
 * Reads a --team-map file: a JSON object from source names (PagerDuty team, service or
 * escalation policy; Jira component or project key) to toil team names.
 */
export function parseTeamMap(text: string, file: string): Map<string, string> {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw inputError('team-map', file, `is not JSON (${(error as Error).message}); give an object such as {"Checkout API": "payments"}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw inputError('team-map', file, 'is not a JSON object; give an object such as {"Checkout API": "payments"}')
  const map = new Map<string, string>()
  for (const [from, to] of Object.entries(json)) {
    if (typeof to !== 'string') throw inputError('team-map', `${from}: ${JSON.stringify(to)}`, 'maps a name to something other than a team name')
    map.set(from.trim().toLowerCase(), parseName(to, `team-map ${JSON.stringify(from)}`))
  }
  return map
}

/**
 * Reads an --engineer-map file: a JSON object from names as the export writes them (Jira
 * Cloud account ids, PagerDuty user names) to engineers' names in toil.
 */
export function parseEngineerMap(text: string, file: string): Map<string, string> {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw inputError('engineer-map', file, `is not JSON (${(error as Error).message}); give an object such as {"ug:4e18…": "Ann Lee"}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw inputError('engineer-map', file, 'is not a JSON object; give an object such as {"ug:4e18…": "Ann Lee"}')
  const map = new Map<string, string>()
  for (const [from, to] of Object.entries(json)) {
    if (typeof to !== 'string') throw inputError('engineer-map', `${from}: ${JSON.stringify(to)}`, 'maps a name to something other than an engineer\'s name')
    map.set(from.trim().toLowerCase(), parseName(to, `engineer-map ${JSON.stringify(from)}`))
  }
  return map
}

/** An account id no name was found for, with how many records carry it. */
export interface UnmappedId {
  id: string
  records: number
}

/**
 * Names each record's engineer (in place: the records are the parse's own): an
 * --engineer-map entry first, else the name the file itself pairs an account id with; the
 * account ids left are returned, for the summary.
 */
export function nameEngineers(records: SourceRecord[], fileNames: ReadonlyMap<string, string> = new Map(), map: ReadonlyMap<string, string> = new Map()): UnmappedId[] {
  const unmapped = new Map<string, number>()
  // A file names a few people many times: each name is looked up once.
  const named = new Map<string, {engineer: string; id: boolean}>()
  for (const r of records) {
    let name = named.get(r.engineer)
    if (name === undefined) {
      const engineer = map.get(r.engineer.toLowerCase()) ?? fileNames.get(r.engineer) ?? r.engineer
      name = {engineer, id: isAccountId(engineer)}
      named.set(r.engineer, name)
    }
    if (name.engineer !== r.engineer) r.engineer = name.engineer
    if (name.id) unmapped.set(name.engineer, (unmapped.get(name.engineer) ?? 0) + 1)
  }
  return [...unmapped].map(([id, n]) => ({id, records: n}))
}

/** Titles repeat page after page: each is normalised once (bounded, like the checks of an export). */
const titles = new Map<string, string>()
function normalised(title: string): string {
  let name = titles.get(title)
  if (name === undefined) {
    if (titles.size >= 10_000) titles.clear()
    name = normaliseTitle(title)
    titles.set(title, name)
  }
  return name
}

/** The task name of a record: its normalised title, or the service, label or component asked for (the title where it has none). */
export function taskNameOf(record: SourceRecord, from: TaskFrom, ruleLabels: readonly string[] = []): string {
  const ruled = new Set(ruleLabels.map((l) => l.toLowerCase()))
  const chosen =
    from === 'service' ? record.service :
    from === 'label' ? record.labels.find((l) => !ruled.has(l.toLowerCase())) :
    from === 'component' ? record.components[0] :
    undefined
  // A title of numbers or ids only is its own task: "12345" and "67890" are not one kind of work.
  const asWritten = [...record.title.replaceAll(/\s+/g, ' ').trim()].slice(0, 200).join('').trim()
  const name = (chosen ?? '').trim() || normalised(record.title) || asWritten || record.service || (record.tags.includes('pagerduty') ? 'PagerDuty incident' : 'Jira ticket')
  return parseName(name.replaceAll(/\s+/g, ' '), 'task')
}

/** Gives every record its team, task name (before matching existing tasks) and entry id, in place (the records are the parse's own); names the records no team map covers. */
export function placeRecords(records: SourceRecord[], from: TaskFrom, teams: TeamChoice, ruleLabels: readonly string[] = []): PlacedRecord[] {
  const unmapped = new Map<string, number>()
  const checked = new Map<string, string>()
  const placed = records.map((r) => {
    let team = teams.team
    if (team === undefined && teams.map) {
      const name = r.teamNames.find((n) => teams.map!.has(n.toLowerCase()))
      team = name === undefined ? undefined : teams.map.get(name.toLowerCase())
      if (team === undefined) {
        const shown = r.teamNames.join(' / ') || '(no team or service)'
        if (!unmapped.has(shown)) unmapped.set(shown, r.line)
      }
    }
    if (team === undefined && !teams.map) team = r.sourceTeam ?? teams.fallback
    return atLine(r.line, (): PlacedRecord => {
      // Teams, engineers and titles repeat record after record: each is checked once.
      const teamName = team === undefined ? '' : once(checked, `team\u0000${team}`, () => parseName(team, 'team'))
      const engineer = once(checked, `engineer\u0000${r.engineer}`, () => parseName(r.engineer, 'engineer'))
      const task = from === 'title' ? once(checked, `task\u0000${r.title}\u0000${r.service ?? ''}`, () => taskNameOf(r, from, ruleLabels)) : taskNameOf(r, from, ruleLabels)
      // In place: a copy of each of 80,000 records is memory an import need not hold.
      const placed = r as PlacedRecord
      placed.engineer = engineer
      placed.team = teamName
      placed.task = task
      placed.id = entryIdOf(r.sourceKey)
      return placed
    })
  })
  if (unmapped.size > 0) {
    const list = [...unmapped].slice(0, 5).map(([name, line]) => `${JSON.stringify(name)} (line ${line})`).join(', ')
    const more = unmapped.size > 5 ? ` and ${unmapped.size - 5} more` : ''
    throw new ToilError('invalid-input', `team-map: no team for ${list}${more}; add them to the map, or give --team`)
  }
  return placed
}

/** A value computed once a key. */
function once(cache: Map<string, string>, key: string, fn: () => string): string {
  let value = cache.get(key)
  if (value === undefined) {
    value = fn()
    cache.set(key, value)
  }
  return value
}

/** Runs a check of one record's values, naming its line in the error. */
function atLine<T>(line: number, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof ToilError) throw new ToilError(error.code, `line ${line}: ${error.message}`, error.exit)
    throw error
  }
}

/** One task of the summary. */
export interface PlanTask {
  team: string
  task: string
  records: number
  hours: number
  newTask: boolean
  /** An existing task this new name is one typo away from: refused unless --new. */
  nearMatch: string | null
  category: Category
}

/**
 * A stored record the file replaces or no longer holds: an issue's Time Spent fallback once
 * its worklogs are in the file, or a worklog gone from a file that holds all of its issue's.
 */
export interface PlanRemoval {
  sourceKey: string
  id: string
  /** The line of the issue in the file. */
  line: number
  team: string
  task: string
  minutes: number
  /** `replaced by its 2 worklogs (1.5 h)`, `no longer in the file (deleted upstream)`. */
  reason: string
}

/** What else an import is told: what the file covers and the stored records of those issues, and whether long days are admitted. */
export interface PlanContext {
  covered?: readonly Covered[]
  /** Stored entries of the covered issues (by their key prefix). */
  storedOfIssues?: readonly Entry[]
  /** Import person-days above 24 hours too (--allow-long-days). */
  allowLongDays?: boolean
  /** Apply replacements: without it, the worklogs that replace a fallback wait (--update). */
  update?: boolean
}

/** A stored record whose figures differ from the file's. */
export interface PlanChange {
  sourceKey: string
  id: string
  line: number
  changes: {field: 'day' | 'minutes' | 'engineer'; stored: string | number; file: string | number}[]
  record: PlacedRecord
}

export interface SkipGroup {
  reason: string
  count: number
  keys: string[]
}

export interface ImportPlan {
  tasks: PlanTask[]
  /** Records to add, with the task names they take (an existing task's spelling where there is one). */
  add: PlacedRecord[]
  changed: PlanChange[]
  /** Stored records to remove (applied with --update). */
  removed: PlanRemoval[]
  unchanged: number
  skipped: SkipGroup[]
}

/** The most hands-on minutes one person has in a day: more is a file's mistake (an add-on's bulk worklogs), as `toil log` warns. */
export const MAX_DAY_MINUTES = 24 * 60

/**
 * Decides what an import does. `existingTasks` holds the task names of each team (by the
 * team as given), `stored` the stored entries of the records' source keys.
 */
export function planImport(placed: readonly PlacedRecord[], skipped: readonly Skip[], existingTasks: ReadonlyMap<string, readonly string[]>, stored: ReadonlyMap<string, Entry>, context: PlanContext = {}): ImportPlan {
  const skips: Skip[] = [...skipped]
  const add: PlacedRecord[] = []
  const changed: PlanChange[] = []
  const {removed, held, doubled, renamed} = issueChanges(placed, context)
  let unchanged = 0
  const seen = new Set<string>()
  for (let record of placed) {
    if (seen.has(record.sourceKey)) {
      skips.push({key: record.sourceKey, line: record.line, reason: 'appears again in the file (the first one counts)'})
      continue
    }
    seen.add(record.sourceKey)
    if (held.has(record.sourceKey)) continue
    if (doubled.has(record.sourceKey) && !stored.has(record.sourceKey)) {
      skips.push({key: record.sourceKey, line: record.line, reason: 'Time Spent of an issue whose worklogs are imported already (it would count them twice)'})
      continue
    }
    const entry = stored.get(record.sourceKey) ?? renamed.get(record.sourceKey)
    if (entry === undefined) {
      add.push(record)
      continue
    }
    // Stored under its alias: the same record, and --update changes that entry.
    if (entry.sourceKey !== record.sourceKey) record = {...record, sourceKey: entry.sourceKey!}
    const changes: PlanChange['changes'] = []
    if (entry.day !== record.day) changes.push({field: 'day', stored: entry.day, file: record.day})
    if (entry.minutes * entry.count !== record.minutes) changes.push({field: 'minutes', stored: entry.minutes * entry.count, file: record.minutes})
    if (entry.engineer !== record.engineer) changes.push({field: 'engineer', stored: entry.engineer, file: record.engineer})
    if (changes.length === 0) unchanged++
    else changed.push({sourceKey: record.sourceKey, id: entry.id, line: record.line, changes, record: {...record, team: entry.team, task: entry.task}})
  }

  if (!context.allowLongDays) {
    const long = new Set<string>()
    for (const day of longDays(add)) {
      for (const r of day.records) {
        skips.push({key: r.sourceKey, line: r.line, reason: day.reason})
        long.add(r.sourceKey)
      }
    }
    if (long.size > 0) add.splice(0, add.length, ...add.filter((r) => !long.has(r.sourceKey)))
  }

  const tasks = new Map<string, PlanTask>()
  for (const record of add) {
    const names = existingTasks.get(record.team) ?? []
    const existing = names.find((n) => nameKey(n) === nameKey(record.task))
    if (existing !== undefined) record.task = existing
    const key = `${record.team.toLowerCase()}\u0000${nameKey(record.task)}`
    let task = tasks.get(key)
    if (!task) {
      task = {team: record.team, task: record.task, records: 0, hours: 0, newTask: existing === undefined, nearMatch: existing === undefined ? nearMatch(record.task, names) ?? null : null, category: record.category}
      tasks.set(key, task)
    }
    task.records++
    task.hours += record.minutes / 60
  }
  for (const task of tasks.values()) task.hours = roundHours(task.hours)

  const groups = new Map<string, SkipGroup>()
  if (unchanged > 0) groups.set('already imported', {reason: 'already imported', count: unchanged, keys: []})
  for (const s of skips) {
    let group = groups.get(s.reason)
    if (!group) {
      group = {reason: s.reason, count: 0, keys: []}
      groups.set(s.reason, group)
    }
    group.count++
    group.keys.push(s.key)
  }
  const sorted = [...tasks.values()].sort((a, b) => b.hours - a.hours || a.team.localeCompare(b.team) || a.task.localeCompare(b.task))
  return {tasks: sorted, add, changed, removed, unchanged, skipped: [...groups.values()]}
}

/**
 * What the file's issues change of the records stored of them: a Time Spent fallback its
 * worklogs replace (the worklogs `held` back until --update applies the replacement), a worklog
 * the file no longer has (when it has them all), and a fallback that would count stored
 * worklogs twice (`doubled`).
 */
function issueChanges(placed: readonly PlacedRecord[], context: PlanContext): {removed: PlanRemoval[]; held: Set<string>; doubled: Set<string>; renamed: Map<string, Entry>} {
  const removed: PlanRemoval[] = []
  const held = new Set<string>()
  const doubled = new Set<string>()
  /** File keys whose record is stored under its alias. */
  const renamed = new Map<string, Entry>()
  const covered = context.covered ?? []
  if (covered.length === 0 || (context.storedOfIssues ?? []).length === 0) return {removed, held, doubled, renamed}
  const byPrefix = new Map<string, Entry[]>()
  for (const e of context.storedOfIssues ?? []) {
    const prefix = e.sourceKey!.replace(/:(timespent|worklog:.*)$/, ':')
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), e])
  }
  const records = new Map(placed.map((r) => [r.sourceKey, r]))
  for (const c of covered) {
    const stored = byPrefix.get(c.prefix) ?? []
    if (stored.length === 0) continue
    const line = records.get(c.keys[0] ?? '')?.line ?? 0
    const removal = (e: Entry, reason: string): PlanRemoval => ({sourceKey: e.sourceKey!, id: e.id, line, team: e.team, task: e.task, minutes: e.minutes * e.count, reason})
    if (c.via === 'timespent') {
      if (stored.some((e) => e.sourceKey!.startsWith(`${c.prefix}worklog:`))) for (const key of c.keys) doubled.add(key)
      continue
    }
    const fallback = stored.find((e) => e.sourceKey === `${c.prefix}timespent`)
    if (fallback) {
      const worklogs = c.keys.map((k) => records.get(k)).filter((r) => r !== undefined)
      const minutes = worklogs.reduce((sum, r) => sum + r.minutes, 0)
      removed.push(removal(fallback, `replaced by its ${worklogs.length} worklog${worklogs.length === 1 ? '' : 's'} in the file (${showMinutes(minutes)})`))
      if (!context.update) for (const r of worklogs) held.add(r.sourceKey)
    }
    const inFile = new Set(c.keys)
    const storedKeys = new Map(stored.map((e) => [e.sourceKey!, e]))
    for (const key of c.keys) {
      const alias = records.get(key)?.alias
      const entry = alias === undefined || storedKeys.has(key) || inFile.has(alias) ? undefined : storedKeys.get(alias)
      if (entry === undefined) continue
      renamed.set(key, entry)
      // Claimed: no other record of the file takes this stored one.
      inFile.add(alias!)
    }
    if (c.complete) {
      for (const e of stored) {
        if (e.sourceKey!.startsWith(`${c.prefix}worklog:`) && !inFile.has(e.sourceKey!)) removed.push(removal(e, 'no longer in the file (deleted upstream)'))
      }
    }
  }
  return {removed, held, doubled, renamed}
}

/** The person-days of these records above 24 hours, each with its records and the reason they are skipped. */
export function longDays(records: readonly SourceRecord[]): {records: SourceRecord[]; reason: string}[] {
  const days = new Map<string, SourceRecord[]>()
  for (const r of records) {
    const key = `${r.engineer.toLowerCase()}\u0000${r.day}`
    const list = days.get(key)
    if (list) list.push(r)
    else days.set(key, [r])
  }
  const out: {records: SourceRecord[]; reason: string}[] = []
  for (const list of days.values()) {
    const minutes = list.reduce((sum, r) => sum + r.minutes, 0)
    if (minutes <= MAX_DAY_MINUTES) continue
    const {engineer, day} = list[0]!
    out.push({records: list, reason: `${engineer} on ${day}: ${list.length} records of ${roundHours(minutes / 60).toLocaleString('en-US')} h, more than 24 h in one day (--allow-long-days imports them)`})
  }
  return out
}

/** `toil import --from … --json`: the plan, and what the import did. */
export interface SourceImportResult {
  source: Source
  file: string
  format: string
  dryRun: boolean
  tasks: Omit<PlanTask, 'category'>[]
  /** Records added (a dry run: to add), and their hours. */
  records: number
  hours: number
  changed: {sourceKey: string; id: string; line: number; team: string; task: string; changes: ImportPlan['changed'][number]['changes']}[]
  /** Stored records the file replaces or no longer holds; removed with --update. */
  removed: Omit<PlanRemoval, 'id'>[]
  /** Account ids no name was found for (Jira Cloud): map them with --engineer-map. */
  unmappedIds: UnmappedId[]
  /** Whether the changed records were applied (--update). */
  updated: boolean
  skipped: SkipGroup[]
  entriesAdded: number
  entriesUpdated: number
  entriesRemoved: number
  tasksAdded: number
  teamsAdded: number
  backup: string | null
}
