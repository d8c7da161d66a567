import {Flags} from '@oclif/core'

import {teamDb} from '../app/access.js'
import {BaseCommand} from '../base.js'
import {todayLocal} from '../domain/calendar.js'
import {parseDay} from '../domain/day.js'
import {notPermitted} from '../domain/errors.js'
import {parseName} from '../domain/inputs.js'
import {auditText} from '../render/audit.js'
import {type AuditRow, auditRows, callerRole} from '../store/postgres/access.js'

export default class Audit extends BaseCommand<typeof Audit> {
  static override summary = 'List the changes made to the team database: who, when, what, before and after (leads and the owner).'
  static override description = 'Every change other than a new entry (an entry edited or removed, undo, task and team changes, merges, imports, restores, grants) is written by the database itself to an append-only table no toil role can change: one row per change, holding every row it touched as it was before and is after. Leads see the changes of the teams they lead; the owner sees all.'
  static override examples = [
    {command: '<%= config.bin %> audit --team platform --since 2026-01-01', description: 'What changed in platform this year.'},
    {command: '<%= config.bin %> audit --json', description: 'As JSON, with the rows before and after.'},
  ]
  static override flags = {
    team: Flags.string({char: 't', description: 'Only this team.', helpValue: 'TEAM'}),
    since: Flags.string({description: 'From this day on: YYYY-MM-DD, today, yesterday, a weekday name or "3 days ago".', helpValue: 'DAY'}),
  }

  public async run(): Promise<{audit: AuditRow[]}> {
    const {flags} = this
    const team = flags.team === undefined ? undefined : parseName(flags.team, 'team')
    const since = flags.since === undefined ? undefined : parseDay(flags.since, todayLocal(), 'since')
    const db = await teamDb(this.flags.db, () => this.store({readonly: true}), 'toil audit')
    const role = await callerRole(db, team)
    if (role !== 'owner' && role !== 'lead') throw notPermitted(`toil audit is for leads and the database's owner; ${team === undefined ? 'you lead no team' : `you do not lead ${team}`}`)
    const rows = await auditRows(db, {team, since})
    this.log(auditText(rows))
    return {audit: rows}
  }
}
