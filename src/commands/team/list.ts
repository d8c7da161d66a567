import {BaseCommand} from '../../base.js'
import {type TeamCapacity, teamTable} from '../../render/task.js'

export interface TeamListResult {
  teams: TeamCapacity[]
}

export default class TeamList extends BaseCommand<typeof TeamList> {
  static override summary = 'List teams with their toil budget and capacity history.'
  static override description = 'List every team with its toil budget (toil team set --toil-budget) and each capacity period set by toil team set: the month it starts, members, hours per week, the capacity of that first month, and the on-call rotation with the share of weeks each engineer is on call. A team without a period has an assumed capacity.'
  static override examples = [
    {command: '<%= config.bin %> team list', description: 'Every team.'},
    {command: '<%= config.bin %> team list --json', description: 'As JSON.'},
  ]

  public async run(): Promise<TeamListResult> {
    const store = await this.store({readonly: true})
    const history = await store.capacityHistory()
    const budgets = await store.toilBudgets()
    const teams = (await store.listTeams()).map((name) => ({
      name,
      capacity: history.filter((c) => c.team === name).map(({team: _team, ...period}) => period),
      toilBudget: budgets.find((b) => b.team === name)?.budget ?? null,
    }))
    this.log(teams.length === 0 ? 'No teams yet: toil team set or toil log creates one.' : teamTable(teams))
    return {teams}
  }
}
