import {Flags} from '@oclif/core'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {BaseCommand} from '../base.js'
import {demoHistory} from '../domain/demo.js'
import {ToilError} from '../domain/errors.js'
import type {ImportResult} from '../store/store.js'

export interface DemoResult extends ImportResult {
  db: string
  seed: number
  asOf: string
}

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary = 'Fill a fresh database with a realistic team history and show its report.'
  static override description =
    'Seed a temporary database (or --db, which must hold no entries yet) with months of history of three teams, with a rising toil trend, then print the monthly report. The same --seed and --as-of give the same history.'
  static override examples = [
    {command: '<%= config.bin %> demo', description: 'Try toil on a temporary database.'},
    {command: '<%= config.bin %> demo --db ./demo.db --seed 7', description: 'Keep the demo database to explore it with other commands.'},
  ]
  static override flags = {
    seed: Flags.integer({description: 'Seed of the generated history.', default: 42, helpValue: 'N'}),
    months: Flags.integer({description: 'Months of history, the current one included.', default: 12, min: 4, max: 60, helpValue: 'N'}),
    'as-of': Flags.string({description: 'Day the history ends on (default: today).', helpValue: 'YYYY-MM-DD'}),
  }

  public async run(): Promise<DemoResult> {
    const asOf = this.today(this.flags['as-of'])
    if (!this.flags.db && !process.env.TOIL_DB) this.flags.db = join(mkdtempSync(join(tmpdir(), 'toil-demo-')), 'toil.db')
    const store = await this.store()
    if ((await store.countEntries()) > 0) {
      throw new ToilError('invalid-input', `db: ${store.path} already holds entries; the demo needs a fresh database (omit --db for a temporary one)`)
    }
    const records = demoHistory({seed: this.flags.seed, asOf, months: this.flags.months})
    const result = await store.importRecords(numbered(records))
    this.log(`Demo history: ${result.teamsAdded} teams, ${result.tasksAdded} tasks, ${result.entriesAdded} entries up to ${asOf}, in ${store.path}`)
    this.log(`Explore it: toil report --db ${store.path} (also: classify, candidates, forecast, entries)`)
    return {...result, db: store.path, seed: this.flags.seed, asOf}
  }
}

async function* numbered<T>(records: Iterable<T>): AsyncGenerator<T & {line: number}> {
  let line = 0
  for (const record of records) yield {...record, line: ++line}
}
