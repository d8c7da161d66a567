import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {type Frequency, FREQUENCY_UNITS, MAX_FREQUENCY_COUNT, MAX_FREQUENCY_EVERY, MONTHLY_FACTOR, formatFrequency, monthlyOccurrences, parseFrequency} from '../../src/domain/frequency.js'

import {HUGE, RUNS, anyTextOf, inputErrorOf, labelled, outcome} from './parser-helpers.js'

const anyText = (alphabet: string[]) => anyTextOf(alphabet, ['\u00a0', '\t', '\n', 'ſ', 'K', '١', '-', '.', 'e', '∞'], 8)

/** Characters and whole words of the frequency syntax, so that generated text often nearly parses. */
const FREQUENCY_ALPHABET = [...'0123456789/ .', 'every ', 'other ', 'times ', 'x', ' a ', 'per ', 'day', 'week', 'month', 'quarter', 'year', 's', 'daily', 'weekly', 'once', 'twice']

const ACCEPTED = 'is not a frequency; use daily, weekly, monthly, quarterly, yearly, 3/week, 2/day, 10/month or every 2 weeks'

describe('parseFrequency: the forms of SPEC §3', () => {
  it.each<[string, Frequency]>([
    ['daily', {count: 1, unit: 'day', every: 1}],
    ['weekly', {count: 1, unit: 'week', every: 1}],
    ['monthly', {count: 1, unit: 'month', every: 1}],
    ['quarterly', {count: 1, unit: 'quarter', every: 1}],
    ['yearly', {count: 1, unit: 'year', every: 1}],
    ['3/week', {count: 3, unit: 'week', every: 1}],
    ['2/day', {count: 2, unit: 'day', every: 1}],
    ['10/month', {count: 10, unit: 'month', every: 1}],
    ['every 2 weeks', {count: 1, unit: 'week', every: 2}],
  ])('%s', (text, expected) => {
    expect(parseFrequency(text)).toEqual(expected)
  })

  it.each<[string, Frequency]>([
    ['  Weekly ', {count: 1, unit: 'week', every: 1}],
    ['annually', {count: 1, unit: 'year', every: 1}],
    ['every week', {count: 1, unit: 'week', every: 1}],
    ['every day', {count: 1, unit: 'day', every: 1}],
    ['Every 2 Weeks', {count: 1, unit: 'week', every: 2}],
    ['every  3   months', {count: 1, unit: 'month', every: 3}],
    ['every other week', {count: 1, unit: 'week', every: 2}],
    ['every 1 quarter', {count: 1, unit: 'quarter', every: 1}],
    ['3 / week', {count: 3, unit: 'week', every: 1}],
    ['3x/week', {count: 3, unit: 'week', every: 1}],
    ['3 times a week', {count: 3, unit: 'week', every: 1}],
    ['3 times per week', {count: 3, unit: 'week', every: 1}],
    ['3 per week', {count: 3, unit: 'week', every: 1}],
    ['twice a day', {count: 2, unit: 'day', every: 1}],
    ['once a month', {count: 1, unit: 'month', every: 1}],
    ['4 a year', {count: 4, unit: 'year', every: 1}],
    ['1.5/week', {count: 1.5, unit: 'week', every: 1}],
    ['0.25/day', {count: 0.25, unit: 'day', every: 1}],
    ['2x every 3 months', {count: 2, unit: 'month', every: 3}],
    ['1/weeks', {count: 1, unit: 'week', every: 1}],
  ])('also reads %j', (text, expected) => {
    expect(parseFrequency(text)).toEqual(expected)
  })
})

