import {answerCommand} from '../domain/analysis/answers.js'
import {roundShare} from '../domain/analysis/json.js'
import type {Verdict} from '../domain/analysis/types.js'
import {roundHours} from '../domain/duration.js'
import type {Summary, SummaryPeriod} from '../domain/summary.js'
import type {Criterion} from '../domain/types.js'
import {renderTable} from './table.js'
import {cut, hours, percent, termText} from './text.js'

export interface SummaryTaskJson {
  task: string
  team: string
  hours: number
  occurrences: number
  verdict: Verdict
}

/** The summary as `--json` gives it: its figures rounded, each task without what only the text needs. */
export type SummaryJson = Omit<Summary, 'tasks' | 'needsAnswers'> & {
  tasks: SummaryTaskJson[]
  needsAnswers: (SummaryTaskJson & {unanswered: Criterion[]; command: string})[]
}

const task = (t: Summary['tasks'][number]): SummaryTaskJson => ({task: t.task, team: t.team, hours: roundHours(t.hours), occurrences: t.occurrences, verdict: t.verdict})

export function summaryJson(s: Summary): SummaryJson {
  return {
    engineer: s.engineer,
    period: s.period,
    asOf: s.asOf,
    loggedHours: roundHours(s.loggedHours),
    toilHours: roundHours(s.toilHours),
    possibleToilHours: roundHours(s.possibleToilHours),
    notToilHours: roundHours(s.notToilHours),
    week: s.week,
    periodHours: roundHours(s.periodHours),
    toilShare: roundShare(s.toilShare),
    toilShareUpper: roundShare(s.toilShareUpper),
    tasks: s.tasks.map(task),
    needsAnswers: s.needsAnswers.map((t) => ({...task(t), unanswered: [...t.unanswered], command: answerCommand(t)})),
  }
}

const VERDICT_TEXT: Record<Verdict, string> = {toil: 'toil', 'possible-toil': 'possible toil', 'not-toil': 'not toil', overhead: 'overhead'}
const WIDTH = 80

function periodText(p: SummaryPeriod): string {
  return p.kind === 'week' ? `week ${p.label} (${p.from} to ${p.to})` : `month ${p.label} (${p.from} to ${p.to})`
}

function shareText(s: Summary): string {
  const of = s.period.kind === 'week' ? `a ${s.week.hoursPerWeek} h week` : `the month's ${hours(s.periodHours)} (${s.week.hoursPerWeek} h weeks)`
  return `Logged ${hours(s.loggedHours)}, toil ${hours(s.toilHours)}: ${percent(s.toilShare)} of ${of}.`
}

function basisText(s: Summary): string {
  return s.week.assumed ? `The week: an assumed ${s.week.hoursPerWeek} h; no team of yours set its hours per week.` : `The week: the hours per week of team ${s.week.team} (toil team list).`
}

export function renderSummary(s: Summary): string {
  const head = termText(`${s.engineer}, ${periodText(s.period)}`)
  if (s.tasks.length === 0) {
    return `${head}\nNothing logged ${s.period.kind === 'week' ? 'this week' : 'this month'}. Log work as you go: toil log "TASK" 30m (--day yesterday for earlier days).`
  }
  const lines = [head, shareText(s)]
  if (s.possibleToilHours > 0) lines.push(`Possible toil ${hours(s.possibleToilHours)} more: up to ${percent(s.toilShareUpper)} if answers make it toil.`)
  lines.push(termText(basisText(s)))
  lines.push('')
  // The same table as every other view: escaped, fitted to the width, headers bold on a terminal at most.
  const rows = s.tasks.map((t) => [t.task, t.team, roundHours(t.hours), t.occurrences, VERDICT_TEXT[t.verdict]])
  lines.push(renderTable(['Task', 'Team', 'Hours', 'Times', 'Verdict'], rows, ['left', 'left', 'right', 'right', 'left']))
  if (s.needsAnswers.length > 0) {
    lines.push('', `Needs answers (${s.needsAnswers.length === 1 ? '1 task' : `${s.needsAnswers.length} tasks`} whose verdict answers could change):`)
    for (const t of s.needsAnswers) {
      const about = ` (${cut(termText(t.team), 20)}, ${VERDICT_TEXT[t.verdict]}, ${hours(t.hours)})`
      // The name may be cut to fit; the command below, to be copied, never is.
      lines.push(`  ${cut(termText(t.task), Math.max(20, WIDTH - 2 - about.length))}${about}`, termText(`    ${answerCommand(t)}`))
    }
  }
  return lines.join('\n')
}
