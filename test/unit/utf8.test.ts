import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {StrictUtf8Decoder, firstInvalidUtf8} from '../../src/domain/utf8.js'

/** Decodes `bytes` cut at `cuts`, as a file read in chunks would be. */
function decodeInChunks(bytes: Uint8Array, cuts: number[]): string {
  const decoder = new StrictUtf8Decoder()
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  let text = ''
  let from = 0
  for (const p of points) {
    text += decoder.decode(bytes.subarray(from, p))
    from = p
  }
  return text + decoder.decode(bytes.subarray(from), true)
}

describe('strict UTF-8', () => {
  it('any text, cut into chunks anywhere (inside a character too), decodes to itself', () => {
    fc.assert(fc.property(fc.string({unit: 'binary'}), fc.array(fc.nat(), {maxLength: 8}), (text, cuts) => {
      const wellFormed = text.toWellFormed()
      expect(decodeInChunks(Buffer.from(wellFormed, 'utf8'), cuts)).toBe(wellFormed)
    }))
  })

  it('agrees with a fatal TextDecoder on any bytes', () => {
    const fatal = new TextDecoder('utf-8', {fatal: true})
    fc.assert(fc.property(fc.uint8Array({maxLength: 40}), (bytes) => {
      let valid = true
      try {
        fatal.decode(bytes)
      } catch {
        valid = false
      }
      expect(firstInvalidUtf8(bytes) === -1).toBe(valid)
    }), {numRuns: 2000})
  })

  it.each([
    ['a Windows-1252 é', Buffer.from('ok\nnon caf\xe9\n', 'latin1'), 2, 8],
    ['a lone continuation byte', Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0x80]), 3, 1],
    ['an overlong slash', Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]), 1, 2],
    ['a surrogate', Buffer.from([0x0a, 0xed, 0xa0, 0x80]), 2, 1],
    ['a sequence cut off by the end of the file', Buffer.from([0x61, 0xe6, 0x97]), 1, 2],
  ])('refuses %s, naming its line and byte', (_what, bytes, line, column) => {
    for (const cuts of [[], [1], [2, 3]]) {
      let thrown: unknown
      try {
        decodeInChunks(bytes, cuts)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ToilError)
      expect((thrown as ToilError).message).toMatch(new RegExp(`^line ${line}: is not UTF-8 text \\(byte 0x[0-9a-f]{2} at byte ${column} of the line\\)`))
    }
  })

  it('accepts a byte-order mark (left for the reader to drop)', () => {
    expect(decodeInChunks(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), [1])).toBe('\ufeffa')
  })
})
