import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {guardName} from '../../src/app/names.js'
import {editDistance, nearMatch} from '../../src/domain/inputs.js'
import {isKnownName, nearName} from '../../src/domain/names.js'

describe('nearName', () => {
  it('finds what nearMatch finds', () => {
    expect(nearName('platfrom', ['platform', 'web'])).toBe('platform')
    expect(nearName('alcie', ['alice', 'bob'])).toBe('alice')
  })

  it('takes two swapped neighbours in a name of 2 or 3 characters as a typo', () => {
    expect(nearName('ser', ['sre'])).toBe('sre')
    expect(nearName('SPO', ['ops', 'sop'])).toBe('sop')
    expect(nearName('db', ['bd'])).toBe('bd')
  })

  it('leaves other short names alone: another letter is another word', () => {
    expect(nearName('ops', ['sre'])).toBeUndefined()
    expect(nearName('ann', ['anm'])).toBeUndefined()
    expect(nearName('rse', ['sre', 'esr'])).toBe('sre')
    expect(nearName('ers', ['sre'])).toBeUndefined()
    expect(nearName('a', ['a', 'b'])).toBeUndefined()
  })

  it('never offers the name itself, in any case', () => {
    // Names from a small alphabet, and known names made from the name by one edit or a change of
    // case, so that most runs have a near name to offer (random strings almost never do).
    const letters = fc.string({unit: fc.constantFrom('a', 'b', 'c', 'E', 'é'), minLength: 1, maxLength: 12})
    const edit = (name: string) => fc.oneof(
      fc.constant(name.toUpperCase()),
      fc.nat().map((i) => { const c = [...name]; c.splice(i % c.length, 1); return c.join('') }),
      fc.tuple(fc.nat(), fc.constantFrom('a', 'x')).map(([i, x]) => { const c = [...name]; c.splice(i % (c.length + 1), 0, x); return c.join('') }),
      fc.nat().map((i) => { const c = [...name]; const j = i % c.length; if (j + 1 < c.length) [c[j], c[j + 1]] = [c[j + 1]!, c[j]!]; return c.join('') }),
    )
    const cases = letters.chain((name) => fc.tuple(fc.constant(name), fc.array(fc.oneof(edit(name), letters), {maxLength: 5})))
    let offered = 0
    fc.assert(fc.property(cases, ([name, known]) => {
      const near = nearName(name, known)
      if (near === undefined) return
      offered++
      expect(known).toContain(near)
      expect(near.toLowerCase()).not.toBe(name.toLowerCase())
      expect(editDistance(near, name)).toBeGreaterThan(0)
      // A longer name's suggestion is nearMatch's.
      if ([...name].length > 3) expect(near).toBe(nearMatch(name, known))
    }), {numRuns: 300})
    // The assertions above ran, not only the early return.
    expect(offered).toBeGreaterThan(50)
  })
})

describe('guardName', () => {
  it('accepts the first name, a known one in any case, one far from all, and anything with --new', () => {
    expect(() => guardName('team', 'sre', [], false)).not.toThrow()
    expect(() => guardName('team', 'SRE', ['sre'], false)).not.toThrow()
    expect(() => guardName('team', 'payments', ['sre'], false)).not.toThrow()
    expect(() => guardName('team', 'ser', ['sre'], true)).not.toThrow()
    expect(isKnownName('Alice', ['alice'])).toBe(true)
  })

  it('refuses a near miss in one line naming the field, the value and the way out', () => {
    expect(() => guardName('team', 'ser', ['sre'], false)).toThrow('team: "ser" is not a team; did you mean "sre"? (use --new to create it)')
    expect(() => guardName('engineer', 'alcie', ['alice'], false)).toThrow('engineer: "alcie" is not an engineer with entries; did you mean "alice"? (use --new to create it)')
    // Engineers are stored as typed: another case of a name would split its figures.
    expect(() => guardName('engineer', 'Alice', ['alice'], false)).toThrow('did you mean "alice"?')
    expect(() => guardName('engineer', 'alice', ['alice'], false)).not.toThrow()
  })
})
