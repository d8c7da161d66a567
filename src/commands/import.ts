import {Args, Flags} from '@oclif/core'
import {CsvError, parse} from 'csv-parse'
import {createReadStream, statSync} from 'node:fs'
import {Readable, pipeline} from 'node:stream'

import {importSource, refuseSourceExport, refuseSourceText} from '../app/source-import.js'
import type {SourceImportResult} from '../domain/import/plan.js'
import {BaseCommand} from '../base.js'
import {TASK_FROM} from '../domain/import/plan.js'
import {SOURCES} from '../domain/import/source.js'
import {renderSourceImport} from '../render/import.js'
import {ToilError, inputError} from '../domain/errors.js'
import {type CsvHeader, QuoteTracker, RecordReader, parseCsvHeader, unclosedQuote} from '../domain/records.js'
import {strictUtf8} from '../domain/utf8.js'
import {plural} from '../render/entries.js'
import type {ImportRecord, ImportResult} from '../store/store.js'

/** `backup`: the one taken before importing into a database that held entries; null when none was needed. */
export type ImportCommandResult = Omit<ImportResult, 'entriesUpdated' | 'entriesRemoved'> | SourceImportResult

/** Flags that only mean something with --from. */
const SOURCE_FLAGS = ['dry-run', 'team', 'team-map', 'task-from', 'update', 'max-incident-time', 'touch', 'toil-rule', 'new', 'engineer-map', 'allow-long-days'] as const

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
  for await (const chunk of refuseSourceText(strictUtf8(input))) {
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
  // The parser names the end of the file for a quote never closed; this names where it opened.
  const quotes = new QuoteTracker()
  async function* tracked(): AsyncGenerator<string> {
    for await (const chunk of strictUtf8(input)) {
      quotes.feed(chunk)
      yield chunk
    }
  }
  const rows = pipeline(Readable.from(refuseSourceText(tracked())), parse({bom: true, info: true, skip_empty_lines: true}), () => {}) as AsyncIterable<{record: string[]; info: {lines: number}}>
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
    const opened = quotes.openedOn()
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED' && opened !== undefined) throw unclosedQuote(opened)
    if (error instanceof CsvError) throw new ToilError('invalid-input', `line ${(error as CsvError & {lines?: number}).lines ?? '?'}: ${error.message}`)
    throw error
  }
  yield batch
}

export default class Import extends BaseCommand<typeof Import> {
  static override summary = 'Import a toil export, or the incidents and tickets PagerDuty and Jira already record.'
  static override description = `Read a file written by toil export (JSONL, or CSV with one row an entry), streamed, and add what the database does not hold yet. Entries are matched by id, so importing the same file twice adds nothing; existing teams and tasks are kept as they are. Every line is checked: one bad line anywhere and nothing from the file is imported, and the message names the line and the problem.

Before importing into a database that already holds entries, a backup is taken (see toil backup). The format comes from the file name (.jsonl, .ndjson, .json or .csv) unless --format is given; FILE "-" reads stdin.

With --from pagerduty or --from jira, FILE is an export of that system (docs/import.md says how to get one): PagerDuty's raw-incidents JSON, REST incidents list or incidents CSV, Jira's issue CSV or issue search JSON ("-" reads it from stdin). Each incident or worklog becomes an entry of hands-on time (not elapsed time), filed under a task named after its title with numbers, ids, host numbers and dates taken out. Every entry keeps its source key (pagerduty:Q1ABC), so importing an overlapping export again adds only what is new and reports what changed upstream; --update applies those changes. --dry-run shows the summary and writes nothing.

PagerDuty: hands-on time is the effort a responder recorded, else the engaged time, else first acknowledgement to resolve, at most --max-incident-time; an incident resolved with no acknowledgement counts --touch. Jira: each worklog, else Time Spent on the day the issue was resolved; only issues the toil rule picks (default: label:toil, type:Toil, type:Interrupt).`
  static override examples = [
    {command: '<%= config.bin %> import toil-backup.jsonl', description: 'Merge an export into this database.'},
    {command: '<%= config.bin %> import entries.csv --json', description: 'Entries from a CSV export, with a JSON summary.'},
    {command: 'cat team-a.jsonl | <%= config.bin %> import - --format jsonl', description: 'From stdin.'},
    {command: '<%= config.bin %> import --from pagerduty incidents.csv --team sre --dry-run', description: 'See what a month of pages would add, writing nothing.'},
    {command: '<%= config.bin %> import --from pagerduty raw-incidents.json --team-map teams.json --max-incident-time 2h', description: 'Teams from a map of PagerDuty team and service names.'},
    {command: '<%= config.bin %> import --from jira issues.csv --team platform --toil-rule label:toil,label:chore --task-from component', description: 'Jira tickets labelled toil or chore, one task per component.'},
  ]
  static override args = {
    file: Args.string({description: 'File to import (- for stdin).', required: true}),
  }
  static override flags = {
    format: Flags.option({options: ['jsonl', 'csv'] as const, char: 'f', description: 'jsonl or csv (default: from the file name).'})(),
    from: Flags.option({options: SOURCES, description: 'Read an export of this system instead of a toil export.', helpGroup: 'SOURCE'})(),
    'dry-run': Flags.boolean({description: 'Show what would be imported and skipped; write nothing.', helpGroup: 'SOURCE'}),
    team: Flags.string({char: 't', description: 'Team of every imported entry (default: a --team-map, else the source\'s own team name, else $TOIL_TEAM or your last team).', helpValue: 'TEAM', helpGroup: 'SOURCE'}),
    'team-map': Flags.string({description: 'JSON object from source team, service, component or project names to toil teams.', helpValue: 'FILE', helpGroup: 'SOURCE'}),
    'task-from': Flags.option({options: TASK_FROM, description: 'What names the task: the normalised title (default), the service (PagerDuty), or the first label or component (Jira).', helpGroup: 'SOURCE'})(),
    update: Flags.boolean({description: 'Apply the changes of records imported before whose figures changed upstream.', helpGroup: 'SOURCE'}),
    'max-incident-time': Flags.string({description: 'Most hands-on time one incident counts (PagerDuty; default 4h).', helpValue: 'DURATION', helpGroup: 'SOURCE'}),
    touch: Flags.string({description: 'Hands-on time of an incident resolved with no acknowledgement (PagerDuty; default 5m).', helpValue: 'DURATION', helpGroup: 'SOURCE'}),
    'toil-rule': Flags.string({description: 'Which issues are toil, any term matching (Jira; default label:toil,type:Toil,type:Interrupt).', helpValue: 'label:L,type:T,component:C|all', multiple: true, helpGroup: 'SOURCE'}),
    new: Flags.boolean({description: 'Create tasks even when a name is one typo away from an existing task.', helpGroup: 'SOURCE'}),
    'engineer-map': Flags.string({description: 'JSON object from names as the export writes them (Jira Cloud account ids) to engineers\' names.', helpValue: 'FILE', helpGroup: 'SOURCE'}),
    'allow-long-days': Flags.boolean({description: 'Import a person\'s day of more than 24 hours too (skipped by default, with the reason).', helpGroup: 'SOURCE'}),
  }

