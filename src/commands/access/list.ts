import {teamDb} from '../../app/access.js'
import {BaseCommand} from '../../base.js'
import {type Grant, list} from '../../store/postgres/access.js'

export default class AccessList extends BaseCommand<typeof AccessList> {
  static override summary = 'List who has which toil role in which team (team database; its owner runs this).'
  static override examples = [
    {command: '<%= config.bin %> access list --db postgres://owner@db/toil', description: 'Every grant.'},
    {command: '<%= config.bin %> access list --json --db postgres://owner@db/toil', description: 'As JSON.'},
  ]

  public async run(): Promise<{grants: Grant[]}> {
    const db = await teamDb(this.flags.db, () => this.store({readonly: true}), 'toil access list')
    const grants = await list(db)
    if (grants.length === 0) this.log('No grants yet: toil access grant LOGIN --team TEAM --as engineer|lead gives one.')
    else {
      const width = (f: (g: Grant) => string, head: string) => Math.max(head.length, ...grants.map((g) => f(g).length))
      const wt = width((g) => g.team, 'TEAM')
      const wl = width((g) => g.login, 'LOGIN')
      this.log(`${'TEAM'.padEnd(wt)}  ${'LOGIN'.padEnd(wl)}  ROLE`)
      for (const g of grants) this.log(`${g.team.padEnd(wt)}  ${g.login.padEnd(wl)}  ${g.role}`)
    }
    return {grants}
  }
}
