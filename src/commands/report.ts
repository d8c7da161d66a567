import {Flags} from '@oclif/core'

import {basisFlag, forecastFlags, horizonFlag, overrunFlag, scopeFlags} from '../analysis-flags.js'
import {analyzeEachTeam, analyzeFromFlags} from '../app/analysis.js'
import {outputTarget, writeOutput} from '../app/output.js'
import {BaseCommand} from '../base.js'
import {firstDay, lastDay, monthOf, shiftMonth} from '../domain/calendar.js'
import {parseMonth} from '../domain/day.js'
import {inputError} from '../domain/errors.js'
import {buildReport} from '../domain/report.js'
import {reportCsv, reportHtml, reportMarkdown, reportTable} from '../render/report.js'
import {type ReportJson, reportJson} from '../render/report-json.js'

export const REPORT_FORMATS = ['table', 'markdown', 'csv', 'json', 'html'] as const

/** The format an --out file's name implies, as toil export reads its own. */
function formatOfFile(file: string | undefined): (typeof REPORT_FORMATS)[number] | undefined {
  const extension = /\.([a-z]+)$/i.exec(file ?? '')?.[1]?.toLowerCase()
  return ({md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', csv: 'csv', json: 'json', txt: 'table'} as const)[extension ?? ''] as (typeof REPORT_FORMATS)[number] | undefined
}

export default class Report extends BaseCommand<typeof Report> {
  static override summary = 'Print the monthly toil report.'
  static override description = `Show a month's capacity, toil hours and share (with the possible-toil range), operational share and on-call load (warned above 25%), the change from the month before and the status against the threshold; then a six-month trend with a chart, the top toil tasks, toil by category, tasks whose classification needs answers, the top automation candidates, automations' forecast against realized savings, and the forecast.

The month defaults to the last complete one; a complete month's report is the analysis as of the first day of the month after it, so it reads the same whenever it is run. The month in progress (--month this) is the analysis as of today, with the forecast toil forecast gives today, and the month shown up to today. The status judges the mean share of the last 3 logged months; months before a team logged show as not logging yet and count in no average. Figures are team aggregates; --by-engineer adds each engineer's toil, flagging anyone personally over the threshold. Markdown pastes into a review document; HTML is one self-contained page with charts.`
  static override examples = [
    {command: '<%= config.bin %> report', description: 'Last month, of the default team (else all teams).'},
    {command: '<%= config.bin %> report --all-teams', description: 'All teams together, with each team\'s status.'},
    {command: '<%= config.bin %> report --team payments --month 2026-10 --format markdown', description: 'Paste into the monthly review.'},
    {command: '<%= config.bin %> report --format html --out toil-report.html', description: 'A page with charts to open in a browser or print.'},
    {command: '<%= config.bin %> report --format csv --out toil.csv', description: 'One tidy table for a spreadsheet.'},
  ]
  static override flags = {
    month: Flags.string({char: 'm', description: 'Month to report: YYYY-MM, last or this (default: last).', helpValue: 'MONTH'}),
    format: Flags.option({char: 'f', description: 'Output format (default: from the --out file name: .md, .html, .csv, .json; else table).', options: REPORT_FORMATS})(),
    out: Flags.string({char: 'o', description: 'Write to this file instead of standard output.', helpValue: 'FILE'}),
    'by-engineer': Flags.boolean({description: 'Add per-engineer toil (off by default: aggregates, not surveillance).', default: false}),
    ...scopeFlags,
    ...horizonFlag,
    ...forecastFlags,
    ...basisFlag,
    ...overrunFlag,
  }

  public async run(): Promise<ReportJson> {
    const {flags} = this
    const today = this.today(flags['as-of'])
    const month = parseMonth(flags.month ?? 'last', today)
    if (month > monthOf(today)) throw inputError('month', flags.month ?? month, `is in the future (today is ${today})`)
    const inProgress = month === monthOf(today)
    // SPEC §4.5: the report of a complete month is the analysis as of the first day of the
    // month after it, whatever day it is run; the month in progress is the analysis as of
    // today (what toil forecast says today), with the month shown up to today, never fitted.
    const asOf = inProgress ? today : firstDay(shiftMonth(month, 1))
    if (flags.out) outputTarget(flags.out)
    const store = await this.store({readonly: true})
    const analysis = await analyzeFromFlags(store, flags, asOf, inProgress ? today : null)
    const period = {from: firstDay(month), to: inProgress ? today : lastDay(month), month, inProgress}
    const engineers = flags['by-engineer'] ? await store.engineerTaskHours({from: period.from, to: period.to, team: analysis.team ?? undefined}) : null
    const report = buildReport(analysis, period, engineers, await analyzeEachTeam(store, analysis))
    const json = reportJson(report)
    if (this.jsonEnabled() && flags.format !== undefined && flags.format !== 'json') {
      throw inputError('format', flags.format, 'goes against --json, which prints JSON; leave one of them out')
    }
    const format = this.jsonEnabled() ? 'json' : (flags.format ?? formatOfFile(flags.out) ?? 'table')
    if (format === 'json' && !flags.out && this.jsonEnabled()) return json
    const text = {
      table: () => reportTable(report),
      markdown: () => reportMarkdown(report),
      csv: () => reportCsv(report),
      json: () => `${JSON.stringify(json, null, 2)}`,
      html: () => reportHtml(report),
    }[format]()
    if (flags.out) {
      await writeOutput(flags.out, text.endsWith('\n') ? text : `${text}\n`)
      if (!this.jsonEnabled()) process.stderr.write(`Wrote the ${format} report of ${month} to ${flags.out}\n`)
    } else if (!this.jsonEnabled()) {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    }
    return json
  }
}
