import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {CATEGORIES} from '../../src/domain/types.js'
import {MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_RATE, checkCount, editDistance, nearMatch, parseCategory, parseName, parseNote, parsePercent, parseRate, parseTag, parseTags} from '../../src/domain/inputs.js'

import {HUGE, RUNS, anyTextOf, inputErrorOf, labelled, outcome} from './parser-helpers.js'

const anyText = (alphabet: string[], maxLength = 24) => anyTextOf(alphabet, ['\u00a0', '\t', '\n', '\r', '\u0085', '\u2028', '\u202e', '\ud800', 'ſ', 'K', '٣', '-', '+', 'e', '∞'], 12, maxLength)

const NUMBER_ALPHABET = [...'0123456789.% ', '100', '-', '+']

describe('parsePercent', () => {
  it.each([
    ['80%', 0.8],
    ['0%', 0],
    ['100%', 1],
    ['12.5%', 0.125],
    [' 80 % ', 0.8],
    ['0.8', 0.8],
    ['.5', 0.5],
    ['0', 0],
  ])('%j is %d', (text, value) => {
    expect(parsePercent(text, 'reduction')).toBeCloseTo(value, 12)
  })

  it.each(['1', '80', '50.5'])('refuses the ambiguous bare number %j, suggesting a percentage', (text) => {
    expect(inputErrorOf(() => parsePercent(text, 'reduction'), 'reduction', text)).toBe(`reduction: "${text}" is ambiguous; did you mean ${text}%?`)
  })

  it.each(labelled(['101%', '150', '100.5%', `${HUGE}%`]))('refuses more than 100%%: %s', (_label, text) => {
    expect(inputErrorOf(() => parsePercent(text, 'reduction'), 'reduction', text)).toContain('is more than 100%; use a percentage from 0% to 100%')
  })

  it.each(['', '-5%', 'abc', '80%%', '1e2%', '%', '80 percent', 'NaN%', 'Infinity'])('refuses %j', (text) => {
    expect(inputErrorOf(() => parsePercent(text, 'reduction'), 'reduction', text)).toContain('is not a percentage; use a percentage from 0% to 100%, e.g. 80%')
  })
})

describe('parseRate', () => {
  it.each([
    ['4%', 0.04],
    ['-1%', -0.01],
    ['+4%', 0.04],
    ['0.04', 0.04],
    ['-0.5', -0.5],
    ['0%', 0],
    ['1000%', 10],
    ['-99.9%', -0.999],
  ])('%j is %d a month', (text, value) => {
    expect(parseRate(text, 'growth')).toBeCloseTo(value, 12)
  })

  it('reads -0% as zero, not negative zero', () => {
    expect(Object.is(parseRate('-0%', 'growth'), 0)).toBe(true)
  })

  it.each(['4', '-1', '12.5', '1000'])('refuses the ambiguous bare number %j, suggesting a percentage', (text) => {
    expect(inputErrorOf(() => parseRate(text, 'growth'), 'growth', text)).toBe(`growth: "${text}" is ambiguous; did you mean ${text}%?`)
  })

  it.each(labelled(['-100%', '-150%', '1001%', '-100', '1001', '5000', `${HUGE}%`]))('refuses a rate out of range: %s', (_label, text) => {
    expect(inputErrorOf(() => parseRate(text, 'growth'), 'growth', text)).toContain('is out of range; use a percentage per month above -100% and at most 1000%, e.g. 4% or -1%')
  })

  it.each(['', 'abc', '4%%', '--4%', '4 percent'])('refuses %j', (text) => {
    expect(inputErrorOf(() => parseRate(text, 'growth'), 'growth', text)).toContain('is not a rate; use a percentage per month')
  })
})

describe('tags', () => {
  it.each([
    ['oncall', 'oncall'],
    ['#OnCall', 'oncall'],
    [' ticket-123 ', 'ticket-123'],
    ['a.b_c', 'a.b_c'],
    ['x'.repeat(40), 'x'.repeat(40)],
  ])('%j is %j', (text, tag) => {
    expect(parseTag(text)).toBe(tag)
  })

  it.each(['', 'on call', '-x', '_x', 'x'.repeat(41), 'ünï', 'a/b', '#', '##x', 'a\nb'])('refuses %j', (text) => {
    expect(inputErrorOf(() => parseTag(text), 'tag', text)).toContain('is not a tag; use letters, digits, - _ or . (at most 40), e.g. oncall')
  })

  it('splits commas, drops blanks, lowers case, removes duplicates and sorts', () => {
    expect(parseTags(['ticket,OnCall', 'oncall', ' ', '#interrupt', ''])).toEqual(['interrupt', 'oncall', 'ticket'])
    expect(parseTags([])).toEqual([])
  })

  it('names the bad tag among several', () => {
    inputErrorOf(() => parseTags(['oncall', 'on call']), 'tag', 'on call')
  })
})