  public async run(): Promise<ImportCommandResult> {
    const {args, flags} = this
    if (flags.from !== undefined) return this.fromSource(flags.from)
    const stray = SOURCE_FLAGS.find((f) => flags[f] !== undefined && flags[f] !== false)
    if (stray !== undefined) throw inputError(stray, String(flags[stray]), 'needs --from pagerduty or --from jira')
    if (args.file !== '-') refuseSourceExport(args.file)
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
      result = await store.importRecords(records, {source: args.file === '-' ? 'standard input' : args.file})
    } catch (error) {
      if (error instanceof ToilError && error.code === 'invalid-input' && !error.message.endsWith('nothing was imported')) {
        throw new ToilError(error.code, `${error.message}; nothing was imported`, error.exit)
      }
      throw error
    } finally {
      input.destroy()
    }

    const {teamsAdded, tasksAdded, entriesAdded, entriesSkipped, backup} = result
    if (this.jsonEnabled()) return {teamsAdded, tasksAdded, entriesAdded, entriesSkipped, backup}
    this.log(`Imported ${args.file === '-' ? 'stdin' : args.file}: ${plural(entriesAdded, 'entry', 'entries')} added, ${entriesSkipped} already present (skipped); ${plural(teamsAdded, 'team')} and ${plural(tasksAdded, 'task')} added.`)
    if (backup !== null) this.log(`The database as it was before is kept in ${backup}`)
    return {teamsAdded, tasksAdded, entriesAdded, entriesSkipped, backup}
  }

  private async fromSource(source: (typeof SOURCES)[number]): Promise<SourceImportResult> {
    const {args, flags} = this
    if (flags.format !== undefined) throw inputError('format', flags.format, 'is for toil exports; --from reads the source\'s own format')
    const result = await importSource({
      source,
      file: args.file,
      dryRun: flags['dry-run'] === true,
      team: flags.team,
      teamMap: flags['team-map'],
      taskFrom: flags['task-from'],
      update: flags.update === true,
      maxIncidentTime: flags['max-incident-time'],
      touch: flags.touch,
      toilRule: flags['toil-rule'],
      createNew: flags.new === true,
      engineerMap: flags['engineer-map'],
      allowLongDays: flags['allow-long-days'] === true,
    }, (readonly) => this.store({readonly}), flags.db)
    if (!this.jsonEnabled()) this.log(renderSourceImport(result))
    return result
  }
}
