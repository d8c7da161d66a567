import {type Month, monthOf, monthsBetween} from '../domain/calendar.js'
import {CRITERION_FLAGS, CRITERION_LABEL} from '../domain/analysis/classify.js'
import type {Analysis, Candidate, CriterionResult, Forecast, MonthFigures, Projection, TaskAnalysis} from '../domain/analysis/types.js'
import {roundHours} from '../domain/duration.js'
import {CRITERIA, type Criterion} from '../domain/types.js'
import {type Align, renderTable} from './table.js'
import {percent, termText} from './text.js'
import {ANSWER_LETTER} from './task.js'
import {wrap} from './wrap.js'
import {answerCommand, shellWord} from '../domain/analysis/answers.js'

export {answerCommand, shellWord}

// Human tables of the analyzer's three views. The JSON is built in domain/analysis/json.ts.

const num = (hours: number) => String(roundHours(hours))
const months = (n: number) => (n === 1 ? '1 month' : `${n} months`)

function scopeLabel(a: Analysis): string {
  if (a.team !== null) return `team ${termText(a.team)}`
  return a.teams.length === 0 ? 'all teams (none yet)' : `all teams (${termText(a.teams.join(', '))})`
}

function windowLabel(a: Analysis): string {
  return `${a.windowMonths[0]} – ${a.lastCompleteMonth}, ${months(a.windowMonths.length)}`
}

// classify

const QUESTIONS: Record<Criterion, string> = {
  manual: 'is it done by hand?',
  repetitive: 'does it keep coming back?',
  automatable: 'could a machine do it, or the need for it be designed away?',
  tactical: 'is it interrupt-driven, reactive?',
  noEnduringValue: 'does it leave the service no better than before?',
  scales: 'does it grow with the service?',
}

/**
 * The six criteria in one code, as `task list` shows them: Y/N answered, y/n inferred
 * from the log, ? unknown (`YyYnY?`).
 */
export function criteriaCodeWithSource(criteria: Readonly<Record<Criterion, CriterionResult>>): string {
  return CRITERIA.map((c) => {
    const {value, source} = criteria[c]
    return source === 'inferred' ? ANSWER_LETTER[value].toLowerCase() : ANSWER_LETTER[value]
  }).join('')
}

function answerHint(t: TaskAnalysis): string {
  const negations = t.unanswered.map((c) => CRITERION_FLAGS[c][1]).join(', ')
  const what = t.verdict === 'toil' ? `is toil, ${t.score} of 6 yes, until one of these is answered no` : `is possible toil, ${t.score} of 6 yes`
  return [
    wrap(`${termText(JSON.stringify(t.task))} (${termText(t.team)}, ${num(t.window.hours)} h) ${what}. Answer: ${t.unanswered.map((c) => QUESTIONS[c]).join(' ')}`, '', '  '),
    `  ${termText(answerCommand(t))}`,
    wrap(`(each flag answers yes; where the answer is no use ${negations})`, '  ', '   '),
  ].join('\n')
}

/** "Needs answers": the tasks whose verdict answers could still change, by hours, each with its command. */
export function needsAnswersBlock(tasks: readonly TaskAnalysis[]): string {
  if (tasks.length === 0) return ''
  return [`Needs answers (${tasks.length === 1 ? '1 task' : `${tasks.length} tasks`}, by hours in the window):`, ...tasks.map(answerHint)].join('\n')
}

function taskDetail(t: TaskAnalysis): string {
  const width = Math.max(...CRITERIA.map((c) => CRITERION_LABEL[c].length))
  const lines = [`${termText(JSON.stringify(t.task))} (team ${termText(t.team)}, category ${t.category}, ${t.status}): ${t.verdict}, score ${t.score}: ${t.rule}`]
  for (const c of CRITERIA) {
    const r = t.criteria[c]
    const reason = r.source === 'inferred' ? `inferred: ${r.reason}` : r.reason
    lines.push(`  ${CRITERION_LABEL[c].padEnd(width)}  ${r.value.padEnd(7)}  ${reason}`)
  }
  return lines.join('\n')
}

