import {Args, Flags} from '@oclif/core'

import {teamDb} from '../../app/access.js'
import {BaseCommand} from '../../base.js'
import {parseName} from '../../domain/inputs.js'
import {type Grant, revoke} from '../../store/postgres/access.js'

export default class AccessRevoke extends BaseCommand<typeof AccessRevoke> {
  static override summary = 'Take a login role\'s toil role in a team away (team database; its owner runs this).'
  static override description = 'The entries the login logged stay; they are no longer visible to it. The login keeps any role it has in other teams.'
  static override examples = [
    {command: '<%= config.bin %> access revoke ann --team platform --db postgres://owner@db/toil', description: 'ann no longer logs in platform.'},
  ]
  static override args = {
    login: Args.string({description: 'A PostgreSQL login role with a toil role in the team.', required: true}),
  }
  static override flags = {
    team: Flags.string({char: 't', description: 'The team.', required: true, helpValue: 'TEAM'}),
  }

  public async run(): Promise<Grant> {
    const {args, flags} = this
    const team = parseName(flags.team, 'team')
    const db = await teamDb(this.flags.db, () => this.store(), 'toil access revoke')
    const done = await revoke(db, args.login, team)
    this.log(`${done.login} is no longer ${done.role === 'lead' ? 'a lead' : 'an engineer'} of ${done.team}`)
    return done
  }
}
