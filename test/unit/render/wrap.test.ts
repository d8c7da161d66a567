import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {PROSE_WIDTH, wrap} from '../../../src/render/wrap.js'

describe('wrap', () => {
  it('breaks at word boundaries within 80 columns, with a first-line indent and a hanging one', () => {
    const text = 'each flag answers yes; where the answer is no use --no-manual, --no-automatable, --enduring-value'
    expect(wrap(text, '  ', '   ')).toBe('  each flag answers yes; where the answer is no use --no-manual,\n   --no-automatable, --enduring-value')
    expect(wrap('short line')).toBe('short line')
  })

  it('keeps every word, in order, and no line is longer than the width unless one word is', () => {
    const word = fc.stringMatching(/^[a-z0-9%×—.,;:()-]{1,30}$/)
    fc.assert(
      fc.property(fc.array(word, {minLength: 1, maxLength: 60}), fc.constantFrom('', '  '), fc.constantFrom('', '  ', '    '), (words, indent, hanging) => {
        const lines = wrap(words.join(' '), indent, hanging).split('\n')
        expect(lines.join(' ').split(/\s+/).filter((w) => w !== '')).toEqual(words)
        for (const [i, line] of lines.entries()) {
          expect(line.startsWith(i === 0 ? indent : hanging)).toBe(true)
          if (line.trim().includes(' ')) expect(line.length).toBeLessThanOrEqual(PROSE_WIDTH)
        }
      }),
      {numRuns: 2_000},
    )
  })
})