export function renderClassify(a: Analysis, tasks: readonly TaskAnalysis[], detail: boolean): string {
  const title = wrap(`Toil classification of ${scopeLabel(a)} as of ${a.asOf} (log of ${windowLabel(a)})`)
  if (tasks.length === 0) return `${title}\nNo tasks yet: toil log records work and creates its task.`
  const manyTeams = new Set(tasks.map((t) => t.team)).size > 1
  const head = ['Task', ...(manyTeams ? ['Team'] : []), 'Verdict', 'Score', 'Criteria', 'Hours']
  const rows = tasks.map((t) => [t.task, ...(manyTeams ? [t.team] : []), t.verdict, t.score, criteriaCodeWithSource(t.criteria), num(t.window.hours)])
  const align: Align[] = head.map((h) => (h === 'Score' || h === 'Hours' ? 'right' : 'left'))
  const legend = [
    `Criteria: ${CRITERIA.map((c) => CRITERION_LABEL[c]).join(', ')}; Y/N answered, y/n inferred from the log, ? unknown.`,
    'Score: criteria that are yes. Hours: logged in the window. toil classify TASK gives the reason for each criterion.',
  ]
  const parts = [title, renderTable(head, rows, align, {whole: ['Verdict', 'Criteria'], optional: ['Team']}), legend.map((line) => wrap(line)).join('\n')]
  if (detail) parts.push(tasks.map(taskDetail).join('\n\n'))
  const shown = new Set(tasks.map((t) => t.taskId))
  const open = needsAnswersBlock(a.needsAnswers.filter((t) => shown.has(t.taskId)))
  if (open) parts.push(open)
  return parts.join('\n\n')
}

// candidates

function paybackCell(c: Candidate): string {
  if (c.neverPays) return 'never pays'
  if (c.paybackMonths === null) return '-'
  return `${roundHours(c.paybackMonths)} mo${c.paysWithinHorizon ? '' : ' (late)'}`
}

const SORT_LABEL = {payback: 'by payback', net: 'by net hours over the horizon', hours: 'by hours a month'} as const

export function renderCandidates(a: Analysis): string {
  const {horizon, overrun} = a.options
  const title = wrap(`Automation candidates of ${scopeLabel(a)} as of ${a.asOf}, ${SORT_LABEL[a.options.sort]}: rates over the logged months of ${windowLabel(a)}; horizon ${months(horizon)}; cost overrun ×${overrun}`)
  if (a.candidates.length === 0) return `${title}\nNo candidates: no active task is classified toil or possible toil (toil classify shows why).`
  const manyTeams = new Set(a.candidates.map((c) => c.team)).size > 1
  const head = ['#', 'Task', ...(manyTeams ? ['Team'] : []), 'Verdict', 'h/month', 'Rate from', 'Saved', 'Net', 'Cost h', 'Payback', `Net ${horizon} mo`, 'Break-even h']
  const rows = a.candidates.map((c) => [
    c.rank, c.task, ...(manyTeams ? [c.team] : []), c.verdict, num(c.hoursPerMonth), c.rateSource, num(c.savedHoursPerMonth), num(c.netHoursPerMonth),
    c.costHours === null ? '-' : num(c.costHours), paybackCell(c), c.horizonNetHours === null ? '-' : num(c.horizonNetHours), num(c.breakEvenHours),
  ])
  const left = new Set(['Task', 'Team', 'Verdict', 'Rate from'])
  const notes = [
    `h/month: hours logged in the months each task could have happened in (from its first entry, the team's logged months only) ÷ those months. ` +
      `Saved = h/month × reduction; net = saved − maintenance; payback = cost × ${overrun} ÷ net; net ${horizon} mo = net × ${horizon} − cost × ${overrun}; ` +
      `break-even = net × ${horizon}: the most automation work that pays back within ${months(horizon)}.`,
    a.options.sort === 'payback'
      ? `Order: estimated tasks paying back within ${months(horizon)} by payback; then unestimated ones by break-even (estimate them: a large break-even is worth an estimate); then estimated ones paying back later (late); never-paying ones last.`
      : `Order: ${SORT_LABEL[a.options.sort]}, never-paying ones last (--sort payback for the payback order).`,
  ]
  const listed = new Set(a.candidates.map((c) => c.taskId))
  const open = needsAnswersBlock(a.needsAnswers.filter((t) => listed.has(t.taskId)))
  // The sort key (break-even orders unestimated tasks), the names and the verdicts stay longest.
  const unestimated = a.candidates.some((c) => c.costHours === null)
  const optional = ['Rate from', 'Saved', 'Net', ...(a.options.sort === 'net' ? [] : [`Net ${horizon} mo`]), ...(unestimated ? [] : ['Break-even h']), 'Cost h', ...(a.options.sort === 'hours' ? [] : ['h/month']), 'Team']
  const parts = [title, renderTable(head, rows, head.map((h) => (left.has(h) ? 'left' : 'right')), {optional, whole: ['Verdict']}), notes.map((line) => wrap(line)).join('\n')]
  if (open) parts.push(open)
  return parts.join('\n\n')
}

