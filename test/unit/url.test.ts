import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {isPostgresUrl, redactUrl} from '../../src/store/url.js'

describe('isPostgresUrl', () => {
  it('takes postgres:// and postgresql:// in any case, and nothing else', () => {
    expect(['postgres://db/toil', 'postgresql://toil@db/toil', 'POSTGRES://db'].map(isPostgresUrl)).toEqual([true, true, true])
    expect(['toil.db', '/var/lib/toil.db', 'postgres:toil', 'mysql://db/toil', './postgres://x'].map(isPostgresUrl)).toEqual([false, false, false, false, false])
  })
})

describe('redactUrl', () => {
  it('replaces the password of the user part and of a password= parameter', () => {
    expect(redactUrl('postgres://toil:s3cret@db.internal:5432/toil?sslmode=verify-full')).toBe('postgres://toil:***@db.internal:5432/toil?sslmode=verify-full')
    expect(redactUrl('postgres://toil@db/toil?password=s3cret&sslmode=require')).toBe('postgres://toil@db/toil?password=***&sslmode=require')
    expect(redactUrl('postgres://toil:p@ss:w/rd@db/toil')).toBe('postgres://toil:***@db/toil')
    expect(redactUrl('postgres://toil@db/toil')).toBe('postgres://toil@db/toil')
    expect(redactUrl('/home/ann/toil.db')).toBe('/home/ann/toil.db')
  })

  it('never lets a password through, whatever it holds', () => {
    const password = fc.string({minLength: 6, maxLength: 30, unit: fc.constantFrom(...'abcXYZ019@:/?#&=%!-_.~ '.split(''))}).filter((p) => /[a-zA-Z0-9]{6}/.test(p))
    fc.assert(fc.property(password, fc.constantFrom('db.internal', '127.0.0.1:5432', '[::1]:5433', ''), (secret, host) => {
      expect(redactUrl(`postgres://toil:${secret}@${host}/toil`)).not.toContain(secret)
      expect(redactUrl(`postgresql://toil@${host}/toil?sslmode=require&password=${encodeURIComponent(secret)}`)).not.toContain(encodeURIComponent(secret))
    }))
  })
})
