import {Args, Flags} from '@oclif/core'

import {defaultEngineer} from '../app/engineer.js'
import {BaseCommand} from '../base.js'
import {analyze, defaultOptions, needsAnswers} from '../domain/analysis/analyze.js'
import type {TaskAnalysis} from '../domain/analysis/types.js'
import {shiftDay} from '../domain/calendar.js'
import {parseName} from '../domain/inputs.js'
import {type SummaryPeriod, parseSummaryPeriod, summarize, summaryPeriod} from '../domain/summary.js'
import type {CapacityPeriod} from '../domain/types.js'
import {type SummaryJson, renderSummary, summaryJson} from '../render/summary.js'
import {gatherAnalysisInput} from '../store/analysis-input.js'

export default class Summary extends BaseCommand<typeof Summary> {
  static override summary = 'Your logged toil this week (or month): hours by task and the share of your week.'
  static override description = `What an engineer checks after a shift: the hours they logged in the ISO week (Monday to Sunday) holding today, or with --month the calendar month, by task, each with the analyzer's verdict (as toil classify gives it as of the same day); the toil hours as a share of their working week; and the tasks whose verdict answers could still change, with the command that answers them.

The working week is the hours per week (toil team set) of the team they logged the most hours for with a capacity set, else an assumed 40 h; a month counts it × days ÷ 7. The engineer is --engineer, else $TOIL_USER, else the config file's engineer, else your user name.`
  static override examples = [
    {command: '<%= config.bin %> summary', description: 'Your week so far.'},
    {command: '<%= config.bin %> summary --week last', description: 'Last week, the Monday after a week on call.'},
    {command: '<%= config.bin %> summary --week 2026-W45', description: 'An ISO week.'},
    {command: '<%= config.bin %> summary --month --engineer bob', description: "Bob's month."},
    {command: '<%= config.bin %> summary --as-of 2026-11-27 --json', description: 'The week of a past day, as JSON.'},
  ]
  static override args = {
    when: Args.string({description: 'Which week or month: this (the default), last, an ISO week YYYY-Www, or with --month YYYY-MM.'}),
  }
  static override flags = {
    week: Flags.boolean({description: 'The ISO week (Monday to Sunday) holding the day (the default).', exclusive: ['month']}),
    month: Flags.boolean({description: 'The calendar month holding the day.', exclusive: ['week']}),
    engineer: Flags.string({char: 'e', description: "Whose summary (default: $TOIL_USER, else the config file's engineer, else your user name).", helpValue: 'NAME'}),
    'as-of': Flags.string({description: 'The week or month holding this day, classified as of it (default: today).', helpValue: 'DAY'}),
  }

  public async run(): Promise<SummaryJson> {
    const {args, flags} = this
    const asOf = this.today(flags['as-of'])
    const given = flags.engineer === undefined ? undefined : parseName(flags.engineer, 'engineer')
    const kind = flags.month ? 'month' : 'week'
    let period: SummaryPeriod = parseSummaryPeriod(args.when, kind, asOf)
    const store = await this.storeIfLogged()
    if (!store) {
      // A first day: no database yet, so nothing of anyone's.
      const summary = summarize(given ?? defaultEngineer(), period, asOf, [], [])
      this.log(renderSummary(summary))
      return summaryJson(summary)
    }
    const engineer = given ?? (await this.me(store))
    let rows = await store.engineerTasks({engineer, from: period.from, to: period.to})
    // The Monday after a week on call: nothing logged yet this week, so last week is what was meant.
    let instead: SummaryPeriod | undefined
    if (rows.length === 0 && kind === 'week' && args.when === undefined && flags['as-of'] === undefined) {
      const last = summaryPeriod(shiftDay(period.from, -7), 'week')
      const before = await store.engineerTasks({engineer, from: last.from, to: last.to})
      if (before.length > 0) [instead, period, rows] = [period, last, before]
    }
    let capacity: CapacityPeriod[] = []
    const judged = new Map<number, TaskAnalysis>()
    if (rows.length > 0) {
      // The analyzer's classification of every task as of the day: the verdicts toil classify shows.
      const options = defaultOptions(asOf)
      const input = await gatherAnalysisInput(store, options)
      capacity = input.capacity
      for (const t of analyze(input, options).tasks) judged.set(t.taskId, t)
    }
    const tasks = rows.map((r) => {
      const t = judged.get(r.taskId)!
      return {task: r.task, team: r.team, hours: r.hours, occurrences: r.occurrences, verdict: t.verdict, unanswered: t.unanswered, needsAnswers: needsAnswers(t)}
    })
    const summary = summarize(engineer, period, asOf, tasks, capacity)
    if (instead) this.log(`Nothing logged yet this week (${instead.label}); last week instead:`)
    this.log(renderSummary(summary))
    return summaryJson(summary)
  }
}