// forecast

const BAR_WIDTH = 16

/**
 * A bar of the share in the report chart's style (src/render/chart.ts): `█` the share, `░` up to
 * the upper end of its range, `│` at the threshold; the scale fits them all.
 */
export function shareBar(share: number | null, threshold: number, scale: number, upper: number | null = share): string {
  if (share === null) return ''
  const filled = (v: number) => Math.round((Math.min(v, scale) / scale) * BAR_WIDTH)
  const cells: string[] = Array.from({length: BAR_WIDTH}, (_, i) => (i < filled(share) ? '█' : i < filled(Math.max(share, upper ?? share)) ? '░' : ' '))
  cells[Math.min(BAR_WIDTH - 1, Math.round((threshold / scale) * BAR_WIDTH))] = '│'
  return cells.join('')
}

/** "2027-04, 5 months from now" (now = the as-of month). */
export function whenFromNow(month: Month, asOf: string): string {
  const n = monthsBetween(monthOf(asOf), month)
  if (n === 0) return `${month}, this month`
  return n > 0 ? `${month}, ${months(n)} from now` : `${month}, ${months(-n)} ago`
}

/** A crossing further out than this many horizons is not worth a sentence. */
const FAR = 4

/** The status as a phrase: "crosses 50% in 2027-04, 5 months from now". */
export function statusPhrase(p: Projection, threshold: number, asOf: string, horizon: number): string {
  const t = percent(threshold, 0)
  switch (p.status) {
    case 'bankrupt': return `averages at or above ${t} already`
    case 'crossing': return `crosses ${t} in ${whenFromNow(p.crossingMonth!, asOf)}`
    case 'stable': {
      const exact = p.exactMonthsToCrossing
      const later = exact === null || exact > FAR * horizon ? '' : ` (at this rate it would cross after ${roundHours(exact)} months)`
      return `stays below ${t} for the next ${months(horizon)}${later}`
    }
    default: return 'not enough data to project'
  }
}

/** The forecast's status in one sentence. */
export function statusSentence(f: Forecast, asOf: string, horizon: number): string {
  switch (f.status) {
    case 'bankrupt': return `Bankrupt: ${f.reason}.`
    case 'crossing': return `${capitalize(statusPhrase(f, f.threshold, asOf, horizon))}: ${f.reason}.`
    case 'stable': return `Stable: ${f.reason}.`
    default: return `Insufficient data: ${f.reason}.`
  }
}

