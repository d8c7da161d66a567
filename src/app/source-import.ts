/**
 * `toil import --from pagerduty|jira`: reads another system's export, plans what it adds,
 * and (unless a dry run) imports it in one transaction with a backup first (SPEC §10).
 */
import {existsSync, readFileSync, statSync} from 'node:fs'

import {setting} from '../config.js'
import {parseDuration} from '../domain/duration.js'
import {ToilError, inputError} from '../domain/errors.js'
import {DEFAULT_INCIDENT_RULES, parsePagerDuty} from '../domain/import/pagerduty.js'
import {DEFAULT_TOIL_RULE, parseJira, parseToilRule} from '../domain/import/jira.js'
import {type ImportPlan, type PlanTask, type SkipGroup, TASK_FROM_OF, type TaskFrom, parseTeamMap, placeRecords, planImport} from '../domain/import/plan.js'
import type {ParsedSource, Source} from '../domain/import/source.js'
import type {Entry} from '../domain/types.js'
import {resolveDbPath} from '../store/file.js'
import type {ImportRecord, Store} from '../store/store.js'
import {DEFAULT_TEAM, resolveTeam} from '../store/team.js'
import {guardTeam} from './names.js'
import {currentUser} from './engineer.js'

export interface SourceImportOptions {
  source: Source
  file: string
  dryRun: boolean
  team?: string
  teamMap?: string
  taskFrom?: TaskFrom
  update: boolean
  maxIncidentTime?: string
  touch?: string
  toilRule?: string[]
  createNew: boolean
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
  /** Whether the changed records were applied (--update). */
  updated: boolean
  skipped: SkipGroup[]
  entriesAdded: number
  entriesUpdated: number
  tasksAdded: number
  teamsAdded: number
  backup: string | null
}

/** The flags of one source refused with the other: they would silently do nothing. */
function checkFlags(o: SourceImportOptions): void {
  const wrong = (flag: string, only: Source) => inputError(flag, flag === 'toil-rule' ? (o.toilRule ?? []).join(',') : String((o as unknown as Record<string, unknown>)[flag === 'max-incident-time' ? 'maxIncidentTime' : flag]), `is for --from ${only} only`)
  if (o.source === 'jira' && o.maxIncidentTime !== undefined) throw wrong('max-incident-time', 'pagerduty')
  if (o.source === 'jira' && o.touch !== undefined) throw wrong('touch', 'pagerduty')
  if (o.source === 'pagerduty' && o.toilRule !== undefined && o.toilRule.length > 0) throw wrong('toil-rule', 'jira')
  if (o.taskFrom !== undefined && !TASK_FROM_OF[o.source].includes(o.taskFrom)) {
    throw inputError('task-from', o.taskFrom, `is not available for ${o.source}; use ${TASK_FROM_OF[o.source].join(' or ')}`)
  }
}

/** The file as UTF-8 text; a missing file, a folder or bytes that are not UTF-8 are refused. */
function readText(file: string): string {
  let isFile: boolean
  try {
    isFile = statSync(file).isFile()
  } catch {
    throw inputError('file', file, 'does not exist')
  }
  if (!isFile) throw inputError('file', file, 'is not a file')
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(readFileSync(file))
  } catch (error) {
    if (error instanceof TypeError) throw inputError('file', file, 'is not UTF-8 text; save it as UTF-8 and import it again')
    throw error
  }
}

/** Reads and checks the file and the flags: nothing is opened before the input is known to be good. */
export function readSource(o: SourceImportOptions): {parsed: ParsedSource; ruleLabels: string[]; teamMap?: Map<string, string>} {
  checkFlags(o)
  let parsed: ParsedSource
  let ruleLabels: string[] = []
  if (o.source === 'pagerduty') {
    const maxMinutes = o.maxIncidentTime === undefined ? DEFAULT_INCIDENT_RULES.maxMinutes : parseDuration(o.maxIncidentTime, 'max-incident-time')
    const touchMinutes = o.touch === undefined ? DEFAULT_INCIDENT_RULES.touchMinutes : parseDuration(o.touch, 'touch')
    if (touchMinutes > maxMinutes) throw inputError('touch', o.touch!, `is more than --max-incident-time (${o.maxIncidentTime ?? '4h'})`)
    const teamMap = o.teamMap === undefined ? undefined : parseTeamMap(readText(o.teamMap), o.teamMap)
    parsed = parsePagerDuty(readText(o.file), {maxMinutes, touchMinutes})
    return {parsed, ruleLabels, teamMap}
  }
  const rule = o.toilRule === undefined || o.toilRule.length === 0 ? DEFAULT_TOIL_RULE : parseToilRule(o.toilRule)
  ruleLabels = rule.flatMap((t) => (t.field === 'label' ? [t.value] : []))
  const teamMap = o.teamMap === undefined ? undefined : parseTeamMap(readText(o.teamMap), o.teamMap)
  parsed = parseJira(readText(o.file), rule)
  return {parsed, ruleLabels, teamMap}
}

