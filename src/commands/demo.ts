import {Flags} from '@oclif/core'
import {randomBytes} from 'node:crypto'
import {mkdirSync, renameSync, rmSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {BaseCommand} from '../base.js'
import {demoHistory} from '../domain/demo.js'
import {ToilError} from '../domain/errors.js'
import type {ImportResult} from '../store/store.js'
import Report from './report.js'

export interface DemoResult extends Omit<ImportResult, 'entriesUpdated' | 'entriesRemoved'> {
  db: string
  seed: number
  asOf: string
}

export default class Demo extends BaseCommand<typeof Demo> {
  protected override announcesNewDatabase = false
  static override summary = 'Fill a fresh database with a realistic team history and show its report.'
  static override description =
    'Seed a demo database (or --db, which must hold no entries yet) with months of history of three teams, toil rising on one of them, then print the monthly report of the last complete month. Without --db the demo database is $XDG_CACHE_HOME/toil/demo.db (~/.cache/toil/demo.db), replaced by each demo, so trying it again leaves nothing behind. The same --seed and --as-of give the same history.'
  static override examples = [
    {command: '<%= config.bin %> demo', description: 'Try toil on the demo database.'},
    {command: '<%= config.bin %> demo --db ./demo.db --seed 7', description: 'Keep the demo database to explore it with other commands.'},
    {command: '<%= config.bin %> demo --format html --out demo.html', description: 'The demo report as a page with charts.'},
  ]
  static override flags = {
    seed: Flags.integer({description: 'Seed of the generated history.', default: 42, helpValue: 'N'}),
    months: Flags.integer({description: 'Months of history, the current one included.', default: 12, min: 4, max: 60, helpValue: 'N'}),
    'as-of': Flags.string({description: 'Day the history ends on (default: today).', helpValue: 'YYYY-MM-DD'}),
    team: Flags.string({char: 't', description: 'Report on one team (default: payments, the team in trouble).', default: 'payments', helpValue: 'TEAM'}),
    format: Report.flags.format,
    out: Report.flags.out,
  }

  public async run(): Promise<DemoResult> {
    const {flags} = this
    const asOf = this.today(flags['as-of'])
    // Without a database named, one demo database per user, built beside its place and moved in
    // when done: demos run together never share a file, and none leaves a folder behind.
    let demo: {building: string; final: string} | undefined
    if (!flags.db && !process.env.TOIL_DB) {
      const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'toil')
      mkdirSync(cache, {recursive: true, mode: 0o700})
      demo = {building: join(cache, `demo-${randomBytes(6).toString('hex')}.db`), final: join(cache, 'demo.db')}
      flags.db = demo.building
    }
    let built = false
    try {
      const store = await this.store()
      if ((await store.countEntries()) > 0) {
        throw new ToilError('invalid-input', `db: ${store.path} already holds entries; the demo needs a fresh database (omit --db for the demo database)`)
      }
      const {entriesUpdated: _none, entriesRemoved: _gone, ...result} = await store.importRecords(numbered(demoHistory({seed: flags.seed, asOf, months: flags.months})))
      await store.close()
      built = true
      const db = demo?.final ?? store.path
      const summary = {...result, db, seed: flags.seed, asOf}
      if (this.jsonEnabled()) return summary
      process.stderr.write(`Demo history: ${result.teamsAdded} teams, ${result.tasksAdded} tasks, ${result.entriesAdded} entries up to ${asOf} in ${db}\n\n`)
      // The --db given, not store.path: a PostgreSQL URL's shown form has its password redacted.
      const args = [...(flags.db ? ['--db', flags.db] : []), '--as-of', asOf, '--team', flags.team, ...(flags.format ? ['--format', flags.format] : []), ...(flags.out ? ['--out', flags.out] : [])]
      await Report.run(args, this.config)
      const asOfFlag = flags['as-of'] === undefined ? '' : ` --as-of ${asOf}`
      process.stderr.write(`\nExplore it: toil report --db ${db} --team ${flags.team}${asOfFlag} --format html --out report.html (also classify, candidates, forecast, entries\n`)
      return summary
    } finally {
      if (demo) {
        // Every connection is closed by now, so the -wal and -shm files hold nothing.
        for (const path of [demo.building, demo.final]) for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, {force: true})
        if (built) renameSync(demo.building, demo.final)
        else rmSync(demo.building, {force: true})
      }
    }
  }
}

/** The records, numbered as the lines of a file would be, in one batch. */
async function* numbered<T>(records: Iterable<T>): AsyncGenerator<(T & {line: number})[]> {
  yield Array.from(records, (record, i) => ({...record, line: i + 1}))
}
