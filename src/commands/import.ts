import {Args, Flags} from '@oclif/core'
import {CsvError, parse} from 'csv-parse'
import {createReadStream, statSync} from 'node:fs'
import {Readable, pipeline} from 'node:stream'

import {BaseCommand} from '../base.js'
import {ToilError, inputError} from '../domain/errors.js'
import {type CsvHeader, RecordReader, parseCsvHeader} from '../domain/records.js'
import {strictUtf8} from '../domain/utf8.js'
import {plural} from '../render/entries.js'
import type {ImportRecord, ImportResult} from '../store/store.js'

/** `backup`: the one taken before importing into a database that held entries; null when none was needed. */
export type ImportCommandResult = ImportResult

type Format = 'jsonl' | 'csv'

/** The format a file name implies; stdin (`-`) is JSONL unless --format says otherwise. */
function formatOf(file: string): Format {
  const name = file.toLowerCase()
  if (name === '-' || /\.(jsonl|ndjson|json)$/.test(name)) return 'jsonl'
  if (name.endsWith('.csv')) return 'csv'
  throw inputError('file', file, 'has no .jsonl or .csv extension; give --format jsonl or --format csv')
}

/** CSV records handed to the store at a time (JSONL goes a read chunk at a time): a promise a batch, not one a line. */
const BATCH = 1000

/** The lines of a stream, a chunk of it at a time; bytes that are not UTF-8 are refused with their line. */
async function* lineChunks(input: Readable): AsyncGenerator<string[]> {
  let rest = ''
  for await (const chunk of strictUtf8(input)) {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop()!
    yield lines
  }
  if (rest !== '') yield [rest]
}

async function* jsonlRecords(input: Readable, reader: RecordReader): AsyncGenerator<ImportRecord[]> {
  let line = 0
  for await (const lines of lineChunks(input)) {
    const batch: ImportRecord[] = []
    for (const text of lines) {
      const record = reader.jsonl(text, ++line)
      if (record) batch.push(record)
    }
    yield batch
  }
}

async function* csvRecords(input: Readable, reader: RecordReader): AsyncGenerator<ImportRecord[]> {
  // pipeline, unlike pipe, passes a read error of the file on to the parser.
  const rows = pipeline(Readable.from(strictUtf8(input)), parse({bom: true, info: true, skip_empty_lines: true}), () => {}) as AsyncIterable<{record: string[]; info: {lines: number}}>
  let header: CsvHeader | undefined
  let batch: ImportRecord[] = []
  try {
    for await (const {record, info} of rows) {
      if (header === undefined) header = parseCsvHeader(record, info.lines)
      else batch.push(reader.csvRow(record, header, info.lines))
      if (batch.length === BATCH) {
        yield batch
        batch = []
      }
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ToilError('invalid-input', `line ${(error as CsvError & {lines?: number}).lines ?? '?'}: ${error.message}`)
    throw error
  }
  yield batch
}

export default class Import extends BaseCommand<typeof Import> {
  static override summary = 'Import teams, tasks and entries from a JSONL or CSV export.'
  static override description = `Read a file written by toil export (JSONL, or CSV with one row an entry), streamed, and add what the database does not hold yet. Entries are matched by id, so importing the same file twice adds nothing; existing teams and tasks are kept as they are. Every line is checked: one bad line anywhere and nothing from the file is imported, and the message names the line and the problem.

Before importing into a database that already holds entries, a backup is taken (see toil backup). The format comes from the file name (.jsonl, .ndjson, .json or .csv) unless --format is given; FILE "-" reads stdin.`
  static override examples = [
    {command: '<%= config.bin %> import toil-backup.jsonl', description: 'Merge an export into this database.'},
    {command: '<%= config.bin %> import entries.csv --json', description: 'Entries from a CSV export, with a JSON summary.'},
    {command: 'cat team-a.jsonl | <%= config.bin %> import - --format jsonl', description: 'From stdin.'},
  ]
  static override args = {
    file: Args.string({description: 'File to import (- for stdin).', required: true}),
  }
  static override flags = {
    format: Flags.option({options: ['jsonl', 'csv'] as const, char: 'f', description: 'jsonl or csv (default: from the file name).'})(),
  }

  public async run(): Promise<ImportCommandResult> {
    const {args, flags} = this
    const format = flags.format ?? formatOf(args.file)
    if (args.file !== '-') {
      let isFile: boolean
      try {
        isFile = statSync(args.file).isFile()
      } catch {
        throw inputError('file', args.file, 'does not exist')
      }
      if (!isFile) throw inputError('file', args.file, 'is not a file')
    }
    const input = args.file === '-' ? process.stdin : createReadStream(args.file, {highWaterMark: 1 << 18})
    const reader = new RecordReader(new Date().toISOString())
    const records = format === 'csv' ? csvRecords(input, reader) : jsonlRecords(input, reader)

    const store = await this.store()
    let result: ImportResult
    try {
      // A database holding entries is backed up inside the import's transaction (and the backup removed should it fail).
      result = await store.importRecords(records)
    } catch (error) {
      if (error instanceof ToilError && error.code === 'invalid-input' && !error.message.endsWith('nothing was imported')) {
        throw new ToilError(error.code, `${error.message}; nothing was imported`, error.exit)
      }
      throw error
    } finally {
      input.destroy()
    }

    const {teamsAdded, tasksAdded, entriesAdded, entriesSkipped, backup} = result
    this.log(`Imported ${args.file === '-' ? 'stdin' : args.file}: ${plural(entriesAdded, 'entry', 'entries')} added, ${entriesSkipped} already present (skipped); ${plural(teamsAdded, 'team')} and ${plural(tasksAdded, 'task')} added.`)
    if (backup !== null) this.log(`The database as it was before is kept in ${backup}`)
    return result
  }
}
