/** The export's team and task records, built alike from either store's reads. */
import type {ExportRecord, Store} from './store.js'

/** Every team with its capacity history and toil budget, then every task (without its id). */
export async function* teamAndTaskRecords(read: Pick<Store, 'capacityHistory' | 'toilBudgets' | 'listTeams' | 'listTasks'>): AsyncIterable<ExportRecord> {
  const capacity = await read.capacityHistory()
  const budgets = new Map((await read.toilBudgets()).map((b) => [b.team, b.budget]))
  for (const name of await read.listTeams()) {
    const budget = budgets.get(name)
    yield {type: 'team', name, capacity: capacity.filter((c) => c.team === name).map(({team: _team, ...rest}) => rest), ...(budget === undefined ? {} : {toilBudget: budget})}
  }
  for (const {id: _id, ...task} of await read.listTasks()) yield {type: 'task', ...task}
}
