import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {MAX_ESTIMATE_HOURS, formatDuration, parseDuration, parseHours} from '../../src/domain/duration.js'

import {HUGE, RUNS, anyTextOf, inputErrorOf, labelled, outcome} from './parser-helpers.js'

/** Any text: arbitrary unicode, and strings made of the parser's own alphabet (plus look-alikes). */
const anyText = (alphabet: string) => anyTextOf(alphabet, ['\u00a0', '\u2003', '\t', '\n', 'ſ', 'ı', 'K', '٣', '１', '-', '+', 'e', 'E', '∞'], 16)

const DURATION_ALPHABET = '0123456789.: hmsdHMSDPTptinourec'

describe('parseDuration: the forms of SPEC §3', () => {
  it.each([
    ['90m', 90],
    ['1h30m', 90],
    ['1.5h', 90],
    ['2h', 120],
    ['1:30', 90],
    ['PT1H30M', 90],
    ['1d', 8 * 60],
  ])('%s is %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes)
  })

  it.each([
    ['  90m  ', 90],
    ['1H30M', 90],
    ['1 h 30 m', 90],
    ['pt1h30m', 90],
    ['PT45M', 45],
    ['PT90S', 2],
    ['PT0.5H', 30],
    ['1h30', 90],
    ['1 h 30', 90],
    ['2h05', 125],
    ['.5h', 30],
    ['0.25h', 15],
    ['45min', 45],
    ['2 hours', 120],
    ['1 hour 15 minutes', 75],
    ['1hr', 60],
    ['90s', 2],
    ['30s', 1],
    ['1d2h', 10 * 60],
    ['3d', 24 * 60],
    ['24h', 24 * 60],
    ['24:00', 24 * 60],
    ['0:01', 1],
    ['1m', 1],
    ['1.999m', 2],
  ])('also reads %j as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes)
  })
})

describe('parseDuration refuses', () => {
  it('a bare number, suggesting minutes', () => {
    expect(inputErrorOf(() => parseDuration('45'), 'duration', '45')).toContain('did you mean 45m?')
  })

  it('a bare fraction, suggesting hours', () => {
    expect(inputErrorOf(() => parseDuration('1.5'), 'duration', '1.5')).toContain('did you mean 1.5h?')
  })

  it('a bare number too large to be minutes, without a suggestion that would fail too', () => {
    const message = inputErrorOf(() => parseDuration('2000'), 'duration', '2000')
    expect(message).toContain('has no unit')
    expect(message).not.toContain('did you mean')
    expect(message).toContain('90m')
  })

  it.each(['0m', '0h', '0h0m', '0:00', 'PT0S', 'PT0H0M', '0d', '0', '0.0h'])('zero: %j', (text) => {
    const message = inputErrorOf(() => parseDuration(text), 'duration', text)
    expect(message).toMatch(/is zero|has no unit/)
  })

  it.each(['20s', '0.4m', 'PT29S'])('less than a minute: %j', (text) => {
    expect(inputErrorOf(() => parseDuration(text), 'duration', text)).toContain('is under a minute; the smallest duration is 1m')
  })

  it.each(['-5m', '-1h30m', '-1:30', '-45', ' -2h'])('a negative duration: %j', (text) => {
    expect(inputErrorOf(() => parseDuration(text), 'duration', text)).toContain('is negative')
  })

  it.each(labelled(['24h1m', '1441m', '25:00', '3d1m', '4d', 'PT25H', '24.5h', `${HUGE}h`, `${HUGE}:00`]))(
    'more than 24 h for one occurrence: %s',
    (_label, text) => {
      const message = inputErrorOf(() => parseDuration(text), 'duration', text)
      expect(message).toContain('is more than 24h for one occurrence')
      expect(message).toContain('--times')
    },
  )

  it.each(['', '   ', 'abc', 'm', 'h', '1x', '1h1h', '30m1h', '1h5', '1:5', '1:60', ':30', '1..5h', '1.h', '1e3m', '1,5h', 'NaNm', 'Infinity h', '∞h', 'P', 'PT', 'PTH', 'one hour', '٣m', '１h', 'h1'])(
    'junk: %j',
    (text) => {
      const message = inputErrorOf(() => parseDuration(text), 'duration', text)
      expect(message).toContain('is not a duration; use a unit: 90m, 1h30m, 1.5h, 1:30 (h:mm), PT1H30M or 1d (8h)')
    },
  )

  it.each(['P1D', 'P1DT1H', 'P0DT30M', 'P1W', 'P1Y'])('an ISO duration with a date part, whose days are ambiguous: %j', (text) => {
    expect(inputErrorOf(() => parseDuration(text), 'duration', text)).toContain('use the time part, e.g. PT8H, or 1d for an 8h working day')
  })

  it('names the field it is given', () => {
    inputErrorOf(() => parseDuration('45', 'typical'), 'typical', '45')
  })

  it('quotes a long value cut to one short line', () => {
    const text = `${'1'.repeat(200)}x`
    let message = ''
    try {
      parseDuration(text)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message.startsWith(`duration: "${'1'.repeat(79)}…" is not a duration`)).toBe(true)
  })
})

