import {BaseCommand} from '../base.js'
import {EXIT, ToilError, databaseError} from '../domain/errors.js'
import {nameKey} from '../domain/inputs.js'
import type {Task} from '../domain/types.js'
import {plural} from '../render/entries.js'
import type {DoctorReport} from '../store/store.js'

export interface DoctorResult {
  database: string
  healthy: boolean
  schemaVersion: number
  /** `["ok"]` when sound, else what SQLite's integrity check found. */
  integrity: string[]
  foreignKeyViolations: number
  teams: number
  tasks: number
  entries: number
  /** PostgreSQL, the owner's check: what toil did not make (a policy, a grant, a function, a disabled trigger); absent when nothing. */
  tampering?: string[]
  problems: string[]
  /** Tasks of one team whose names are one name (nameKey) but that an older toil stored apart: toil task merge joins them. */
  sameNameTasks: {team: string; names: string[]}[]
  /** Temporary files of killed or failed backups and restores that this run removed. */
  partialsRemoved: string[]
}

/** What is wrong, in words; empty when the database is sound. */
function problemsOf(report: DoctorReport): string[] {
  const problems: string[] = []
  if (report.integrity.length !== 1 || report.integrity[0] !== 'ok') problems.push(`integrity check: ${report.integrity.slice(0, 5).join('; ')}${report.integrity.length > 5 ? ` (and ${report.integrity.length - 5} more)` : ''}`)
  for (const t of report.tampering ?? []) problems.push(`tampering: ${t}`)
  if (report.foreignKeys > 0) problems.push(`foreign keys: ${report.foreignKeys} rows point to a team or task that does not exist`)
  return problems
}

/** Tasks of a team that share a nameKey, oldest first: stored apart by a toil that folded ASCII only. */
function sameNames(tasks: readonly Task[]): {team: string; names: string[]}[] {
  const groups = new Map<string, {team: string; names: string[]}>()
  for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
    const key = `${task.team.toLowerCase()}\u0000${nameKey(task.name)}`
    const group = groups.get(key) ?? {team: task.team, names: []}
    group.names.push(task.name)
    groups.set(key, group)
  }
  return [...groups.values()].filter((g) => g.names.length > 1)
}

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary = 'Check the database for damage.'
  static override description = `Run SQLite's integrity and foreign-key checks (on PostgreSQL: compare every constraint and index with those this version creates, and look for rows pointing nowhere), and report the schema version and what the database holds. Exits with 0 when the database is sound and 3 when it is not (then toil restore puts back a backup). Changes nothing in the database; it removes the temporary files that killed or failed backups and restores left behind.`
  static override examples = [
    {command: '<%= config.bin %> doctor', description: 'Check the default database.'},
    {command: '<%= config.bin %> doctor --db team.db --json', description: 'Check another database; the findings as JSON.'},
  ]

  public async run(): Promise<DoctorResult> {
    const store = await this.store({readonly: true})
    let report: DoctorReport
    let sameNameTasks: {team: string; names: string[]}[]
    try {
      report = await store.doctor()
      sameNameTasks = sameNames(await store.listTasks())
    } catch (error) {
      if (error instanceof ToilError) throw error
      throw databaseError(`${store.path} is damaged (${(error as Error).message}); toil restore puts back a backup`)
    }
    const partialsRemoved = await store.removeStrayPartials()
    const damaged = problemsOf(report)
    const problems = [...damaged, ...sameNameTasks.map(({team, names}) => `team ${team} has tasks ${names.map((n) => JSON.stringify(n)).join(' and ')}, one name in another case; toil task merge ${JSON.stringify(names[1])} ${JSON.stringify(names[0])} --team ${JSON.stringify(team)} joins them`)]
    const healthy = problems.length === 0
    this.log(`Database: ${store.path}`)
    this.log(`Schema version: ${report.schemaVersion}`)
    this.log(`Integrity check: ${report.integrity.length === 1 && report.integrity[0] === 'ok' ? 'ok' : 'FAILED'}`)
    this.log(`Foreign keys: ${report.foreignKeys === 0 ? 'ok' : `${report.foreignKeys} broken`}`)
    if (report.tampering) this.log(`Access rules: ${plural(report.tampering.length, 'thing')} toil did not make`)
    this.log(`Holds: ${plural(report.teams, 'team')}, ${plural(report.tasks, 'task')}, ${plural(report.entries, 'entry', 'entries')}`)
    if (partialsRemoved.length > 0) this.log(`Removed ${plural(partialsRemoved.length, 'temporary file')} that interrupted backups or restores left: ${partialsRemoved.join(', ')}`)
    if (healthy) this.log('Healthy.')
    else {
      for (const p of problems) this.log(`Problem: ${p}`)
      if (damaged.length > 0) this.log('Not healthy: toil restore FILE puts back a backup (toil export may still save what is readable).')
      // The report is still printed (as JSON too); the exit code tells scripts.
      process.exitCode = EXIT.database
    }
    return {
      database: store.path,
      healthy,
      schemaVersion: report.schemaVersion,
      integrity: report.integrity,
      foreignKeyViolations: report.foreignKeys,
      teams: report.teams,
      tasks: report.tasks,
      entries: report.entries,
      ...(report.tampering ? {tampering: report.tampering} : {}),
      problems,
      sameNameTasks,
      partialsRemoved,
    }
  }
}
