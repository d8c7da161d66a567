import type {Day} from '../calendar.js'
import {inputError} from '../errors.js'
import {parsePercent, parseRate} from '../inputs.js'
import {DEFAULT_HORIZON, DEFAULT_OVERRUN, DEFAULT_THRESHOLD, DEFAULT_WINDOW} from './analyze.js'
import type {AnalysisOptions} from './types.js'

/** The analyzer's options as the commands' flags give them. */
export interface AnalysisFlagValues {
  window?: string
  horizon?: string
  threshold?: string
  growth?: string
  'headcount-growth'?: string
  automate?: string
  overrun?: string
  basis?: string
  sort?: string
}

export const BASES = ['toil', 'operational'] as const
export const CANDIDATE_SORTS = ['payback', 'net', 'hours'] as const

function oneOf<T extends string>(field: string, input: string, options: readonly T[]): T {
  const value = options.find((o) => o === input.trim().toLowerCase())
  if (value === undefined) throw inputError(field, input, `is not one of ${options.join(', ')}`)
  return value
}

export const WINDOW_RANGE = [3, 60] as const
export const HORIZON_RANGE = [1, 120] as const
export const AUTOMATE_RANGE = [1, 100] as const
export const MAX_OVERRUN = 10

function wholeNumber(field: string, input: string, [min, max]: readonly [number, number], unit: string): number {
  const value = /^\s*\d+\s*$/.test(input) ? Number(input) : Number.NaN
  if (!(value >= min && value <= max)) throw inputError(field, input, `must be a whole number of ${unit} from ${min} to ${max}`)
  return value
}

/** `50%` or `0.5`; more than 0%. */
export function parseThreshold(input: string): number {
  const value = parsePercent(input, 'threshold')
  if (value <= 0) throw inputError('threshold', input, 'must be more than 0%, e.g. 50%')
  return value
}

/** A factor on automation cost: `1.3`, `1.3x` or `130%`; more than 0, at most 10. */
export function parseOverrun(input: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(x|%)?$/i.exec(input.trim())
  const value = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : Number.NaN
  if (!(value > 0 && value <= MAX_OVERRUN)) throw inputError('overrun', input, `is not a cost factor; use a number such as 1.3 (or 130%), more than 0 and at most ${MAX_OVERRUN}`)
  return value
}

/** Validated analyzer options from flag values; unset flags take the SPEC defaults. */
export function parseAnalysisOptions(values: AnalysisFlagValues, asOf: Day, team: string | null, partialThrough: Day | null = null): AnalysisOptions {
  return {
    asOf,
    team,
    window: values.window === undefined ? DEFAULT_WINDOW : wholeNumber('window', values.window, WINDOW_RANGE, 'months'),
    horizon: values.horizon === undefined ? DEFAULT_HORIZON : wholeNumber('horizon', values.horizon, HORIZON_RANGE, 'months'),
    threshold: values.threshold === undefined ? DEFAULT_THRESHOLD : parseThreshold(values.threshold),
    growth: values.growth === undefined ? null : parseRate(values.growth, 'growth'),
    headcountGrowth: values['headcount-growth'] === undefined ? null : parseRate(values['headcount-growth'], 'headcount-growth'),
    automate: values.automate === undefined ? 0 : wholeNumber('automate', values.automate, AUTOMATE_RANGE, 'tasks'),
    overrun: values.overrun === undefined ? DEFAULT_OVERRUN : parseOverrun(values.overrun),
    basis: values.basis === undefined ? 'toil' : oneOf('basis', values.basis, BASES),
    sort: values.sort === undefined ? 'payback' : oneOf('sort', values.sort, CANDIDATE_SORTS),
    partialThrough,
  }
}
