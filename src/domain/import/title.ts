/**
 * Task names from the titles of incidents and tickets (SPEC §10): what varies between two
 * pages of one kind of work — numbers, ids, host numbers, dates, times, addresses — is taken
 * out, so "High CPU on web-17" and "High CPU on web-03" name one task. Words are kept as
 * they are, in order: two titles that differ in a word never become one task.
 */

/** Punctuation around a token that is not part of it: "(web-17)," is web-17. */
const EDGES = /^[\s"'`()[\]{}<>,;:!?.*|#]+|[\s"'`()[\]{}<>,;:!?.*|#]+$/g
/** A host, pod or instance name: a lower-case name, then a number and whatever follows (web-17, web17.prod, api-7d9f8-xk2lp). */
const NUMBERED_NAME = /^([a-z][a-z_]*[a-z])[-_]?\d/
/** A name then only a number (web-17, cafe-100): a host, even where its letters are all hexadecimal. */
const NAME_AND_NUMBER = /^([a-z][a-z_]*[a-z])[-_]?\d+$/
/** A hash, UUID or commit id: hexadecimal digits (8 or more) and dashes, nothing else. */
const HEX_ID = /^(?=(?:[-_]*[0-9a-f]){8})[0-9a-f_-]+$/i
/** Longest name a task may have (SPEC: names are 1 to 200 characters). */
const MAX_TASK_NAME = 200

/** One token of a title as it stays in the task name; '' when it is all variable (a number, an id, a date). */
function keep(token: string): string {
  const bare = token.replaceAll(EDGES, '')
  if (!/\d/.test(bare)) return bare
  const host = NAME_AND_NUMBER.exec(bare)
  if (host) return host[1]!
  if (HEX_ID.test(bare)) return ''
  return NUMBERED_NAME.exec(bare)?.[1] ?? ''
}

/**
 * The task name a title falls under: tokens with digits dropped (a numbered host name keeps
 * its name), punctuation around tokens dropped, whitespace (line breaks too) made single
 * spaces, at most 200 characters. '' when nothing is left (a title of numbers only).
 * Idempotent: a normalised title normalises to itself.
 */
export function normaliseTitle(title: string): string {
  const words = title.split(/\s+/).map(keep).filter((w) => w !== '')
  let name = ''
  for (const word of words) {
    const next = name === '' ? word : `${name} ${word}`
    if ([...next].length > MAX_TASK_NAME) break
    name = next
  }
  return name
}
