import {inputError} from './errors.js'
import {CATEGORIES, type Category} from './types.js'

export const MAX_NAME_LENGTH = 200
export const MAX_NOTE_LENGTH = 10_000

/** The largest growth rate `parseRate` accepts: 1000% a month. */
export const MAX_RATE = 10

const PERCENT_ACCEPTED = 'use a percentage from 0% to 100%, e.g. 80% (or a fraction such as 0.8)'

/** `80%` or `0.8` → 0.8; 0–100%. A bare number of 1 or more is refused: is `1` 1% or 100%? */
export function parsePercent(input: string, field: string): number {
  const text = input.trim()
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text)
  if (!match) throw inputError(field, input, `is not a percentage; ${PERCENT_ACCEPTED}`)
  const number = Number(match[1])
  if (match[2] !== '%' && number >= 1 && number <= 100) throw inputError(field, input, `is ambiguous; did you mean ${match[1]}%?`)
  if (match[2] !== '%' && number > 1) throw inputError(field, input, `is more than 100%; ${PERCENT_ACCEPTED}`)
  const value = match[2] === '%' ? number / 100 : number
  if (value > 1) throw inputError(field, input, `is more than 100%; ${PERCENT_ACCEPTED}`)
  return value
}

/** A signed growth rate per month, `4%`, `-1%` or `0.04`; more than −100%, at most 1000%. */
export function parseRate(input: string, field: string): number {
  const text = input.trim()
  const accepted = 'use a percentage per month above -100% and at most 1000%, e.g. 4% or -1%'
  const match = /^([-+]?)(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text)
  if (!match) throw inputError(field, input, `is not a rate; ${accepted}`)
  const number = Number(match[2]) * (match[1] === '-' ? -1 : 1)
  const inRange = (rate: number) => rate > -1 && rate <= MAX_RATE
  // A bare 4 is ambiguous (4% or 400%?); a bare 0.04 is not.
  if (match[3] !== '%' && Math.abs(number) >= 1 && inRange(number / 100)) throw inputError(field, input, `is ambiguous; did you mean ${text}%?`)
  const value = match[3] === '%' ? number / 100 : number
  if (!inRange(value)) throw inputError(field, input, `is out of range; ${accepted}`)
  return value === 0 ? 0 : value
}

/** A task category, in any case: `oncall`, `Interrupt`… */
export function parseCategory(input: string, field = 'category'): Category {
  const category = CATEGORIES.find((c) => c === input.trim().toLowerCase())
  if (!category) throw inputError(field, input, `is not a category; use one of ${CATEGORIES.join(', ')}`)
  return category
}

export function parseTag(input: string): string {
  const tag = input.trim().toLowerCase().replace(/^#/, '')
  if (!/^[a-z0-9][a-z0-9_.-]{0,39}$/.test(tag)) {
    throw inputError('tag', input, 'is not a tag; use letters, digits, - _ or . (at most 40), e.g. oncall')
  }
  return tag
}

export function parseTags(inputs: readonly string[]): string[] {
  const tags = inputs.flatMap((t) => t.split(',')).filter((t) => t.trim() !== '').map(parseTag)
  return [...new Set(tags)].sort()
}

/**
 * Control characters, line and paragraph separators, bidirectional overrides
 * (which can make a name print as another) and unpaired surrogates.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202a-\u202e\u2066-\u2069]/u

/** A name of a task, team or engineer: one line, not blank, at most 200 characters. */
export function parseName(input: string, field: string): string {
  const name = input.trim()
  if (name === '') throw inputError(field, input, 'is empty; give a name of 1 to 200 characters on one line')
  if (UNPRINTABLE.test(name)) throw inputError(field, input, 'contains a line break or control character; give a name of 1 to 200 characters on one line')
  if ([...name].length > MAX_NAME_LENGTH) throw inputError(field, `${[...name].slice(0, 20).join('')}…`, `is longer than ${MAX_NAME_LENGTH} characters; give a name of 1 to 200 characters on one line`)
  return name
}

export function parseNote(input: string): string {
  if ([...input].length > MAX_NOTE_LENGTH) throw inputError('note', `${[...input].slice(0, 20).join('')}…`, `is longer than ${MAX_NOTE_LENGTH} characters`)
  return input
}

/** `--times`: how many times it happened in one entry (SPEC §3). */
export const MAX_TIMES = 1000
/** A stored entry's count, as an import may carry it. */
export const MAX_COUNT = 10_000

/** A whole number of occurrences: 1 to 1000 for `--times`, up to 10000 for an imported `count`. */
export function checkCount(value: number, field = 'times', max = field === 'times' ? MAX_TIMES : MAX_COUNT): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw inputError(field, String(value), `must be a whole number from 1 to ${max}`)
  return value
}

/**
 * Edits between two names, case-insensitive, counted on code points: insert,
 * delete, replace, or swap two neighbours (`deplyo` is one edit from `deploy`).
 */
/**
 * The key under which two task names are one name: NFC-normalised and case-folded the Unicode
 * way (full folding: `ÉCLAIR` is `éclair`, `STRASSE` is `straße`), whatever the locale. The typo
 * guard compares through it, and both stores keep it in a unique column (`tasks.name_key`).
 */
export function nameKey(name: string): string {
  // Upper then lower case folds what lower case alone does not (ß and ss, ς and σ); NFC again, as case mapping may decompose (İ).
  return name.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC')
}

export function editDistance(a: string, b: string): number {
  const s = [...nameKey(a)]
  const t = [...nameKey(b)]
  // Optimal string alignment (Levenshtein plus adjacent swaps), keeping the last three rows.
  let before: number[] = []
  let prev = Array.from({length: t.length + 1}, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, before[j - 2]! + 1)
      row[j] = best
    }
    before = prev
    prev = row
  }
  return prev[t.length]!
}

/**
 * The closest other name within typo distance, if any: 1 edit from 4 characters on,
 * 2 from 12, 3 from 18. Shorter names are too short to tell a typo from
 * another word (`ci` and `cd`). The name itself (in any case) is not a typo of it:
 * callers look for near matches of a name they did not find, and one that is there
 * now was created meanwhile by another process.
 */
export function nearMatch(name: string, candidates: readonly string[]): string | undefined {
  const length = [...name].length
  const limit = length < 4 ? 0 : Math.max(1, Math.min(3, Math.floor(length / 6)))
  let best: {name: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate)
    if (distance > 0 && distance <= limit && (!best || distance < best.distance)) best = {name: candidate, distance}
  }
  return best?.name
}