describe('parseFrequency refuses', () => {
  it.each(['', '  ', 'sometimes', 'biweekly', 'hourly', '3/fortnight', '3/', '/week', 'week', '3 week', '-1/week', '1.125/week', 'every', 'every 1.5 weeks', 'every -2 weeks', 'every 2', '3/hour', 'every 2 hours', '١/week', '1e3/day', 'Infinity/day', 'NaN/day', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'junk: %j',
    (text) => {
      expect(inputErrorOf(() => parseFrequency(text), 'frequency', text)).toContain(ACCEPTED)
    },
  )

  it.each(['0/week', '0.00/day', '0 times a month'])('zero times: %j', (text) => {
    expect(inputErrorOf(() => parseFrequency(text), 'frequency', text)).toContain('is zero times; use at least once')
  })

  it.each(['every 0 weeks', 'every 1001 days', `every ${'9'.repeat(30)} days`])('a repeat interval out of range: %j', (text) => {
    expect(inputErrorOf(() => parseFrequency(text), 'frequency', text)).toContain(`use every 1 to every ${MAX_FREQUENCY_EVERY}`)
  })

  it.each(labelled([`${MAX_FREQUENCY_COUNT + 1}/day`, `${HUGE}/day`]))('a count too large to be meant (and never Infinity): %s', (_label, text) => {
    expect(inputErrorOf(() => parseFrequency(text), 'frequency', text)).toContain(`use at most ${MAX_FREQUENCY_COUNT} per day`)
  })

  it('names the field it is given', () => {
    inputErrorOf(() => parseFrequency('sometimes', 'every'), 'every', 'sometimes')
  })
})

describe('monthly factors', () => {
  it('are the SPEC §3 numbers', () => {
    expect(MONTHLY_FACTOR.day).toBeCloseTo(30.4375, 12)
    expect(MONTHLY_FACTOR.week).toBeCloseTo(4.348214285714286, 12)
    expect(MONTHLY_FACTOR.month).toBe(1)
    expect(MONTHLY_FACTOR.quarter).toBeCloseTo(0.3333333333333333, 12)
    expect(MONTHLY_FACTOR.year).toBeCloseTo(0.08333333333333333, 12)
  })

  it('a year of each unit adds up to 12 months', () => {
    expect(MONTHLY_FACTOR.day * 12).toBeCloseTo(365.25, 10)
    expect(MONTHLY_FACTOR.week * 12).toBeCloseTo(365.25 / 7, 10)
    expect(MONTHLY_FACTOR.quarter * 12).toBeCloseTo(4, 10)
    expect(MONTHLY_FACTOR.year * 12).toBeCloseTo(1, 10)
  })

  it.each([
    ['daily', 30.4375],
    ['2/day', 60.875],
    ['weekly', 4.348214285714286],
    ['3/week', 13.044642857142858],
    ['every 2 weeks', 2.174107142857143],
    ['monthly', 1],
    ['10/month', 10],
    ['every 3 months', 0.3333333333333333],
    ['quarterly', 0.3333333333333333],
    ['yearly', 0.08333333333333333],
  ])('%s occurs %d times in an average month', (text, perMonth) => {
    expect(monthlyOccurrences(parseFrequency(text))).toBeCloseTo(perMonth, 10)
  })
})

describe('formatFrequency', () => {
  it.each<[Frequency, string]>([
    [{count: 1, unit: 'day', every: 1}, 'daily'],
    [{count: 1, unit: 'quarter', every: 1}, 'quarterly'],
    [{count: 3, unit: 'week', every: 1}, '3/week'],
    [{count: 1, unit: 'week', every: 2}, 'every 2 weeks'],
    [{count: 2, unit: 'month', every: 3}, '2x every 3 months'],
  ])('%j prints as %s', (frequency, text) => {
    expect(formatFrequency(frequency)).toBe(text)
  })
})

describe('frequency properties', () => {
  it('any text gives a frequency with a finite positive count and a whole repeat, or an invalid-input ToilError', () => {
    fc.assert(
      fc.property(anyText(FREQUENCY_ALPHABET), (text) => {
        const result = outcome(() => parseFrequency(text))
        if ('error' in result) return result.error === 'invalid-input'
        const f = result.value
        return (
          FREQUENCY_UNITS.includes(f.unit) &&
          Number.isFinite(f.count) &&
          f.count > 0 &&
          f.count <= MAX_FREQUENCY_COUNT &&
          Number.isInteger(f.every) &&
          f.every >= 1 &&
          f.every <= MAX_FREQUENCY_EVERY &&
          Number.isFinite(monthlyOccurrences(f))
        )
      }),
      RUNS,
    )
  })

  it('every refusal is one line naming the field and quoting the value', () => {
    fc.assert(
      fc.property(anyText(FREQUENCY_ALPHABET), (text) => {
        try {
          parseFrequency(text)
          return true
        } catch (error) {
          const message = (error as Error).message
          return message.startsWith('frequency: "') && !/[\n\r\u0085\u2028\u2029]/.test(message) && message.includes(' use ')
        }
      }),
      RUNS,
    )
  })

  it('what parses prints back with formatFrequency to the same frequency', () => {
    fc.assert(
      fc.property(anyText(FREQUENCY_ALPHABET), (text) => {
        const result = outcome(() => parseFrequency(text))
        if ('error' in result) return true
        expect(parseFrequency(formatFrequency(result.value))).toEqual(result.value)
        return true
      }),
      RUNS,
    )
  })

  const counts = fc.oneof(fc.integer({min: 1, max: MAX_FREQUENCY_COUNT}), fc.integer({min: 1, max: 99_999}).map((hundredths) => hundredths / 100))

  it('every frequency in range prints and parses back to itself', () => {
    const frequency = fc.record({
      count: counts,
      unit: fc.constantFrom(...FREQUENCY_UNITS),
      every: fc.oneof(fc.constant(1), fc.integer({min: 1, max: MAX_FREQUENCY_EVERY})),
    })
    fc.assert(
      fc.property(frequency, (f) => {
        expect(parseFrequency(formatFrequency(f))).toEqual(f)
      }),
      RUNS,
    )
  })

  it('N/unit, N times a unit and every N units give count × factor ÷ every occurrences a month', () => {
    const form = fc.record({count: counts, unit: fc.constantFrom(...FREQUENCY_UNITS), every: fc.integer({min: 1, max: MAX_FREQUENCY_EVERY}), style: fc.nat(2)}).map(({count, unit, every, style}) => {
      const text = style === 0 ? `${count}/${unit}` : style === 1 ? `${count} times a ${unit}` : `every ${every} ${unit}s`
      const expected = style === 2 ? {count: 1, unit, every} : {count, unit, every: 1}
      return {text, expected}
    })
    const perMonth = {day: 365.25 / 12, week: 365.25 / 7 / 12, month: 1, quarter: 1 / 3, year: 1 / 12}
    fc.assert(
      fc.property(form, ({text, expected}) => {
        const f = parseFrequency(text)
        expect(f).toEqual(expected)
        expect(monthlyOccurrences(f)).toBeCloseTo((expected.count * perMonth[expected.unit]) / expected.every, 9)
      }),
      RUNS,
    )
  })
})