describe('formatDuration', () => {
  it.each([
    [45, '45m'],
    [60, '1h'],
    [90, '1h30m'],
    [1440, '24h'],
    [119.7, '2h'],
    [59.6, '1h'],
  ])('%d minutes print as %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text)
  })

  it('prints every whole number of minutes from 1 to 24 h so that it parses back to the same number', () => {
    for (let minutes = 1; minutes <= 1440; minutes++) expect(parseDuration(formatDuration(minutes))).toBe(minutes)
  })
})

describe('parseHours (estimates)', () => {
  it.each([
    ['16h', 16],
    ['90m', 1.5],
    ['2d', 16],
    ['0h', 0],
    ['PT16H', 16],
    ['1:30', 1.5],
    ['40h', 40],
    ['100h', 100],
  ])('%s is %d hours', (text, hours) => {
    expect(parseHours(text, 'cost')).toBe(hours)
  })

  it('refuses a bare number, suggesting hours', () => {
    expect(inputErrorOf(() => parseHours('16', 'cost'), 'cost', '16')).toContain('did you mean 16h?')
  })

  it.each(['-1h', 'abc', '', 'P2D'])('refuses %j', (text) => {
    inputErrorOf(() => parseHours(text, 'maintenance'), 'maintenance', text)
  })

  it('refuses an amount too large to be an estimate rather than returning Infinity', () => {
    const huge = `${HUGE}h`
    expect(inputErrorOf(() => parseHours(huge, 'cost'), 'cost', huge)).toContain('is too large')
    expect(parseHours(`${MAX_ESTIMATE_HOURS}h`, 'cost')).toBe(MAX_ESTIMATE_HOURS)
    inputErrorOf(() => parseHours(`${MAX_ESTIMATE_HOURS + 1}h`, 'cost'), 'cost', `${MAX_ESTIMATE_HOURS + 1}h`)
  })
})

