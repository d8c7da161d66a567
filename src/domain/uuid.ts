/**
 * A UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, the version, then random bits.
 * Time-ordered ids keep the entries' id index append-mostly as history grows.
 * `random` gives the random bits (at least 16 bytes; bytes 6 to 15 are used), so the
 * caller picks the source: the system's for new entries, a seeded one for demo histories.
 */
export function uuidv7(msecs: number, random: Uint8Array): string {
  if (!Number.isInteger(msecs) || msecs < 0 || msecs >= 2 ** 48) throw new RangeError(`uuidv7: ${msecs} is not a 48-bit millisecond time`)
  if (random.length < 16) throw new RangeError('uuidv7: needs 16 random bytes')
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0')
  const time = hex(msecs, 12)
  const bytes = (from: number, to: number) => Array.from(random.subarray(from, to), (b) => hex(b, 2)).join('')
  const version = hex(0x7000 | (((random[6]! & 0x0f) << 8) | random[7]!), 4)
  const variant = hex(0x8000 | (((random[8]! & 0x3f) << 8) | random[9]!), 4)
  return `${time.slice(0, 8)}-${time.slice(8)}-${version}-${variant}-${bytes(10, 16)}`
}


/** Characters of an id that toil shows: its random tail (see shortId). */
export const SHORT_ID_LENGTH = 8

/**
 * The last 8 characters of an id: random in UUIDv4 and UUIDv7 alike, whereas a v7 id starts
 * with its timestamp, which entries logged within a minute share.
 */
export function shortId(id: string): string {
  return id.slice(-SHORT_ID_LENGTH)
}

