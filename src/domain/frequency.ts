import {inputError} from './errors.js'

export type FrequencyUnit = 'day' | 'week' | 'month' | 'quarter' | 'year'
export const FREQUENCY_UNITS: readonly FrequencyUnit[] = ['day', 'week', 'month', 'quarter', 'year']

/** `count` occurrences every `every` units: `3/week` is {3, week, 1}; `every 2 weeks` is {1, week, 2}. */
export interface Frequency {
  count: number
  unit: FrequencyUnit
  every: number
}

/** Occurrences of one unit in an average month (SPEC §3). */
export const MONTHLY_FACTOR: Record<FrequencyUnit, number> = {
  day: 365.25 / 12,
  week: 365.25 / 7 / 12,
  month: 1,
  quarter: 1 / 3,
  year: 1 / 12,
}

/** A Map, not an object literal: `__proto__` or `constructor` must not read as an adverb. */
const ADVERBS = new Map<string, FrequencyUnit>([
  ['daily', 'day'],
  ['weekly', 'week'],
  ['monthly', 'month'],
  ['quarterly', 'quarter'],
  ['yearly', 'year'],
  ['annually', 'year'],
])

/** Bounds that keep monthly occurrences finite and meaningful. */
export const MAX_FREQUENCY_COUNT = 100_000
export const MAX_FREQUENCY_EVERY = 1000

const ACCEPTED = 'is not a frequency; use daily, weekly, monthly, quarterly, yearly, 3/week, 2/day, 10/month or every 2 weeks'
/** A count: whole or with up to two decimals (`1.5/week`), so it always prints back as typed. */
const COUNT = String.raw`(\d+(?:\.\d{1,2})?|once|twice)`
const RATE = new RegExp(`^${COUNT}(?: ?(?:x|times))?(?:/| per | an? )(\\w+)$`)
const EVERY = new RegExp(`^(?:${COUNT}(?: ?(?:x|times))? )?every (?:(\\d+|other) )?(\\w+)$`)

function unitOf(word: string): FrequencyUnit | undefined {
  const singular = word.endsWith('s') ? word.slice(0, -1) : word
  return (FREQUENCY_UNITS as readonly string[]).includes(singular) ? (singular as FrequencyUnit) : undefined
}

function countOf(word: string): number {
  return word === 'once' ? 1 : word === 'twice' ? 2 : Number(word)
}

/** `daily`, `3/week`, `3 times a week`, `every 2 weeks`, `twice every 3 months`. */
export function parseFrequency(input: string, field = 'frequency'): Frequency {
  const text = input.trim().toLowerCase().replaceAll(/\s+/g, ' ').replaceAll(/ ?\/ ?/g, '/')
  const adverb = ADVERBS.get(text)
  if (adverb) return {count: 1, unit: adverb, every: 1}
  const rate = RATE.exec(text)
  const every = rate ? undefined : EVERY.exec(text)
  const unit = unitOf((rate?.[2] ?? every?.[3]) ?? '')
  if (!unit) throw inputError(field, input, ACCEPTED)
  const count = countOf((rate?.[1] ?? every?.[1]) ?? '1')
  const n = every?.[2] === undefined ? 1 : every[2] === 'other' ? 2 : Number(every[2])
  if (count === 0) throw inputError(field, input, 'is zero times; use at least once, e.g. 1/week or every 2 weeks')
  if (count > MAX_FREQUENCY_COUNT) throw inputError(field, input, `is too many times; use at most ${MAX_FREQUENCY_COUNT} per ${unit}`)
  if (n < 1 || n > MAX_FREQUENCY_EVERY) throw inputError(field, input, `repeats every ${n} ${unit}s; use every 1 to every ${MAX_FREQUENCY_EVERY} ${unit}s`)
  return {count, unit, every: n}
}

/** Occurrences in an average month. */
export function monthlyOccurrences(f: Frequency): number {
  return (f.count * MONTHLY_FACTOR[f.unit]) / f.every
}

/** The canonical spelling, which parseFrequency reads back to the same frequency. */
export function formatFrequency(f: Frequency): string {
  if (f.every !== 1) return `${f.count === 1 ? '' : `${f.count}x `}every ${f.every} ${f.unit}s`
  if (f.count === 1) return f.unit === 'day' ? 'daily' : `${f.unit}ly`
  return `${f.count}/${f.unit}`
}
