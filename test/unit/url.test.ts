import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {isPostgresUrl, parsePgUrl, redactUrl} from '../../src/store/url.js'

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

describe('redactUrl: every *password* parameter', () => {
  it('hides sslpassword= and password= wherever they stand, and the user part\'s', () => {
    expect(redactUrl('postgres://toil@db/toil?sslmode=require&sslpassword=key-s3cret&sslkey=/k.pem')).toBe('postgres://toil@db/toil?sslmode=require&sslpassword=***&sslkey=/k.pem')
    expect(redactUrl('postgres://toil:a@db/toil?password=b&sslpassword=c')).toBe('postgres://toil:***@db/toil?password=***&sslpassword=***')
    // Refused URLs (an unknown keyword) are shown all the same, hiding any keyword that spells password.
    expect(redactUrl('postgres://toil@db/toil?Password=s3cret&pass%77ord=s4cret&x=1')).toBe('postgres://toil@db/toil?Password=***&pass%77ord=***&x=1')
  })
})

describe('parsePgUrl: as libpq reads a URL', () => {
  // Each case checked with psql (libpq 15) against an unreachable address: its error names the host and port it used.
  it('ends the user part at the first @ and takes # as an ordinary character', () => {
    // psql: connection to server at "127.0.0.2", port 1 failed
    expect(parsePgUrl('postgres://ann:5432#x@127.0.0.2:1/toil')).toEqual({user: 'ann', password: '5432#x', host: '127.0.0.2', port: 1, dbname: 'toil', params: {}, label: 'postgres://ann:***@127.0.0.2:1/toil'})
    // psql: connection to server at "127.0.0.6", port 1: the database is "d#b", the application name "x#y".
    expect(parsePgUrl('postgres://127.0.0.6:1/d#b?application_name=x#y')).toMatchObject({host: '127.0.0.6', port: 1, dbname: 'd#b', params: {application_name: 'x#y'}})
    expect(parsePgUrl('postgresql://an%40n:p%2Fw%40x@[::1]:5433/my%20db?sslmode=verify-full')).toMatchObject({user: 'an@n', password: 'p/w@x', host: '::1', port: 5433, dbname: 'my db', params: {sslmode: 'verify-full'}})
    // A query parameter wins over the URL's part (psql: server at "127.0.0.8").
    expect(parsePgUrl('postgres://127.0.0.7:1/db?host=127.0.0.8&user=bob&dbname=other')).toMatchObject({host: '127.0.0.8', port: 1, user: 'bob', dbname: 'other'})
    expect(parsePgUrl('postgres://toil@localhost/x?host=%2Frun%2Fpg&port=5433')).toMatchObject({host: '/run/pg', port: 5433, dbname: 'x'})
    expect(parsePgUrl('postgres:///toil')).toEqual({user: undefined, password: undefined, host: undefined, port: undefined, dbname: 'toil', params: {}, label: 'postgres:///toil'})
    expect(parsePgUrl('postgres://db?ssl=true').params).toEqual({sslmode: 'require'})
  })

  const refused = (url: string) => {
    try {
      parsePgUrl(url)
    } catch (error) {
      expect(error).toBeInstanceOf(ToilError)
      expect((error as ToilError).exit).toBe(2)
      return (error as ToilError).message
    }
    throw new Error(`${url} was accepted`)
  }

  it('refuses bad ports, sslmodes and parameters in one line, exit 2, never showing a password', () => {
    // psql: invalid integer value "notaport" for connection option "port"; invalid port number: "99999".
    expect(refused('postgres://db/toil?port=notaport')).toMatch(/^db: "postgres:\/\/db\/toil\?port=notaport" has a port that is not a whole number from 1 to 65535/)
    expect(refused('postgres://db:99999/toil')).toMatch(/has a port that is not a whole number from 1 to 65535/)
    expect(refused('postgres://db:0/toil')).toMatch(/has a port that is not/)
    // psql: invalid sslmode value: "bogus"
    expect(refused('postgres://db/toil?sslmode=bogus')).toBe('db: "postgres://db/toil?sslmode=bogus" has sslmode="bogus", which libpq does not know; use one of disable, allow, prefer, require, verify-ca, verify-full')
    // psql: invalid URI query parameter: "foo"
    expect(refused('postgres://db/toil?foo=bar')).toMatch(/has parameter "foo", which is not a PostgreSQL connection parameter; toil takes host, port/)
    expect(refused('postgres://db/toil?keepalives=1')).toMatch(/has parameter keepalives=, which libpq reads but toil's PostgreSQL driver does not/)
    expect(refused('postgres://db/toil?sslmode')).toMatch(/a query parameter without "="/)
    expect(refused('postgres://db/to%zzil')).toMatch(/an invalid percent-encoded token/)
    expect(refused('postgres://u@h1:1,h2:2/db')).toMatch(/names several hosts or ports; toil connects to one server/)
    expect(refused('postgres://db/toil?sslnegotiation=direct')).toMatch(/sslnegotiation=direct, which needs sslmode=require, verify-ca or verify-full$/)
    expect(refused('postgres://db/toil?client_encoding=LATIN1')).toMatch(/toil speaks UTF8 only/)
    expect(parsePgUrl('postgres://db/toil?client_encoding=UTF8&sslnegotiation=direct&sslmode=require').params).toEqual({client_encoding: 'UTF8', sslnegotiation: 'direct', sslmode: 'require'})
    // psql: invalid integer value "pa" for connection option "port": a / in the password cuts the user part off.
    const slash = refused('postgres://toil:pa/ss-Secret@db/toil')
    expect(slash).not.toMatch(/Secret|"pa"/)
    // psql: could not translate host name "ss@127.0.0.3": libpq takes the first @; toil refuses rather than connect to a piece of the password.
    const at = refused('postgres://toil:p@ss-Secret@127.0.0.3/toil?sslpassword=k-Secret')
    expect(at).toMatch(/has an "@" after its user part, which libpq reads as part of the host or database; write an @ in a password as %40/)
    expect(at).not.toContain('Secret')
  })

  it('reads back any password percent-encoded, and any without @ or / as it is written; the label shows the host connected to', () => {
    const secret = fc.string({minLength: 1, maxLength: 30, unit: fc.constantFrom(...'abcXYZ019@:/?#&=%!-_.~ é'.split(''))})
    fc.assert(fc.property(secret, fc.constantFrom('db.internal', '127.0.0.1', '[::1]'), (password, host) => {
      const encoded = parsePgUrl(`postgres://toil:${encodeURIComponent(password)}@${host}:5433/toil?sslpassword=${encodeURIComponent(password)}`)
      expect(encoded).toMatchObject({user: 'toil', password, host: host.replace(/^\[(.*)\]$/, '$1'), port: 5433, dbname: 'toil', params: {sslpassword: password}})
      expect(encoded.label).toBe(`postgres://toil:***@${host}:5433/toil?sslpassword=***`)
      const raw = password.replaceAll(/[@/%]/g, '')
      if (raw !== '') expect(parsePgUrl(`postgres://toil:${raw}@${host}/toil`)).toMatchObject({password: raw, host: host.replace(/^\[(.*)\]$/, '$1'), label: `postgres://toil:***@${host}/toil`})
    }))
  })
})
