import {inputError} from './errors.js'

/** Minutes in the `1d` working day (SPEC §3). */
export const WORKDAY_MINUTES = 8 * 60
export const MAX_OCCURRENCE_MINUTES = 24 * 60

/** The most hours an estimate (`--cost`, `--maintenance`) may carry: 50 engineer-years. */
export const MAX_ESTIMATE_HOURS = 100_000

const FORMS = 'use a unit: 90m, 1h30m, 1.5h, 1:30 (h:mm), PT1H30M or 1d (8h)'
const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`
const BARE = new RegExp(`^${NUM}$`)
const UNITS = new RegExp(`^(?:${NUM}(?:d|days?))?(?:${NUM}(?:h|hrs?|hours?))?(?:${NUM}(?:m|mins?|minutes?))?(?:${NUM}(?:s|secs?|seconds?))?$`)
/** ISO 8601 time part only: `P1D` is a calendar day of 24 h, not the 8 h working day `1d` means. */
const ISO = new RegExp(`^pt(?:${NUM}h)?(?:${NUM}m)?(?:${NUM}s)?$`)
const CLOCK = /^(\d+):([0-5]\d)$/
/** `1h30`: whole hours, then two-digit minutes as in h:mm. */
const HOURS_MINUTES = /^(\d+)h([0-5]\d)$/

/** Lower case without any whitespace: `1 H 30 m` reads as `1h30m`. */
function normalise(input: string): string {
  return input.trim().toLowerCase().replaceAll(/\s+/g, '')
}

/**
 * Parses a duration per occurrence into whole minutes (rounded).
 * A bare number, zero, a negative and more than 24 h are refused.
 */
export function parseDuration(input: string, field = 'duration'): number {
  return parseDurationExact(input, field).minutes
}

/**
 * The whole minutes a duration is kept as, and whether that rounded it (`90s` → 2m,
 * `0.5m` → 1m): a confirmation says so.
 */
export function parseDurationExact(input: string, field = 'duration'): {minutes: number; rounded: boolean} {
  const text = normalise(input)
  if (BARE.test(text)) throw inputError(field, input, `has no unit; ${unitHint(text)}`)
  if (text.startsWith('-') && (toMinutes(text.slice(1)) !== undefined || BARE.test(text.slice(1)))) {
    throw inputError(field, input, 'is negative; a duration must be more than zero, e.g. 15m')
  }
  if (/^p[^t]/.test(text)) throw inputError(field, input, 'has an ISO date part (days are ambiguous); use the time part, e.g. PT8H, or 1d for an 8h working day')
  const minutes = toMinutes(text)
  if (minutes === undefined) throw inputError(field, input, `is not a duration; ${FORMS}`)
  if (minutes === 0) throw inputError(field, input, 'is zero; a duration must be at least 1m')
  const rounded = Math.round(minutes)
  if (rounded === 0) throw inputError(field, input, 'is under a minute; the smallest duration is 1m')
  if (rounded > MAX_OCCURRENCE_MINUTES) {
    throw inputError(field, input, 'is more than 24h for one occurrence; give the hands-on time of one occurrence (at most 24h) and repeats with --times')
  }
  return {minutes: rounded, rounded: Math.abs(rounded - minutes) > 1e-9}
}

/** A guess for a bare number: a whole number is most likely minutes (45), a fraction hours (1.5). */
function unitHint(text: string): string {
  const guess = Number.isInteger(Number(text)) ? `${text}m` : `${text}h`
  const minutes = Math.round(toMinutes(guess)!)
  return minutes >= 1 && minutes <= MAX_OCCURRENCE_MINUTES ? `did you mean ${guess}?` : FORMS
}

/** Minutes of normalised text, possibly fractional or infinite; undefined when it is no duration. */
function toMinutes(text: string): number | undefined {
  const clock = CLOCK.exec(text) ?? HOURS_MINUTES.exec(text)
  if (clock) return Number(clock[1]) * 60 + Number(clock[2])
  const iso = ISO.exec(text)
  if (iso) return sum([undefined, ...iso.slice(1)])
  const units = UNITS.exec(text)
  if (units) return sum(units.slice(1))
  return undefined
}

function sum([d, h, m, s]: (string | undefined)[]): number | undefined {
  if (d === undefined && h === undefined && m === undefined && s === undefined) return undefined
  return Number(d ?? 0) * WORKDAY_MINUTES + Number(h ?? 0) * 60 + Number(m ?? 0) + Number(s ?? 0) / 60
}

/** `90` → `1h30m`; the inverse of parseDuration for whole minutes. */
export function formatDuration(minutes: number): string {
  const total = Math.round(minutes)
  const h = Math.floor(total / 60)
  const m = total - h * 60
  if (h === 0) return `${m}m`
  return m === 0 ? `${h}h` : `${h}h${m}m`
}

/** Hours with at most two decimals, as people read them: 1.5, 13.33. */
export function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100
}

/** Parses an amount of hours for estimates (`16h`, `90m`, `2d`); no 24 h cap, zero allowed. */
export function parseHours(input: string, field: string): number {
  const text = normalise(input)
  const accepted = `use 16h, 90m, 2d (8h days) or 0h, at most ${MAX_ESTIMATE_HOURS}h`
  if (BARE.test(text)) throw inputError(field, input, `has no unit; did you mean ${text}h?`)
  if (/^p[^t]/.test(text)) throw inputError(field, input, 'has an ISO date part (days are ambiguous); use the time part, e.g. PT16H, or 2d for two 8h working days')
  const minutes = toMinutes(text)
  if (minutes === undefined) throw inputError(field, input, `is not an amount of time; ${accepted}`)
  if (minutes / 60 > MAX_ESTIMATE_HOURS) throw inputError(field, input, `is too large; ${accepted}`)
  return minutes / 60
}
