import {Args, Flags} from '@oclif/core'

import {teamDb} from '../../app/access.js'
import {BaseCommand} from '../../base.js'
import {parseName} from '../../domain/inputs.js'
import {type Grant, grant} from '../../store/postgres/access.js'

export default class AccessGrant extends BaseCommand<typeof AccessGrant> {
  static override summary = 'Give a PostgreSQL login role a toil role in a team (team database; its owner runs this).'
  static override description = `An engineer logs, edits and removes only the entries they logged, and sees the team's figures only as sums; a lead sees and changes everything of the team, logs on behalf of an engineer, and reads the audit. The database enforces this with row-level security, for toil and for psql alike. Granting again changes the role. The login role must already exist (CREATE ROLE ann LOGIN); the team is created when new.`
  static override examples = [
    {command: '<%= config.bin %> access grant ann --team platform --as engineer --db postgres://owner@db/toil', description: 'ann logs her own toil in platform.'},
    {command: '<%= config.bin %> access grant lee --team platform --as lead --db postgres://owner@db/toil', description: 'lee leads platform.'},
  ]
  static override args = {
    login: Args.string({description: 'An existing PostgreSQL login role.', required: true}),
  }
  static override flags = {
    team: Flags.string({char: 't', description: 'The team.', required: true, helpValue: 'TEAM'}),
    as: Flags.string({description: 'The toil role.', options: ['engineer', 'lead'], required: true}),
  }

  public async run(): Promise<Grant> {
    const {args, flags} = this
    const team = parseName(flags.team, 'team')
    const db = await teamDb(this.flags.db, () => this.store(), 'toil access grant')
    const done = await grant(db, args.login, team, flags.as as Grant['role'])
    this.log(`${done.login} is now ${done.role === 'lead' ? 'a lead' : 'an engineer'} of ${done.team}`)
    return done
  }
}