/**
 * Plans the import against the store (none: a dry run onto a database that does not exist
 * yet plans against an empty one) and, unless a dry run, imports it.
 */
export async function importSource(o: SourceImportOptions, openStore: (readonly: boolean) => Promise<Store>, dbFlag: string | undefined): Promise<SourceImportResult> {
  const {parsed, ruleLabels, teamMap} = readSource(o)
  const store = o.dryRun && !existsSync(resolveDbPath(dbFlag)) ? undefined : await openStore(o.dryRun)
  if (store && o.team !== undefined) await guardTeam(store, o.team, o.createNew)
  const fallback = store ? await resolveTeam(store, undefined, await currentUser(store)) : setting('team', undefined)?.value ?? DEFAULT_TEAM
  const placed = placeRecords(parsed.records, o.taskFrom ?? 'title', {team: o.team, map: teamMap, fallback}, ruleLabels)
  const existing = new Map<string, string[]>()
  for (const team of new Set(placed.map((r) => r.team))) existing.set(team, store ? await store.taskNames(team) : [])
  const stored = new Map<string, Entry>()
  if (store) for (const e of await store.entriesBySourceKey(placed.map((r) => r.sourceKey))) stored.set(e.sourceKey!, e)
  const plan = planImport(placed, parsed.skipped, existing, stored)

  const near = plan.tasks.filter((t) => t.nearMatch !== null)
  if (near.length > 0 && !o.createNew && !o.dryRun) {
    const list = near.slice(0, 3).map((t) => `${JSON.stringify(t.task)} (did you mean ${JSON.stringify(t.nearMatch)}?)`).join(', ')
    throw new ToilError('invalid-input', `task: ${list}${near.length > 3 ? ` and ${near.length - 3} more` : ''} would be new tasks one typo away from existing ones of their team; rename the existing task, use --task-from, or give --new to create them; nothing was imported`)
  }

  const result: SourceImportResult = {
    source: o.source,
    file: o.file,
    format: parsed.format,
    dryRun: o.dryRun,
    tasks: plan.tasks.map(({category: _c, ...t}) => t),
    records: plan.add.length,
    hours: plan.tasks.reduce((sum, t) => sum + t.hours, 0),
    changed: plan.changed.map((c) => ({sourceKey: c.sourceKey, id: c.id, line: c.line, team: c.record.team, task: c.record.task, changes: c.changes})),
    updated: o.update && !o.dryRun,
    skipped: plan.skipped,
    entriesAdded: 0,
    entriesUpdated: 0,
    tasksAdded: 0,
    teamsAdded: 0,
    backup: null,
  }
  result.hours = Math.round(result.hours * 100) / 100
  const writes = plan.add.length > 0 || (o.update && plan.changed.length > 0)
  if (o.dryRun || !store || !writes) return result

  const now = new Date().toISOString()
  const toRecord = (r: ImportPlan['add'][number]): ImportRecord => ({
    type: 'entry', id: r.id, team: r.team, task: r.task, engineer: r.engineer, day: r.day, minutes: r.minutes, count: 1,
    tags: [...r.tags].sort(), note: r.note, createdAt: now, sourceKey: r.sourceKey, category: r.category, line: r.line,
  })
  const records = [...plan.add.map(toRecord), ...(o.update ? plan.changed.map((c) => toRecord(c.record)) : [])]
  const imported = await store.importRecords(once(records), {updateBySourceKey: o.update, source: `${o.source} ${o.file}`})
  Object.assign(result, {
    entriesAdded: imported.entriesAdded, entriesUpdated: imported.entriesUpdated, tasksAdded: imported.tasksAdded, teamsAdded: imported.teamsAdded, backup: imported.backup,
  })
  return result
}

async function* once<T>(items: T[]): AsyncGenerator<T[]> {
  yield items
}