describe('names', () => {
  it('trims and keeps everything else as typed', () => {
    expect(parseName('  restart payments worker ', 'task')).toBe('restart payments worker')
    expect(parseName('Déploiement « prod »', 'task')).toBe('Déploiement « prod »')
    expect(parseName('重启 worker 🚀', 'task')).toBe('重启 worker 🚀')
  })

  it(`accepts ${MAX_NAME_LENGTH} characters, counting code points, and refuses more with a short quote`, () => {
    expect(parseName('a'.repeat(MAX_NAME_LENGTH), 'task')).toHaveLength(MAX_NAME_LENGTH)
    expect([...parseName('🚀'.repeat(MAX_NAME_LENGTH), 'task')]).toHaveLength(MAX_NAME_LENGTH)
    const long = 'b'.repeat(MAX_NAME_LENGTH + 1)
    expect(inputErrorOf(() => parseName(long, 'task'), 'task', `${'b'.repeat(20)}…`)).toContain(`is longer than ${MAX_NAME_LENGTH} characters`)
  })

  it.each(['', '   ', '\t'])('refuses an empty name: %j', (text) => {
    expect(inputErrorOf(() => parseName(text, 'team'), 'team', text)).toContain('is empty; give a name of 1 to 200 characters on one line')
  })

  it.each(['a\nb', 'a\r\nb', 'a\tb', 'a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009bb', 'a\u2028b', 'a\u2029b', 'a\u202eb', 'a\u2066b', 'a\ud800b'])(
    'refuses control characters and line breaks: %j',
    (text) => {
      const message = inputErrorOf(() => parseName(text, 'task'), 'task', text)
      expect(message).toContain('contains a line break or control character; give a name of 1 to 200 characters on one line')
      // The quoted value shows such characters escaped, never raw.
      expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    },
  )

  it('names the field it is given', () => {
    inputErrorOf(() => parseName('', 'engineer'), 'engineer', '')
  })
})

describe('notes and counts', () => {
  it(`keeps a note of up to ${MAX_NOTE_LENGTH} characters as typed, line breaks included`, () => {
    expect(parseNote('paged at 3am\nrestarted twice')).toBe('paged at 3am\nrestarted twice')
    expect(parseNote('x'.repeat(MAX_NOTE_LENGTH))).toHaveLength(MAX_NOTE_LENGTH)
    expect(inputErrorOf(() => parseNote('x'.repeat(MAX_NOTE_LENGTH + 1)), 'note', `${'x'.repeat(20)}…`)).toContain(`is longer than ${MAX_NOTE_LENGTH} characters`)
  })

  it('accepts --times from 1 to 1000', () => {
    expect(checkCount(1)).toBe(1)
    expect(checkCount(1000)).toBe(1000)
    for (const bad of [0, -1, 1001, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(inputErrorOf(() => checkCount(bad), 'times', String(bad))).toContain('must be a whole number from 1 to 1000')
    }
  })

  it('accepts an imported count from 1 to 10000', () => {
    expect(checkCount(10_000, 'count')).toBe(10_000)
    expect(inputErrorOf(() => checkCount(10_001, 'count'), 'count', '10001')).toContain('must be a whole number from 1 to 10000')
  })
})

describe('nearMatch', () => {
  const tasks = ['restart payments worker', 'rotate TLS certificates', 'clear disk on batch hosts', 'deploy']

  it('finds the task a typo meant', () => {
    expect(nearMatch('restart payment worker', tasks)).toBe('restart payments worker')
    expect(nearMatch('Restart Payments Wroker', tasks)).toBe('restart payments worker')
    expect(nearMatch('rotate TLS certificate', tasks)).toBe('rotate TLS certificates')
    expect(nearMatch('deplyo', tasks)).toBe('deploy')
  })

  it('never offers the name itself: a task of that name created meanwhile is not a typo', () => {
    expect(nearMatch('deploy', ['DEPLOY'])).toBeUndefined()
    expect(nearMatch('deploy', ['Deploy', 'deplyo'])).toBe('deplyo')
  })

  it('gives nothing for unrelated names', () => {
    expect(nearMatch('renew vendor licenses', tasks)).toBeUndefined()
    expect(nearMatch('restart api', tasks)).toBeUndefined()
    expect(nearMatch('backup', tasks)).toBeUndefined()
    expect(nearMatch('anything', [])).toBeUndefined()
  })

  it('gives nothing for very short names, where one edit makes another word', () => {
    expect(nearMatch('ci', ['cd'])).toBeUndefined()
    expect(nearMatch('dns', ['dms'])).toBeUndefined()
    expect(nearMatch('oops', ['ops'])).toBe('ops')
  })

  it('prefers the closest of several', () => {
    expect(nearMatch('restart paymnts worker', ['restart payment workers', 'restart payments worker'])).toBe('restart payments worker')
    expect(nearMatch('restart paymnts worker', ['restart payment workers'])).toBe('restart payment workers')
  })

  it('measures edits between code points, ignoring case', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('deplyo', 'deploy')).toBe(1)
    expect(editDistance('ab', 'ba')).toBe(1)
    expect(editDistance('Deploy', 'deploy')).toBe(0)
    expect(editDistance('🚀 deploy', '🛸 deploy')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
  })
})

