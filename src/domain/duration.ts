import {inputError} from './errors.js'

/** Minutes in the `1d` working day (SPEC §3). */
export const WORKDAY_MINUTES = 8 * 60
export const MAX_OCCURRENCE_MINUTES = 24 * 60

const ACCEPTED = 'is not a duration; use a unit: 90m, 1h30m, 1.5h, 1:30, PT1H30M or 1d'
const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`
const UNITS = new RegExp(`^(?:${NUM}d)?(?:${NUM}h)?(?:${NUM}m)?(?:${NUM}s)?$`)
const ISO = new RegExp(`^P(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`)
const CLOCK = /^(\d+):([0-5]\d)$/

/**
 * Parses a duration per occurrence into whole minutes (rounded).
 * Zero, a bare number and more than 24 h are refused.
 */
export function parseDuration(input: string, field = 'duration'): number {
  const text = input.trim().toLowerCase().replaceAll(/\s+/g, '')
  if (/^\d+(\.\d+)?$/.test(text)) throw inputError(field, input, `has no unit; did you mean ${text}m?`)
  if (text.startsWith('-')) throw inputError(field, input, 'is negative; a duration must be more than zero')
  const minutes = toMinutes(text)
  if (minutes === undefined) throw inputError(field, input, ACCEPTED)
  const rounded = Math.round(minutes)
  if (rounded <= 0) throw inputError(field, input, 'is zero; a duration must be at least 1 minute')
  if (rounded > MAX_OCCURRENCE_MINUTES) {
    throw inputError(field, input, 'is more than 24h for one occurrence; log the hands-on time of each occurrence, with --times for repeats')
  }
  return rounded
}

function toMinutes(text: string): number | undefined {
  const clock = CLOCK.exec(text)
  if (clock) return Number(clock[1]) * 60 + Number(clock[2])
  const iso = ISO.exec(text.toUpperCase())
  if (iso) return sum(iso.slice(1))
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
  const h = Math.floor(minutes / 60)
  const m = Math.round(minutes - h * 60)
  if (h === 0) return `${m}m`
  return m === 0 ? `${h}h` : `${h}h${m}m`
}

/** Hours with at most two decimals, as people read them: 1.5, 13.33. */
export function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100
}

/** Parses an amount of hours for estimates (`16h`, `90m`, `2d`); no 24 h cap, zero allowed. */
export function parseHours(input: string, field: string): number {
  const text = input.trim().toLowerCase().replaceAll(/\s+/g, '')
  if (/^\d+(\.\d+)?$/.test(text)) throw inputError(field, input, `has no unit; did you mean ${text}h?`)
  const minutes = toMinutes(text)
  if (minutes === undefined || minutes < 0) throw inputError(field, input, 'is not an amount of time; use 16h, 90m, 2d (8h days) or 0h')
  return minutes / 60
}