describe('duration properties', () => {
  it('any text gives whole minutes from 1 to 1440 or an invalid-input ToilError, never anything else', () => {
    fc.assert(
      fc.property(anyText(DURATION_ALPHABET), (text) => {
        const result = outcome(() => parseDuration(text))
        if ('error' in result) return result.error === 'invalid-input'
        return Number.isInteger(result.value) && result.value >= 1 && result.value <= 1440
      }),
      RUNS,
    )
  })

  it('every refusal is one line that names the field and quotes the value', () => {
    fc.assert(
      fc.property(anyText(DURATION_ALPHABET), (text) => {
        try {
          parseDuration(text)
          return true
        } catch (error) {
          const message = (error as Error).message
          return message.startsWith('duration: "') && !/[\n\r\u0085\u2028\u2029]/.test(message) && / (use|did you mean|is zero|is under|is negative|is more)/.test(message)
        }
      }),
      RUNS,
    )
  })

  it('what parses prints back with formatDuration to the same minutes', () => {
    fc.assert(
      fc.property(anyText(DURATION_ALPHABET), (text) => {
        const result = outcome(() => parseDuration(text))
        return 'error' in result || parseDuration(formatDuration(result.value)) === result.value
      }),
      RUNS,
    )
  })

  /** Random case and spacing around the parts of a duration. */
  const spaced = (parts: string[]) =>
    fc.tuple(fc.array(fc.constantFrom('', ' ', '  '), {minLength: parts.length + 1, maxLength: parts.length + 1}), fc.boolean()).map(([gaps, upper]) => {
      const text = parts.map((part, i) => `${gaps[i]}${part}`).join('') + gaps[parts.length]
      return upper ? text.toUpperCase() : text
    })

  const hoursAndMinutes = fc.record({h: fc.integer({min: 0, max: 24}), m: fc.integer({min: 0, max: 59})}).filter(({h, m}) => h * 60 + m >= 1 && h * 60 + m <= 1440)

  it('h/m combinations parse to hours × 60 + minutes', () => {
    const form = hoursAndMinutes.chain(({h, m}) => {
      const parts = h === 0 ? [`${m}m`] : m === 0 ? [`${h}h`] : [`${h}h`, `${m}m`]
      return spaced(parts).map((text) => ({text, expected: h * 60 + m}))
    })
    fc.assert(fc.property(form, ({text, expected}) => parseDuration(text) === expected), RUNS)
  })

  it('h:mm and 1h30 parse to hours × 60 + minutes', () => {
    const form = fc.tuple(hoursAndMinutes, fc.boolean()).map(([{h, m}, clock]) => ({
      text: `${h}${clock ? ':' : 'h'}${String(m).padStart(2, '0')}`,
      expected: h * 60 + m,
    }))
    fc.assert(fc.property(form, ({text, expected}) => parseDuration(text) === expected), RUNS)
  })

  it('ISO 8601 PTnHnMnS parses to the minutes it names, seconds rounded', () => {
    const form = fc
      .record({h: fc.integer({min: 0, max: 23}), m: fc.integer({min: 0, max: 59}), s: fc.integer({min: 0, max: 59}), show: fc.boolean()})
      .filter(({h, m, s}) => h * 3600 + m * 60 + s >= 30)
      .chain(({h, m, s, show}) => {
        const text = `PT${h > 0 || !show ? `${h}H` : ''}${m}M${s > 0 ? `${s}S` : ''}`
        return fc.constantFrom(text, text.toLowerCase()).map((t) => ({text: t, expected: Math.round(h * 60 + m + s / 60)}))
      })
    fc.assert(fc.property(form, ({text, expected}) => parseDuration(text) === expected), RUNS)
  })

  it('working days, hours and minutes add up with 1d = 8h', () => {
    const form = fc
      .record({d: fc.integer({min: 0, max: 3}), h: fc.integer({min: 0, max: 23}), m: fc.integer({min: 0, max: 59})})
      .filter(({d, h, m}) => d > 0 && d * 480 + h * 60 + m <= 1440)
      .map(({d, h, m}) => ({text: `${d}d${h}h${m}m`, expected: d * 480 + h * 60 + m}))
    fc.assert(fc.property(form, ({text, expected}) => parseDuration(text) === expected), RUNS)
  })

  it('decimal hours parse to the rounded minutes', () => {
    const form = fc.integer({min: 1, max: 2400}).map((hundredths) => ({text: `${(hundredths / 100).toFixed(2)}h`, expected: Math.round((hundredths * 60) / 100)}))
    fc.assert(fc.property(form.filter(({expected}) => expected >= 1), ({text, expected}) => parseDuration(text) === expected), RUNS)
  })

  it('parseHours of any text is a finite amount from 0 to the cap, or an invalid-input ToilError', () => {
    fc.assert(
      fc.property(anyText(DURATION_ALPHABET), (text) => {
        const result = outcome(() => parseHours(text, 'cost'))
        if ('error' in result) return result.error === 'invalid-input'
        return Number.isFinite(result.value) && result.value >= 0 && result.value <= MAX_ESTIMATE_HOURS
      }),
      RUNS,
    )
  })
})
