import fc from 'fast-check'
import {afterAll, beforeAll, expect} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'

/** Runs of each property test. */
export const RUNS = {numRuns: 10_000}
/** Digits beyond the largest double: Number() of it is Infinity. */
export const HUGE = '9'.repeat(400)

/** Test titles for values, with very long ones shortened. */
export function labelled(texts: string[]): [string, string][] {
  return texts.map((text) => [text.length > 40 ? `${JSON.stringify(text.slice(0, 12))}… (${text.length} characters)` : JSON.stringify(text), text])
}

/** The error `fn` throws, checked to be a one-line input error that names the field and quotes the value. */
export function inputErrorOf(fn: () => unknown, field: string, value: string): string {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(ToilError)
  const error = caught as ToilError
  expect(error.code).toBe('invalid-input')
  expect(error.exit).toBe(2)
  expect(error.message).not.toMatch(/[\n\r\u0085\u2028\u2029]/)
  // Quoted as JSON, with what a terminal could misread (C1 controls, line separators, bidi overrides) escaped too, cut at 80 characters.
  const shown = [...value].length > 80 ? `${[...value].slice(0, 79).join('')}…` : value
  const quoted = JSON.stringify(shown).replaceAll(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  expect(error.message.startsWith(`${field}: ${quoted} `)).toBe(true)
  return error.message
}

/** The outcome of a parser: its value, or the code of the ToilError it threw; anything else fails. */
export function outcome<T>(fn: () => T): {value: T} | {error: string} {
  try {
    return {value: fn()}
  } catch (error) {
    if (!(error instanceof ToilError)) throw error
    return {error: error.code}
  }
}

/** Any code point, lone surrogates included; ASCII and the BMP as likely as the rest. */
export const codePoint = fc.oneof(fc.integer({min: 0, max: 0x7f}), fc.integer({min: 0x80, max: 0xffff}), fc.integer({min: 0x10000, max: 0x10ffff})).map((n) => String.fromCodePoint(n))

/**
 * Any text: arbitrary unicode up to `maxLength`, and strings of up to `alphabetLength`
 * units drawn from a parser's own alphabet plus `exotic` look-alikes.
 */
export function anyTextOf(alphabet: string | readonly string[], exotic: readonly string[], alphabetLength: number, maxLength = 24): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({unit: codePoint, maxLength}),
    fc.string({unit: 'grapheme', maxLength}),
    fc.string({unit: fc.constantFrom(...alphabet, ...exotic), maxLength: alphabetLength}),
  )
}

// Independent oracle: JavaScript's own UTC calendar.
export const DAY_MS = 86_400_000
export function utc(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Any day from 2000-01-01 to 2100-12-31. */
export const anyDay = fc.integer({min: utc('2000-01-01') / DAY_MS, max: utc('2100-12-31') / DAY_MS}).map((n) => isoDay(n * DAY_MS))

/**
 * Time zones, with their January offset in minutes, whose DST changes at various hours,
 * by half an hour (Lord Howe) or skipped day (Samoa, 2011-12-30) break day arithmetic done on local midnights.
 */
export const ZONES: [string, number][] = [
  ['UTC', 0],
  ['America/New_York', 300],
  ['Pacific/Auckland', -780],
  ['Australia/Lord_Howe', -660],
  ['Pacific/Apia', -780],
  ['America/Sao_Paulo', 180],
]

/** Runs the rest of the enclosing describe block in `zone`, then restores TZ. */
export function runInZone(zone: string): void {
  const saved = process.env.TZ
  // Node re-reads TZ when it is assigned.
  beforeAll(() => {
    process.env.TZ = zone
  })
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })
}
