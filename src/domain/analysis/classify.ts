import {type Frequency, formatFrequency, monthlyOccurrences} from '../frequency.js'
import {CRITERIA, type Category, type Criterion, type Task} from '../types.js'
import {EPSILON, seriesSlope} from './stats.js'
import type {Classification, CriterionResult, TaskWindowFacts, Verdict} from './types.js'

/** SPEC §4.1 thresholds. */
export const REPETITIVE_MIN_OCCURRENCES = 3
/** At least once a quarter. */
export const REPETITIVE_MIN_PER_MONTH = 1 / 3
export const TACTICAL_MIN_FRACTION = 0.5
export const SCALES_MIN_MONTHS = 3
export const TOIL_MIN_YES = 4

const OPERATIONAL_CATEGORIES: readonly Category[] = ['oncall', 'interrupt']

export function isOperationalCategory(category: Category): boolean {
  return OPERATIONAL_CATEGORIES.includes(category)
}

export const CRITERION_LABEL: Record<Criterion, string> = {
  manual: 'manual',
  repetitive: 'repetitive',
  automatable: 'automatable',
  tactical: 'tactical',
  noEnduringValue: 'no enduring value',
  scales: 'scales with growth',
}

/** The `toil task edit` flags that answer a criterion: [meets the toil criterion, does not]. */
export const CRITERION_FLAGS: Record<Criterion, readonly [string, string]> = {
  manual: ['--manual', '--no-manual'],
  repetitive: ['--repetitive', '--no-repetitive'],
  automatable: ['--automatable', '--no-automatable'],
  tactical: ['--tactical', '--no-tactical'],
  noEnduringValue: ['--no-enduring-value', '--enduring-value'],
  scales: ['--scales', '--no-scales'],
}

const round2 = (n: number) => Math.round(n * 100) / 100
const times = (n: number) => (n === 1 ? '1 time' : `${n} times`)
const months = (n: number) => (n === 1 ? '1 month' : `${n} months`)

function answered(criterion: Criterion, value: 'yes' | 'no'): CriterionResult {
  const meaning = criterion === 'noEnduringValue' ? (value === 'yes' ? ': the work leaves nothing lasting' : ': the work leaves lasting value') : ''
  return {value, source: 'answered', reason: `answered ${value}${meaning} (toil task edit)`}
}

function neverInferred(criterion: Criterion): CriterionResult {
  const [yes, no] = CRITERION_FLAGS[criterion]
  return {value: 'unknown', source: 'none', reason: `not inferred from the log; answer with ${yes} or ${no}`}
}

/**
 * Repetitive, from the task's whole history up to the as-of day: ≥ 3 occurrences, or a
 * declared frequency of at least once a quarter → yes; 1–2 occurrences ever and no such
 * frequency → no (a first or second time is not toil); neither → unknown.
 */
export function inferRepetitive(occurrences: number, frequency: Frequency | null): CriterionResult {
  if (occurrences >= REPETITIVE_MIN_OCCURRENCES) {
    return {value: 'yes', source: 'inferred', reason: `logged ${REPETITIVE_MIN_OCCURRENCES} or more times in its history`}
  }
  const perMonth = frequency ? monthlyOccurrences(frequency) : 0
  if (frequency && perMonth >= REPETITIVE_MIN_PER_MONTH - EPSILON) {
    return {value: 'yes', source: 'inferred', reason: `declared ${formatFrequency(frequency)} (${round2(perMonth)} times a month, at least quarterly)`}
  }
  const declared = frequency ? `declared ${formatFrequency(frequency)}, less than quarterly` : 'no declared frequency'
  if (occurrences > 0) {
    return {value: 'no', source: 'inferred', reason: `logged only ${times(occurrences)} in its whole history and ${declared}: a first or second time is not toil`}
  }
  return {value: 'unknown', source: 'none', reason: `never logged and ${declared}`}
}

/**
 * Tactical: category interrupt/oncall, or ≥ 50% of the window's logged hours tagged
 * oncall/interrupt → yes; logged hours and neither → no; no entries → unknown.
 */
export function inferTactical(category: Category, hours: number, operationalHours: number): CriterionResult {
  if (isOperationalCategory(category)) return {value: 'yes', source: 'inferred', reason: `its category is ${category}`}
  if (hours <= 0) return {value: 'unknown', source: 'none', reason: 'nothing logged in the window to infer it from'}
  const fraction = operationalHours / hours
  const facts = `${round2(operationalHours)} of ${round2(hours)} logged hours (${Math.round(fraction * 100)}%) tagged oncall or interrupt`
  return fraction >= TACTICAL_MIN_FRACTION - EPSILON
    ? {value: 'yes', source: 'inferred', reason: `${facts}, 50% or more`}
    : {value: 'no', source: 'inferred', reason: `${facts}, less than 50%, and category ${category}`}
}

