/**
 * Task names from the titles of incidents and tickets (SPEC §10): what varies between two
 * pages of one kind of work — numbers, ids, host numbers, dates, month names, times,
 * addresses — is taken out, so "High CPU on web-17" and "High CPU on web-03" name one task.
 * Words are kept as they are, in order: two titles that differ in a word never become one task.
 */

/** Punctuation around a token that is not part of it: "(web-17)," is web-17; curly quotes as straight ones. */
const EDGES = /^[\s"'`()[\]{}<>,;:!?.*|#“”‘’„«»]+|[\s"'`()[\]{}<>,;:!?.*|#“”‘’„«»]+$/gu
/** A host, pod or instance name: a lower-case name (dashes inside it too), then a number and whatever follows (web-17, web17.prod, café-api-7d9f8-xk2lp). */
const NUMBERED_NAME = /^(\p{Ll}[\p{Ll}_-]*\p{Ll})[-_]?\d/u
/** A name then only a number (web-17, cafe-100): a host, even where its letters are all hexadecimal. */
const NAME_AND_NUMBER = /^(\p{Ll}[\p{Ll}_-]*\p{Ll})[-_]?\d+$/u
/** A Kubernetes pod: its deployment's name, a replica set hash and a pod suffix (api-cdab12-xk2lp), the hash and suffix holding a digit. */
const POD = /^(\p{Ll}[\p{Ll}_-]*\p{Ll})-(?=[a-z0-9-]*\d)[a-z0-9]{6,10}-[a-z0-9]{5}$/u
/** A hash, UUID or commit id: hexadecimal digits (8 or more) and dashes, nothing else. */
const HEX_ID = /^(?=(?:[-_]*[0-9a-f]){8})[0-9a-f_-]+$/i
/** A version: v1, V1.0, v2.3.1b. */
const VERSION = /^v\d+(\.\d+)*[a-z]?$/i
/** An id of capitals run into its number (TR47, REQ12): its capitals stay, as they do in "TR 44". */
const CAPITALS_NUMBER = /^(\p{Lu}{1,6})\d+$/u
/** Month names: in full (but May) they are always a date; May and the short forms only beside a number. */
const MONTHS = ['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const SHORT_MONTHS = ['may', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']
/** Longest name a task may have (SPEC: names are 1 to 200 characters). */
const MAX_TASK_NAME = 200

/** Whether a word is a month's name (as a date in a title: "September 2025", "Sep 3"). */
export function isMonthName(word: string): boolean {
  const w = word.toLowerCase()
  return MONTHS.includes(w) || SHORT_MONTHS.includes(w)
}

/** One token of a title as it stays in the task name; '' when it is all variable (a number, an id, a date) or punctuation alone. */
function keep(token: string): string {
  const bare = token.replaceAll(EDGES, '')
  if (!/[\p{L}\p{N}]/u.test(bare)) return ''
  if (!/\d/.test(bare)) return bare
  if (VERSION.test(bare)) return ''
  const capitals = CAPITALS_NUMBER.exec(bare)
  if (capitals) return capitals[1]!
  const pod = POD.exec(bare)
  if (pod) return pod[1]!
  const host = NAME_AND_NUMBER.exec(bare)
  if (host) return host[1]!
  if (HEX_ID.test(bare)) return ''
  return NUMBERED_NAME.exec(bare)?.[1] ?? ''
}

/**
 * The task name a title falls under: tokens with digits dropped (a numbered host name keeps
 * its name, an id of capitals its capitals), punctuation around tokens and tokens of
 * punctuation alone dropped, month names of dates dropped, whitespace (line breaks too) made
 * single spaces, at most 200 characters. '' when nothing is left (a title of numbers only).
 * Idempotent: a normalised title normalises to itself.
 */
export function normaliseTitle(title: string): string {
  const tokens = title.split(/\s+/)
  const numeric = tokens.map((t) => /^\d{1,4}(st|nd|rd|th)?$/i.test(t.replaceAll(EDGES, '')))
  const words = tokens.map((token, i) => {
    const word = keep(token)
    if (word === '') return ''
    const w = word.toLowerCase()
    if (MONTHS.includes(w)) return ''
    if (SHORT_MONTHS.includes(w) && (numeric[i - 1] === true || numeric[i + 1] === true)) return ''
    return word
  }).filter((w) => w !== '')
  let name = ''
  for (const word of words) {
    const next = name === '' ? word : `${name} ${word}`
    if ([...next].length > MAX_TASK_NAME) break
    name = next
  }
  return name
}
