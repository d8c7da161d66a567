import {inputError} from './errors.js'

export const MAX_NAME_LENGTH = 200
export const MAX_NOTE_LENGTH = 10_000

/** `80%` or `0.8` → 0.8; 0–100%. */
export function parsePercent(input: string, field: string): number {
  const text = input.trim()
  const match = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text)
  if (!match) throw inputError(field, input, 'is not a percentage; use 80% (0–100%)')
  const value = match[2] === '%' ? Number(match[1]) / 100 : Number(match[1])
  if (match[2] !== '%' && value > 1) throw inputError(field, input, `is ambiguous; did you mean ${text}%?`)
  if (value > 1) throw inputError(field, input, 'is more than 100%')
  return value
}

/** A signed growth rate per month, `4%`, `-1%` or `0.04`; more than −100%. */
export function parseRate(input: string, field: string): number {
  const text = input.trim()
  const match = /^(-?\d+(?:\.\d+)?)\s*(%?)$/.exec(text)
  if (!match) throw inputError(field, input, 'is not a rate; use a percentage per month such as 4% or -1%')
  const value = match[2] === '%' ? Number(match[1]) / 100 : Number(match[1])
  if (value <= -1) throw inputError(field, input, 'must be more than -100%')
  return value
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

/** A name of a task, team or engineer: one line, not blank, at most 200 characters. */
export function parseName(input: string, field: string): string {
  const name = input.trim()
  if (name === '') throw inputError(field, input, 'is empty; give a name')
  if (/[\u0000-\u001f\u007f]/.test(name)) throw inputError(field, input, 'contains a line break or control character; a name is one line')
  if ([...name].length > MAX_NAME_LENGTH) throw inputError(field, `${[...name].slice(0, 20).join('')}…`, `is longer than ${MAX_NAME_LENGTH} characters`)
  return name
}

export function parseNote(input: string): string {
  if ([...input].length > MAX_NOTE_LENGTH) throw inputError('note', `${[...input].slice(0, 20).join('')}…`, `is longer than ${MAX_NOTE_LENGTH} characters`)
  return input
}

export function checkCount(value: number, field = 'times'): number {
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw inputError(field, String(value), 'must be a whole number from 1 to 10000')
  return value
}

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let prev = Array.from({length: t.length + 1}, (_, i) => i)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[t.length]!
}

/** The closest name within typo distance (1 edit, up to 3 for long names), if any. */
export function nearMatch(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 6)))
  let best: {name: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate)
    if (distance <= limit && (!best || distance < best.distance)) best = {name: candidate, distance}
  }
  return best?.name
}
