import {Flags} from '@oclif/core'
import {stringify} from 'csv-stringify/sync'
import {resolve} from 'node:path'
import {Readable, type Writable} from 'node:stream'
import {pipeline} from 'node:stream/promises'

import {outputTarget, writeOutput} from '../app/output.js'
import {BaseCommand} from '../base.js'
import {ToilError} from '../domain/errors.js'
import {CSV_COLUMNS, toCsvRow, toJsonl} from '../domain/records.js'
import type {Category} from '../domain/types.js'
import {plural} from '../render/entries.js'
import type {ExportRecord} from '../store/store.js'

export interface ExportResult {
  format: 'jsonl' | 'csv'
  file: string
  teams: number
  tasks: number
  entries: number
}

/** Lines are written in chunks of about this many characters, not one write a line. */
const CHUNK = 64 * 1024

type Counts = Pick<ExportResult, 'teams' | 'tasks' | 'entries'>

function count(counts: Counts, record: ExportRecord): void {
  if (record.type === 'team') counts.teams++
  else if (record.type === 'task') counts.tasks++
  else counts.entries++
}

async function* jsonlChunks(records: AsyncIterable<ExportRecord>, counts: Counts): AsyncGenerator<string> {
  let chunk = ''
  for await (const record of records) {
    count(counts, record)
    chunk += toJsonl(record)
    if (chunk.length >= CHUNK) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}

/** Rows stringified in batches of this many. */
const CSV_BATCH = 1000

/** One row an entry, after a header; the category comes from the task records, which the export yields first. */
async function* csvChunks(records: AsyncIterable<ExportRecord>, counts: Counts): AsyncGenerator<string> {
  const categories = new Map<string, Category>()
  const key = (team: string, task: string) => `${team.toLowerCase()}\u0000${task.toLowerCase()}`
  let rows: (string | number)[][] = []
  let header = true
  const flush = () => {
    const chunk = stringify(rows, {header, columns: [...CSV_COLUMNS]})
    rows = []
    header = false
    return chunk
  }
  for await (const record of records) {
    count(counts, record)
    if (record.type === 'task') categories.set(key(record.team, record.name), record.category)
    else if (record.type === 'entry') rows.push(toCsvRow(record, categories.get(key(record.team, record.task)) ?? 'other'))
    if (rows.length >= CSV_BATCH) yield flush()
  }
  yield flush()
}

export default class Export extends BaseCommand<typeof Export> {
  static override summary = 'Write every team, task and entry to JSONL or CSV.'
  static override description = `Write the whole database, streamed, to stdout or --out FILE. JSONL (the default) is lossless: one JSON object a line, teams first, then tasks, then entries, each with a "type"; toil import reads it back, and importing it into an empty database and exporting again gives the same bytes. CSV has one row an entry (columns ${CSV_COLUMNS.join(',')}; tags joined with ";") for spreadsheets: a text cell starting with = + - @ or ' gets a leading ' so no spreadsheet runs it as a formula, and control characters (all but the line feed) are written as visible escapes (\\x1b, \\u202e); toil import undoes both.

With --out a file is written whole or not at all (under a temporary name, renamed when complete; a FIFO or a device is written in place, a symbolic link's target replaced), and --json prints a summary of it. The export is one snapshot of the database, whatever others write meanwhile.`
  static override examples = [
    {command: '<%= config.bin %> export --out toil-backup.jsonl', description: 'Everything, to a file toil import reads back.'},
    {command: '<%= config.bin %> export --format csv > entries.csv', description: 'Entries as CSV, for a spreadsheet.'},
    {command: '<%= config.bin %> export --out entries.csv --json', description: 'CSV (from the file name), with a JSON summary.'},
  ]
  static override flags = {
    format: Flags.option({options: ['jsonl', 'csv'] as const, char: 'f', description: 'jsonl (lossless, the default) or csv (entries only); default from the --out file name.'})(),
    out: Flags.string({char: 'o', description: 'Write to this file instead of stdout.', helpValue: 'FILE'}),
  }

  public async run(): Promise<ExportResult> {
    const {flags} = this
    if (this.jsonEnabled() && flags.out === undefined) {
      throw new ToilError('invalid-input', 'json: --json prints a summary of the export and needs --out FILE; without --out the export itself goes to stdout')
    }
    const format = flags.format ?? (flags.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl')
    // A path that cannot be written is refused before the database is opened.
    if (flags.out !== undefined) outputTarget(flags.out)
    const store = await this.store({readonly: true})
    const counts: Counts = {teams: 0, tasks: 0, entries: 0}
    const chunks = format === 'csv' ? csvChunks(store.exportAll(), counts) : jsonlChunks(store.exportAll(), counts)

    if (flags.out === undefined) {
      await this.toStdout(Readable.from(chunks))
      return {format, file: '-', ...counts}
    }
    const file = resolve(flags.out)
    // The whole history, notes included: readable by its owner only, like a backup.
    await writeOutput(flags.out, chunks, 'out', 0o600)
    this.log(`Exported ${plural(counts.teams, 'team')}, ${plural(counts.tasks, 'task')} and ${plural(counts.entries, 'entry', 'entries')} to ${flags.out} (${format}).`)
    return {format, file, ...counts}
  }

  /** Streams to stdout; a reader that stops early (`| head`) ends the export quietly. */
  private async toStdout(source: Readable): Promise<void> {
    try {
      await pipeline(source, process.stdout as Writable, {end: false})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error
      source.destroy()
    }
  }
}
