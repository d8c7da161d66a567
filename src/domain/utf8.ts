/**
 * Strict UTF-8 for imported files: a file in another encoding (Windows-1252, Latin-1) or with
 * a broken byte is refused, naming the line of the first bad byte, instead of being read with
 * replacement characters. A byte-order mark is valid UTF-8 and is left to the readers to drop.
 */
import {isUtf8} from 'node:buffer'

import {ToilError} from './errors.js'

/** Bytes a sequence starting with `lead` has, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1
  if (lead >= 0xc2 && lead <= 0xdf) return 2
  if (lead >= 0xe0 && lead <= 0xef) return 3
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  return 0
}

/**
 * The index of the first byte that is not part of well-formed UTF-8 (Unicode's table 3-7: no
 * overlong forms, surrogates or code points past U+10FFFF), or -1. A sequence cut off by the
 * end counts as bad.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]!
    const length = sequenceLength(lead)
    if (length === 0) return i
    if (length === 1) {
      i++
      continue
    }
    // The second byte's range depends on the lead; the rest are 0x80–0xBF.
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf]
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k]
      if (byte === undefined) return i
      if (k === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return i
    }
    i += length
  }
  return -1
}

/** How many bytes at the end of `bytes` begin a sequence that the next chunk may complete (0–3). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!
    if ((byte & 0xc0) === 0x80) continue
    const length = sequenceLength(byte)
    return length > back ? back : 0
  }
  return 0
}

const NEWLINE = 0x0a

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let n = 0
  for (let i = bytes.indexOf(NEWLINE); i !== -1 && i < end; i = bytes.indexOf(NEWLINE, i + 1)) n++
  return n
}

/** Decodes a file chunk by chunk, refusing the first byte that is not UTF-8 with its line. */
export class StrictUtf8Decoder {
  private carry: Uint8Array = new Uint8Array(0)
  private line = 1
  /** Bytes of the current line before the next chunk. */
  private column = 0

  /** The text of `chunk` (with any sequence the previous chunk cut off); `final` for the file's last. */
  decode(chunk: Uint8Array, final = false): string {
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk])
    const keep = final ? 0 : incompleteTail(bytes)
    const body = bytes.subarray(0, bytes.length - keep)
    if (!isUtf8(body)) {
      const bad = firstInvalidUtf8(body)
      const line = this.line + countNewlines(body, bad)
      const newlineBefore = bad === 0 ? -1 : body.lastIndexOf(NEWLINE, bad - 1)
      const column = newlineBefore === -1 ? this.column + bad + 1 : bad - newlineBefore
      throw new ToilError('invalid-input', `line ${line}: is not UTF-8 text (byte 0x${body[bad]!.toString(16).padStart(2, '0')} at byte ${column} of the line); save the file as UTF-8 and import it again`)
    }
    this.line += countNewlines(body)
    const last = body.lastIndexOf(NEWLINE)
    this.column = last === -1 ? this.column + body.length : body.length - last - 1
    this.carry = bytes.slice(bytes.length - keep)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
  }
}

/** The text of a byte stream, strictly UTF-8 (see StrictUtf8Decoder). */
export async function* strictUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new StrictUtf8Decoder()
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk)
    if (text !== '') yield text
  }
  const rest = decoder.decode(new Uint8Array(0), true)
  if (rest !== '') yield rest
}