/**
 * Scales: the months of data are the window's complete covered months from the first
 * one in which the task has hours to the last one, zeros inside included (see
 * scalesSeries). With ≥ 3 of them, yes when the least-squares slope of monthly hours
 * is > 0, else no; fewer → unknown.
 */
export function inferScales(series: readonly number[]): CriterionResult {
  if (!series.some((h) => h > 0)) return {value: 'unknown', source: 'none', reason: 'nothing logged in the window to infer it from'}
  if (series.length < SCALES_MIN_MONTHS) {
    return {value: 'unknown', source: 'none', reason: `only ${months(series.length)} of data since its first hours in the window (${SCALES_MIN_MONTHS} needed)`}
  }
  const slope = seriesSlope(series) ?? 0
  const facts = `monthly hours ${series.map(round2).join(', ')} (slope ${slope >= 0 ? '+' : ''}${round2(slope)} h a month)`
  return slope > EPSILON
    ? {value: 'yes', source: 'inferred', reason: `${facts} rose over ${months(series.length)}`}
    : {value: 'no', source: 'inferred', reason: `${facts} did not rise over ${months(series.length)}`}
}

/**
 * SPEC §4.1 verdict, the first rule that applies: overhead; not-toil on a vetoing
 * answer; toil with Y ≥ 4; possible-toil while Y + U ≥ 4 (answers could still make it
 * toil: an unanswered question never hides toil); else not-toil.
 */
export function decideVerdict(category: Category, criteria: Record<Criterion, CriterionResult>): {verdict: Verdict; rule: string} {
  if (category === 'overhead') return {verdict: 'overhead', rule: 'category overhead (meetings, HR, planning) is not toil'}
  const deniedBy = (['manual', 'automatable', 'noEnduringValue'] as const).find((c) => criteria[c].value === 'no')
  if (deniedBy) {
    const why = {manual: 'it is not manual', automatable: 'it needs human judgment (not automatable)', noEnduringValue: 'it leaves enduring value'}[deniedBy]
    return {verdict: 'not-toil', rule: `${why}: answered ${CRITERION_LABEL[deniedBy]} = no`}
  }
  const score = countYes(criteria)
  const unknown = CRITERIA.filter((c) => criteria[c].value === 'unknown').length
  if (score >= TOIL_MIN_YES) return {verdict: 'toil', rule: `${score} of 6 criteria are yes (${TOIL_MIN_YES} or more)`}
  if (score + unknown >= TOIL_MIN_YES) {
    return {verdict: 'possible-toil', rule: `${score} of 6 criteria are yes and ${unknown} unknown: answers could still make it toil (${TOIL_MIN_YES} yes)`}
  }
  return {verdict: 'not-toil', rule: `${score} yes and ${unknown} unknown of 6 criteria: no answer could reach ${TOIL_MIN_YES} yes`}
}

/** A task's status on the as-of day: a task automated after that day was active then. */
export function statusAsOf(task: Pick<Task, 'status' | 'automatedSince'>, asOf: string): Task['status'] {
  return task.status === 'automated' && task.automatedSince !== null && task.automatedSince > asOf ? 'active' : task.status
}

export function countYes(criteria: Record<Criterion, CriterionResult>): number {
  return CRITERIA.filter((c) => criteria[c].value === 'yes').length
}

/** Explicit answers win; repetitive, tactical and scales are inferred where unanswered. */
export function classifyTask(task: Pick<Task, 'category' | 'criteria' | 'frequency'>, facts: TaskWindowFacts): Classification {
  const given = task.criteria
  const pick = (c: Criterion, infer: () => CriterionResult): CriterionResult => {
    const value = given[c]
    return value === 'unknown' ? infer() : answered(c, value)
  }
  const criteria: Record<Criterion, CriterionResult> = {
    manual: pick('manual', () => neverInferred('manual')),
    repetitive: pick('repetitive', () => inferRepetitive(facts.historyOccurrences, task.frequency)),
    automatable: pick('automatable', () => neverInferred('automatable')),
    tactical: pick('tactical', () => inferTactical(task.category, facts.hours, facts.operationalHours)),
    noEnduringValue: pick('noEnduringValue', () => neverInferred('noEnduringValue')),
    scales: pick('scales', () => inferScales(facts.scalesSeries)),
  }
  const {verdict, rule} = decideVerdict(task.category, criteria)
  return {verdict, rule, score: countYes(criteria), criteria, unanswered: CRITERIA.filter((c) => criteria[c].value === 'unknown')}
}
