import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {seededRandom, seededUuid} from '../../src/domain/random.js'
import {uuidv7} from '../../src/domain/uuid.js'

const RFC_LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const bytes = (...values: number[]) => Uint8Array.from({length: 16}, (_, i) => values[i] ?? 0)

describe('uuidv7', () => {
  it('matches the test vector of RFC 9562 appendix A.6', () => {
    // 2022-02-22T19:22:22Z, random bits 0xCC3 / 0x18C4DC0C0C07398F (variant bits 10).
    const random = bytes(0, 0, 0, 0, 0, 0, 0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f)
    expect(uuidv7(0x017f22e279b0, random)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')
  })

  it('sets the version and variant bits whatever the random bytes', () => {
    expect(uuidv7(0, bytes(...Array(16).fill(0xff)))).toBe('00000000-0000-7fff-bfff-ffffffffffff')
    expect(uuidv7(0, bytes())).toBe('00000000-0000-7000-8000-000000000000')
  })

  it('refuses a time outside 48 bits and too few random bytes', () => {
    expect(() => uuidv7(-1, bytes())).toThrow(RangeError)
    expect(() => uuidv7(2 ** 48, bytes())).toThrow(RangeError)
    expect(() => uuidv7(1.5, bytes())).toThrow(RangeError)
    expect(() => uuidv7(0, new Uint8Array(15))).toThrow(RangeError)
  })

  it('any time and random bytes give an RFC 9562 version 7 id that starts with the time and sorts by it', () => {
    const msecs = fc.integer({min: 0, max: 2 ** 48 - 1})
    const random = fc.uint8Array({minLength: 16, maxLength: 16})
    fc.assert(
      fc.property(msecs, msecs, random, random, (a, b, ra, rb) => {
        const [x, y] = [uuidv7(a, ra), uuidv7(b, rb)]
        expect(x).toMatch(RFC_LAYOUT)
        expect(Number.parseInt(x.slice(0, 8) + x.slice(9, 13), 16)).toBe(a)
        if (a < b) expect(x < y).toBe(true)
      }),
      {numRuns: 10_000},
    )
  })
})

describe('seededUuid', () => {
  it('gives the same ids for the same seed and different ones for another', () => {
    const ids = (seed: number) => {
      const random = seededRandom(seed)
      return Array.from({length: 100}, (_, i) => seededUuid(random, 1_700_000_000_000 + i))
    }
    expect(ids(7)).toEqual(ids(7))
    expect(new Set([...ids(7), ...ids(8)]).size).toBe(200)
    for (const id of ids(7)) expect(id).toMatch(RFC_LAYOUT)
  })
})
