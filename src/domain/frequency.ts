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

const ADVERBS: Record<string, FrequencyUnit> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  yearly: 'year',
  annually: 'year',
}
const ACCEPTED = 'is not a frequency; use daily, weekly, monthly, quarterly, yearly, 3/week, 2/day, 10/month or every 2 weeks'

function unitOf(word: string): FrequencyUnit | undefined {
  const singular = word.endsWith('s') ? word.slice(0, -1) : word
  return (FREQUENCY_UNITS as readonly string[]).includes(singular) ? (singular as FrequencyUnit) : undefined
}

export function parseFrequency(input: string, field = 'frequency'): Frequency {
  const text = input.trim().toLowerCase().replaceAll(/\s+/g, ' ')
  const adverb = ADVERBS[text]
  if (adverb) return {count: 1, unit: adverb, every: 1}
  const rate = /^(\d+(?:\.\d+)?) ?(?:\/|per |a |times a |times per |x ?\/ ?)(\w+)$/.exec(text)
  if (rate) {
    const unit = unitOf(rate[2]!)
    const count = Number(rate[1])
    if (!unit) throw inputError(field, input, ACCEPTED)
    if (!(count > 0)) throw inputError(field, input, 'must be more than zero times')
    return {count, unit, every: 1}
  }
  const every = /^every (?:(\d+) )?(\w+)$/.exec(text)
  if (every) {
    const unit = unitOf(every[2]!)
    const n = every[1] === undefined ? 1 : Number(every[1])
    if (!unit) throw inputError(field, input, ACCEPTED)
    if (!(n >= 1)) throw inputError(field, input, 'must repeat at least every 1 unit')
    return {count: 1, unit, every: n}
  }
  throw inputError(field, input, ACCEPTED)
}

/** Occurrences in an average month. */
export function monthlyOccurrences(f: Frequency): number {
  return (f.count * MONTHLY_FACTOR[f.unit]) / f.every
}

export function formatFrequency(f: Frequency): string {
  if (f.every !== 1) return `every ${f.every} ${f.unit}s`
  if (f.count === 1) return f.unit === 'day' ? 'daily' : `${f.unit}ly`
  return `${f.count}/${f.unit}`
}
