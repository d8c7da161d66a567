import {editDistance, nameKey, nearMatch} from './inputs.js'

const sorted = (s: string) => [...s.toLowerCase()].sort().join('')

/**
 * The existing team or engineer name `name` is most likely a typo of, if any: a near match
 * as for tasks, and for names of 2 or 3 characters (team names often are: `sre`, `ops`)
 * two neighbours swapped, which keeps the letters and is rarely another word (`ser`).
 */
export function nearName(name: string, known: readonly string[]): string | undefined {
  const near = nearMatch(name, known)
  if (near !== undefined) return near
  const length = [...name].length
  if (length < 2 || length > 3) return undefined
  return known.find((k) => [...k].length === length && sorted(k) === sorted(name) && editDistance(k, name) === 1)
}

/** Whether `name` is already among `known` (names compare case-insensitively). */
export function isKnownName(name: string, known: readonly string[]): boolean {
  return known.some((k) => nameKey(k) === nameKey(name))
}