describe('input properties', () => {
  it('parsePercent of any text is a fraction from 0 to 1 or an invalid-input ToilError', () => {
    fc.assert(
      fc.property(anyText(NUMBER_ALPHABET), (text) => {
        const result = outcome(() => parsePercent(text, 'reduction'))
        if ('error' in result) return result.error === 'invalid-input'
        return Number.isFinite(result.value) && result.value >= 0 && result.value <= 1
      }),
      RUNS,
    )
  })

  it('N% is N/100 for every N from 0 to 100, in hundredths; a fraction prints back as itself', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 10_000}), (hundredths) => {
        const percent = hundredths / 100
        expect(parsePercent(`${percent}%`, 'reduction')).toBeCloseTo(percent / 100, 12)
        const fraction = parsePercent(`${percent}%`, 'reduction')
        if (fraction < 1) expect(parsePercent(String(fraction), 'reduction')).toBe(fraction)
      }),
      RUNS,
    )
  })

  it('parseRate of any text is a finite rate above -100% and at most the cap, or an invalid-input ToilError', () => {
    fc.assert(
      fc.property(anyText(NUMBER_ALPHABET), (text) => {
        const result = outcome(() => parseRate(text, 'growth'))
        if ('error' in result) return result.error === 'invalid-input'
        return Number.isFinite(result.value) && result.value > -1 && result.value <= MAX_RATE
      }),
      RUNS,
    )
  })

  it('parseTag of any text is a tag that parses to itself, or an invalid-input ToilError', () => {
    fc.assert(
      fc.property(anyText([...'abcxyz019_.-# ', 'ONCALL']), (text) => {
        const result = outcome(() => parseTag(text))
        if ('error' in result) return result.error === 'invalid-input'
        return /^[a-z0-9][a-z0-9_.-]{0,39}$/.test(result.value) && parseTag(result.value) === result.value
      }),
      RUNS,
    )
  })

  it('parseName of any text is a trimmed printable one-line name that parses to itself, or an invalid-input ToilError with a one-line message', () => {
    fc.assert(
      fc.property(anyText([...'ab ', 'restart', 'worker'], 40), (text) => {
        try {
          const name = parseName(text, 'task')
          return name === name.trim() && name !== '' && !/[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u.test(name) && [...name].length <= MAX_NAME_LENGTH && parseName(name, 'task') === name
        } catch (error) {
          if (!(error instanceof ToilError) || error.code !== 'invalid-input') return false
          return error.message.startsWith('task: "') && !/[\n\r\u0085\u2028\u2029]/.test(error.message)
        }
      }),
      RUNS,
    )
  })

  it('nearMatch finds a name one edit away from a long enough name, and never a name farther than three edits', () => {
    const name = fc.string({unit: fc.constantFrom(...'abcdefghij '), minLength: 4, maxLength: 30})
    fc.assert(
      fc.property(name, fc.nat(), fc.constantFrom(...'klmnop'), fc.array(fc.string({unit: fc.constantFrom(...'abcdefghijklmnop '), maxLength: 30}), {maxLength: 3}), (original, at, letter, others) => {
        const i = at % original.length
        const typo = original.slice(0, i) + letter + original.slice(i + 1)
        const found = nearMatch(typo, [...others, original])
        expect(found).toBeDefined()
        expect(editDistance(typo, found!)).toBeLessThanOrEqual(1)
        const far = nearMatch(typo, others)
        if (far !== undefined) expect(editDistance(typo, far)).toBeLessThanOrEqual(3)
      }),
      RUNS,
    )
  })
})

describe('parseCategory', () => {
  it.each([
    ['oncall', 'oncall'],
    [' Interrupt ', 'interrupt'],
    ['BUSINESS-PROCESS', 'business-process'],
  ])('%j is %s', (text, category) => {
    expect(parseCategory(text)).toBe(category)
  })

  it('accepts every category in any case, and refuses anything else naming the categories', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), fc.boolean(), (category, upper) => {
        expect(parseCategory(upper ? category.toUpperCase() : category)).toBe(category)
      }),
      {numRuns: RUNS},
    )
    fc.assert(
      fc.property(fc.string({maxLength: 20}).filter((text) => !(CATEGORIES as readonly string[]).includes(text.trim().toLowerCase())), (text) => {
        expect(inputErrorOf(() => parseCategory(text), 'category', text).endsWith(` is not a category; use one of ${CATEGORIES.join(', ')}`)).toBe(true)
      }),
      {numRuns: RUNS},
    )
  })
})
