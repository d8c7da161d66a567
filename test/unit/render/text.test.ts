import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {markdownText, termText} from '../../../src/render/text.js'

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('termText', () => {
  it.each([
    ['clear screen', 'a\u001b[2Jb', 'a\\x1b[2Jb'],
    ['an OSC 8 link', '\u001b]8;;http://x\u0007here\u001b]8;;\u0007', '\\x1b]8;;http://x\\x07here\\x1b]8;;\\x07'],
    ['a C1 CSI', 'x\u009b31m', 'x\\x9b31m'],
    ['a right-to-left override', 'abc\u202edef', 'abc\\u202edef'],
    ['an isolate and a mark', '\u2067a\u200f', '\\u2067a\\u200f'],
    ['a line break and a tab', 'a\nb\tc', 'a\\x0ab\\x09c'],
    ['plain text, emoji and accents', 'café 🔥 日本', 'café 🔥 日本'],
  ])('shows %s as visible escapes', (_what, input, shown) => {
    expect(termText(input)).toBe(shown)
  })

  it('never lets a control character through, and leaves other text as it is', () => {
    fc.assert(fc.property(fc.string({unit: 'binary'}), (s) => {
      const out = termText(s)
      expect(out).not.toMatch(UNSAFE)
      if (!UNSAFE.test(s)) expect(out).toBe(s)
    }))
  })
})

describe('markdownText', () => {
  it('escapes HTML, pipes and line breaks', () => {
    expect(markdownText('<img src=x onerror=alert(1)> & a|b\nc')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; a\\|b c')
  })

  it('never leaves a tag, a raw pipe or a control character', () => {
    fc.assert(fc.property(fc.string({unit: 'binary'}), (s) => {
      const out = markdownText(s)
      expect(out).not.toMatch(/[<>]/)
      expect(out).not.toMatch(/(^|[^\\])\|/)
      expect(out).not.toMatch(UNSAFE)
    }))
  })
})
