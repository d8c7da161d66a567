import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {isMonthName, normaliseTitle} from '../../../src/domain/import/title.js'

describe('normaliseTitle', () => {
  it.each([
    ['High CPU on web-17', 'High CPU on web'],
    ['High CPU on web-03', 'High CPU on web'],
    // A host whose letters are all hexadecimal is still a host, whatever its number: not an id.
    ['High CPU on cafe-100', 'High CPU on cafe'],
    ['High CPU on cafe-7', 'High CPU on cafe'],
    ['Disk full on db-2.prod.example.com', 'Disk full on db'],
    ['Pod crashloop api-7d9f8b-xk2lp', 'Pod crashloop api'],
    ['[OPS-42] Restart consumer 2024-03-06 14:15', 'Restart consumer'],
    ['Replication lag 3600s on db-7 (10.0.3.12)', 'Replication lag on db'],
    ['Restart stuck\nconsumer on queue-12', 'Restart stuck consumer on queue'],
    ['Certificate expires in 7 days for api.example.com', 'Certificate expires in days for api.example.com'],
    ['Job 3f2a9c1e-77aa-4b1c-9d0e-1234567890ab failed', 'Job failed'],
    ['12345', ''],
    // Titles of real exports.
    ['V1.0 - EG - TR47 - Save .rtf requirements', 'EG TR Save rtf requirements'],
    ['V1.0 - EG - TR 44 - Save .rtf requirements', 'EG TR Save rtf requirements'],
    ['Restart “payments” worker', 'Restart payments worker'],
    ['Restart "payments" worker', 'Restart payments worker'],
    ['September 2025 Variance Review', 'Variance Review'],
    ['October 2025 Variance Review', 'Variance Review'],
    ['Variance review for Sep 3', 'Variance review for'],
    ['May I restart the queue', 'May I restart the queue'],
    ['Pod crashloop café-api-7d9f8b-xk2lp', 'Pod crashloop café-api'],
    ['Pod crashloop checkout-api-cdfb8b-xk2lp', 'Pod crashloop checkout-api'],
    ['High CPU on web-17 — again', 'High CPU on web again'],
  ])('%j → %j', (title, name) => {
    expect(normaliseTitle(title)).toBe(name)
  })

  it('cuts a long title at a word, at most 200 characters', () => {
    const name = normaliseTitle(Array.from({length: 80}, (_, i) => `word${String.fromCharCode(97 + (i % 26))}`).join(' '))
    expect([...name].length).toBeLessThanOrEqual(200)
    expect(name.endsWith(' ')).toBe(false)
  })
})

// Titles built from words (letters only), numbered host names (a word, a dash, digits) and
// variable parts (numbers, dates, times, issue keys, addresses, ids).
// Month names are dates, not words: they are left out of the words.
const word = fc.stringMatching(/^[A-Za-z]{1,8}$/).filter((w) => !isMonthName(w))
const host = fc.tuple(fc.stringMatching(/^[a-z]{2,6}$/), fc.integer({min: 0, max: 999})).map(([name, n]) => ({word: name, text: `${name}-${n}`}))
const noise = fc.oneof(
  fc.integer({min: 0, max: 1_000_000}).map(String),
  fc.date({min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true}).map((d) => d.toISOString().slice(0, 10)),
  fc.tuple(fc.integer({min: 0, max: 23}), fc.integer({min: 0, max: 59})).map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
  fc.tuple(fc.stringMatching(/^[A-Z]{2,5}$/), fc.integer({min: 1, max: 99999})).map(([p, n]) => `${p}-${n}`),
  fc.tuple(fc.integer({min: 0, max: 255}), fc.integer({min: 0, max: 255})).map(([a, b]) => `10.0.${a}.${b}`),
  fc.uuid(),
)
type Part = {word: string; text: string} | {word: null; text: string}
const part: fc.Arbitrary<Part> = fc.oneof(word.map((w) => ({word: w, text: w})), host, noise.map((text) => ({word: null, text})))
const title = fc.array(part, {minLength: 1, maxLength: 10})
const words = (parts: Part[]) => parts.flatMap((p) => (p.word === null ? [] : [p.word.toLowerCase()])).join(' ')
const text = (parts: Part[]) => parts.map((p) => p.text).join(' ')

describe('normaliseTitle properties', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(fc.oneof(title.map(text), fc.string({maxLength: 80})), (t) => {
      const once = normaliseTitle(t)
      expect(normaliseTitle(once)).toBe(once)
    }))
  })

  it('never merges titles that differ in words', () => {
    fc.assert(fc.property(title, title, (a, b) => {
      fc.pre(words(a) !== words(b))
      expect(normaliseTitle(text(a)).toLowerCase()).not.toBe(normaliseTitle(text(b)).toLowerCase())
    }))
  })

  it('gives titles with the same words and different numbers, ids, hosts or dates one name', () => {
    fc.assert(fc.property(title, fc.array(noise, {maxLength: 3}), fc.integer({min: 0, max: 999}), (parts, extra, n) => {
      const varied = [...parts.map((p) => (p.word !== null && p.text !== p.word ? {...p, text: `${p.word}-${n}`} : p)), ...extra.map((t) => ({word: null, text: t}))]
      expect(normaliseTitle(text(varied))).toBe(normaliseTitle(text(parts)))
    }))
  })
})