/** "2026-10 was over 50% (52.1%)": a single month over, named without the status. */
export function monthsOverSentence(a: Analysis): string {
  const f = a.forecast
  if (f.monthsOver.length === 0) return ''
  const share = (m: Month) => {
    const h = a.history.find((x) => x.month === m)!
    return percent(f.basis === 'operational' ? h.operationalShare : h.share)
  }
  const list = f.monthsOver.map((m) => `${m} (${share(m)})`).join(' and ')
  const mean = f.recentShare === null ? '' : `; the mean of the last 3 months, ${percent(f.recentShare)}, is what the status judges (toil is spiky)`
  return `${list} ${f.monthsOver.length === 1 ? 'was' : 'were'} over ${percent(f.threshold, 0)}${mean}.`
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

function modelLine(a: Analysis, f: Forecast): string {
  if (f.status === 'insufficient-data') return ''
  const basis = f.basis === 'operational' ? ' Basis: operational share (toil plus on-call and interrupt work).' : ''
  if (f.model === 'growth') {
    return `Model: growth, share(m) = ${percent(f.baseShare)} × ((1 + ${percent(a.options.growth ?? 0)}) ÷ (1 + ${percent(a.options.headcountGrowth ?? 0)}))^m after ${f.baseMonth}, ${percent(f.baseShare)} being the mean of ${f.recentMonths.join(', ')}; at most 100%.${basis}`
  }
  const fit = f.fit!
  const sign = (v: number) => `${v >= 0 ? '+' : '−'}${(Math.abs(v) * 100).toFixed(2)}`
  return `Model: least-squares trend through ${fit.months.length} complete logged months (${fit.months[0]} – ${fit.months.at(-1)}): share = ${(fit.intercept * 100).toFixed(2)}% ${sign(fit.slope)} points × months after ${f.baseMonth}, kept within 0–100%.${basis}`
}

/** A history month's label: "2026-10", "2026-11 (partial)", marked assumed where it was. */
function historyCells(h: MonthFigures, threshold: number, scale: number): string[] {
  if (!h.covered) return [h.month, 'not logging yet', '', '', '', '', '']
  return [
    `${h.month}${h.partial ? ' (partial)' : ''}`, num(h.toilHours), num(h.possibleToilHours), `${num(h.capacityHours)}${h.capacityAssumed ? ' (assumed)' : ''}`,
    h.share === null ? 'n/a' : `${percent(h.share)}–${percent(h.shareUpper)}`, percent(h.operationalShare), shareBar(h.share, threshold, scale, h.shareUpper),
  ]
}

function historyTable(history: readonly MonthFigures[], threshold: number, scale: number): string {
  const head = ['Month', 'Toil h', 'Possible h', 'Capacity h', 'Share', 'Operational', `vs ${percent(threshold, 0)}`]
  return renderTable(head, history.map((h) => historyCells(h, threshold, scale)), ['left', 'right', 'right', 'right', 'right', 'right', 'right'], {optional: ['Operational', 'Possible h']})
}

function projectionTable(f: Forecast, scale: number): string {
  const withWhatIf = f.whatIf !== null && f.whatIf.projection.length > 0
  const head = ['Month', 'Share', ...(withWhatIf ? [`Automating ${f.whatIf!.tasks.length}`] : []), `vs ${percent(f.threshold, 0)}`]
  const rows = f.projection.map((p, i) => {
    const over = p.share >= f.threshold ? ' ≥' : ''
    const alt = withWhatIf ? [percent(f.whatIf!.projection[i]!.share)] : []
    return [p.month, `${percent(p.share)}${over}`, ...alt, shareBar(p.share, f.threshold, scale)]
  })
  // The bars are as wide as each other: right-aligned, they are never cut to fit.
  return renderTable(head, rows, head.map((_, i) => (i === 0 ? 'left' : 'right')))
}

export function whatIfSentence(a: Analysis, f: Forecast): string {
  const w = f.whatIf
  if (!w) return ''
  if (w.tasks.length === 0) return `What if: no estimated candidate pays back within ${months(a.options.horizon)}, so automating ${a.options.automate} changes nothing.`
  const names = termText(w.tasks.map((t) => t.task).join(', '))
  const without = f.status === 'crossing' ? `; without them it crosses in ${f.crossingMonth}` : f.status === 'bankrupt' && w.status !== 'bankrupt' ? '; without them the team is bankrupt' : ''
  const mean = w.recentShare === null ? '' : `, the last 3 months would have averaged ${percent(w.recentShare)} instead of ${percent(f.recentShare)}`
  return `What if the top ${w.tasks.length} ${w.tasks.length === 1 ? 'candidate is' : 'candidates are'} automated now (${names}; ${num(w.netHoursPerMonth)} h a month net)${mean}, and the share ${statusPhrase(w, f.threshold, a.asOf, a.options.horizon)}${without}.`
}

/** The on-call load: calendar time on call, warned above the SRE book's 25%. */
export function onCallSentence(a: Analysis): string {
  const load = a.onCallLoad
  if (!load) return ''
  const who = load.rotation === null ? 'weighted over the teams' : `${load.shifts} of a ${load.rotation}-person rotation on call at once`
  const warn = load.overLimit ? ' Warning: above the SRE book\'s 25% ceiling for time on call.' : ''
  return `On-call load: ${percent(load.share)} of each engineer's weeks on call (${who}); calendar time on call, not logged hands-on time.${warn}`
}

/** The share against the team's own toil budget. */
export function budgetSentence(a: Analysis): string {
  const b = a.forecast.budget
  if (!b) return ''
  const t = percent(b.budget, 0)
  if (b.over) return `Toil budget ${t}: over it (${percent(a.forecast.recentShare)} over the last 3 months).`
  if (b.crossingMonth) return `Toil budget ${t}: the projection reaches it in ${whenFromNow(b.crossingMonth, a.asOf)}.`
  return `Toil budget ${t}: ${a.forecast.recentShare === null ? 'not enough data to compare' : `within it (${percent(a.forecast.recentShare)} over the last 3 months) for the next ${months(a.options.horizon)}`}.`
}

/** One line a team under an all-teams forecast: its own status, which the sum could hide. */
export function teamStatusLines(each: readonly Analysis[]): string {
  if (each.length === 0) return ''
  return ['By team:', ...each.map((t) => wrap(`${t.team}: ${statusSentence(t.forecast, t.asOf, t.options.horizon)}`, '  ', '    '))].join('\n')
}

export function renderForecast(a: Analysis, each: readonly Analysis[] = []): string {
  const f = a.forecast
  const parts = [wrap(`Toil forecast of ${scopeLabel(a)} as of ${a.asOf}, threshold ${percent(f.threshold, 0)}`)]
  const shares = [...a.history.map((h) => h.share ?? 0), ...f.projection.map((p) => p.share)]
  const scale = Math.max(f.threshold * 1.5, ...shares) || 1
  parts.push(`History (${windowLabel(a)}):\n${historyTable(a.history, f.threshold, scale)}`)
  if (a.history.some((h) => h.capacityAssumed)) {
    parts.push(wrap('assumed: no capacity set for the month, so 40 h/week for each engineer who logged, split across teams by their hours (toil team set sets it).'))
  }
  if (f.projection.length > 0) parts.push(`Projection (${months(f.projection.length)}):\n${projectionTable(f, scale)}`)
  const lines = [modelLine(a, f), statusSentence(f, a.asOf, a.options.horizon), monthsOverSentence(a), budgetSentence(a), whatIfSentence(a, f), onCallSentence(a)]
  parts.push(lines.filter((l) => l !== '').map((l) => wrap(l)).join('\n'))
  const byTeam = teamStatusLines(each)
  if (byTeam) parts.push(byTeam)
  const open = needsAnswersBlock(a.needsAnswers)
  if (open) parts.push(open)
  return parts.join('\n\n')
}
