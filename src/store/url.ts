/**
 * PostgreSQL URLs, read exactly as libpq reads them (its conninfo_uri_parse): the user
 * part ends at the first `@` (when no `/` comes before it), the password runs from the
 * first `:` to that `@`, and `#` is an ordinary character, not a fragment. Whatever toil
 * connects to is what its label shows.
 */
import {inputError, quote} from '../domain/errors.js'

/** A `--db` value that names a PostgreSQL database rather than a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

/** What a URL says, decoded: libpq's keywords, the last of each winning as in libpq. */
export interface PgUrl {
  user?: string
  password?: string
  host?: string
  port?: number
  dbname?: string
  /** Every other keyword given in the query (`sslmode`, `application_name`…), decoded. */
  params: Record<string, string>
  /** The URL as shown: every password (the user part's, every `*password*` parameter's) replaced by `***`. */
  label: string
}

/** libpq's URI query keywords that toil hands to the connection. */
const SUPPORTED = new Set([
  'host', 'port', 'dbname', 'user', 'password', 'connect_timeout', 'client_encoding', 'options', 'application_name',
  'fallback_application_name', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslpassword', 'sslnegotiation',
])

/** libpq's other keywords: read by libpq, but not by the driver toil uses; refused rather than silently ignored. */
const UNSUPPORTED = new Set([
  'hostaddr', 'passfile', 'channel_binding', 'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count',
  'tcp_user_timeout', 'sslcompression', 'sslcrl', 'sslcrldir', 'sslsni', 'sslcertmode', 'requirepeer', 'ssl_min_protocol_version',
  'ssl_max_protocol_version', 'min_protocol_version', 'max_protocol_version', 'gssencmode', 'krbsrvname', 'gsslib', 'gssdelegation',
  'service', 'target_session_attrs', 'load_balance_hosts', 'replication', 'require_auth', 'requiressl', 'scram_client_key', 'scram_server_key',
])

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const

/** A span of the URL's text to show as `***`. */
type Span = [start: number, end: number]

class Malformed extends Error {}

/** libpq's percent-decoding: `%` takes two hex digits, `%00` is forbidden, anything else is itself. */
function decode(text: string): string {
  if (!text.includes('%')) return text
  const bytes: number[] = []
  const raw = Buffer.from(text, 'utf8')
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x25) {
      bytes.push(raw[i]!)
      continue
    }
    const hex = raw.subarray(i + 1, i + 3).toString('latin1')
    if (!/^[\da-f]{2}$/i.test(hex)) throw new Malformed('an invalid percent-encoded token')
    const byte = Number.parseInt(hex, 16)
    if (byte === 0) throw new Malformed('a forbidden %00')
    bytes.push(byte)
    i += 2
  }
  return Buffer.from(bytes).toString('utf8')
}

const isPassword = (keyword: string) => /password/i.test(keyword)

interface Raw {
  user?: string
  password?: string
  hosts: string[]
  ports: string[]
  dbname?: string
  params: [keyword: string, value: string][]
  secrets: Span[]
}

/** The URL cut where libpq cuts it; throws Malformed where libpq would refuse it. */
function split(url: string): Raw {
  const scheme = /^postgres(ql)?:\/\//i.exec(url)
  if (!scheme) throw new Malformed('it does not start with postgres:// or postgresql://')
  const raw: Raw = {hosts: [], ports: [], params: [], secrets: []}
  let p = scheme[0].length
  const at = (i: number) => url[i] ?? ''
  // The user part: up to the first `@`, unless a `/` comes first.
  let q = p
  while (q < url.length && url[q] !== '@' && url[q] !== '/') q++
  if (at(q) === '@') {
    const colon = url.indexOf(':', p)
    const userEnd = colon >= 0 && colon < q ? colon : q
    raw.user = decode(url.slice(p, userEnd))
    if (userEnd < q) {
      raw.password = decode(url.slice(userEnd + 1, q))
      raw.secrets.push([userEnd + 1, q])
    }
    p = q + 1
  }
  // Hosts and ports, separated by commas.
  let stop = ''
  for (;;) {
    let host: string
    if (at(p) === '[') {
      const close = url.indexOf(']', p)
      if (close < 0) throw new Malformed('an IPv6 address without its "]"')
      if (close === p + 1) throw new Malformed('an empty IPv6 address')
      host = url.slice(p + 1, close)
      p = close + 1
      if (p < url.length && !':/?,'.includes(at(p))) throw new Malformed(`an unexpected ${quote(at(p))} after an IPv6 address`)
    } else {
      const start = p
      while (p < url.length && !':/?,'.includes(at(p))) p++
      host = url.slice(start, p)
    }
    raw.hosts.push(decode(host))
    stop = at(p)
    let port = ''
    if (stop === ':') {
      const start = ++p
      while (p < url.length && !'/?,'.includes(at(p))) p++
      port = url.slice(start, p)
      stop = at(p)
    }
    raw.ports.push(decode(port))
    if (stop !== ',') break
    p++
  }
  if (stop === '/') {
    const start = ++p
    while (p < url.length && url[p] !== '?') p++
    const dbname = decode(url.slice(start, p))
    if (dbname !== '') raw.dbname = dbname
    stop = at(p)
  }
  if (stop === '?') {
    p++
    while (p < url.length) {
      let end = url.indexOf('&', p)
      if (end < 0) end = url.length
      const pair = url.slice(p, end)
      const eq = pair.indexOf('=')
      if (eq < 0) throw new Malformed(`a query parameter without "=" (${quote(pair.slice(0, 40))})`)
      if (pair.includes('=', eq + 1)) throw new Malformed(`a second "=" in query parameter ${quote(pair.slice(0, eq))}`)
      const keyword = decode(pair.slice(0, eq))
      if (isPassword(keyword)) raw.secrets.push([p + eq + 1, end])
      raw.params.push([keyword, decode(pair.slice(eq + 1))])
      p = end + 1
    }
  }
  return raw
}

/** The text with each span replaced by `***`. */
function mask(url: string, spans: Span[]): string {
  let out = ''
  let from = 0
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    out += `${url.slice(from, start)}***`
    from = end
  }
  return out + url.slice(from)
}

/**
 * A URL libpq would not read, shown all the same: everything between the first `:` of the
 * user part and its last `@`, and every `*password*` parameter, hidden. It would rather hide
 * too much than too little.
 */
function maskMalformed(url: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(url)
  if (!scheme) return url
  let rest = url.slice(scheme[0].length)
  const at = rest.lastIndexOf('@')
  if (at >= 0) {
    const colon = rest.slice(0, at).indexOf(':')
    if (colon >= 0) rest = `${rest.slice(0, colon)}:***${rest.slice(at)}`
  }
  return scheme[0] + rest.replaceAll(/([?&])([^=&]*)=([^&]*)/g, (whole, sep: string, key: string) => {
    let keyword = key
    try {
      keyword = decode(key)
    } catch {
      // Hidden below all the same when it spells password undecoded.
    }
    return isPassword(keyword) || isPassword(key) ? `${sep}${key}=***` : whole
  })
}

/**
 * The one way a database URL is shown: every password (the user part's, and every
 * parameter whose name holds "password": `password=`, `sslpassword=`) replaced by `***`.
 * Works on malformed URLs too.
 */
export function redactUrl(url: string): string {
  if (!isPostgresUrl(url)) return maskMalformed(url)
  try {
    return parsePgUrl(url).label
  } catch {
    return maskMalformed(url)
  }
}

const bad = (url: string, why: string) => inputError('db', maskMalformed(url), why)

/**
 * Reads a postgres:// URL as libpq does, then refuses (exit 2, one line) what libpq would
 * refuse and what toil cannot do as libpq would: a port that is not 1 to 65535, an sslmode
 * libpq does not know, an unknown parameter, several hosts.
 */
export function parsePgUrl(url: string): PgUrl {
  let raw: Raw
  try {
    raw = split(url)
  } catch (error) {
    if (!(error instanceof Malformed)) throw error
    throw bad(url, `is not a valid PostgreSQL URL (it has ${error.message}); use postgres://USER@HOST:PORT/DATABASE, with @ / : # ? & in a password written %40 %2F %3A %23 %3F %26`)
  }
  const values: Record<string, string> = {}
  if (raw.user !== undefined && raw.user !== '') values.user = raw.user
  if (raw.password !== undefined && raw.password !== '') values.password = raw.password
  const hosts = raw.hosts.join(',')
  const ports = raw.ports.join(',')
  if (hosts !== '') values.host = hosts
  if (ports.replaceAll(',', '') !== '') values.port = ports
  if (raw.dbname !== undefined) values.dbname = raw.dbname
  for (const [given, value] of raw.params) {
    // libpq's one alias, for JDBC's sake.
    const [keyword, v] = given === 'ssl' && value === 'true' ? ['sslmode', 'require'] : [given, value]
    if (UNSUPPORTED.has(keyword)) throw bad(url, `has parameter ${keyword}=, which libpq reads but toil's PostgreSQL driver does not; remove it (toil takes ${[...SUPPORTED].join(', ')})`)
    if (!SUPPORTED.has(keyword)) throw bad(url, `has parameter ${quote(keyword)}, which is not a PostgreSQL connection parameter; toil takes ${[...SUPPORTED].join(', ')}`)
    values[keyword] = v
  }
  // Where the user part held an unencoded @ or /, libpq reads the rest of the password as the host or the database.
  const label = mask(url, raw.secrets)
  const ambiguous = /@/.test(`${values.host ?? ''}${values.port ?? ''}${raw.dbname ?? ''}`)
  if (ambiguous) throw bad(url, `has an "@" after its user part, which libpq reads as part of the host or database; write an @ in a password as %40 (and / as %2F)`)
  if ((values.host ?? '').includes(',') || (values.port ?? '').includes(',')) {
    throw bad(url, 'names several hosts or ports; toil connects to one server: give one HOST:PORT')
  }
  let port: number | undefined
  if (values.port !== undefined) {
    // Not quoted: a cut-off password may be what stands there.
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) < 1 || Number(values.port) > 65_535) {
      throw bad(url, 'has a port that is not a whole number from 1 to 65535 (a / or @ in a password is written %2F or %40)')
    }
    port = Number(values.port)
  }
  const {sslmode} = values
  if (sslmode !== undefined && !(SSL_MODES as readonly string[]).includes(sslmode)) {
    throw bad(url, `has sslmode=${quote(sslmode)}, which libpq does not know; use one of ${SSL_MODES.join(', ')}`)
  }
  const negotiation = values.sslnegotiation
  if (negotiation !== undefined && negotiation !== 'postgres' && negotiation !== 'direct') throw bad(url, `has sslnegotiation=${quote(negotiation)}; use postgres or direct`)
  if (negotiation === 'direct' && !['require', 'verify-ca', 'verify-full'].includes(sslmode ?? '')) {
    throw bad(url, 'has sslnegotiation=direct, which needs sslmode=require, verify-ca or verify-full')
  }
  // toil reads and writes text as UTF-8; another client encoding would garble every name and note.
  const encoding = values.client_encoding
  if (encoding !== undefined && !/^(utf-?8|unicode)$/i.test(encoding)) throw bad(url, `has client_encoding=${quote(encoding)}; toil speaks UTF8 only (leave it out)`)
  const timeout = values.connect_timeout
  if (timeout !== undefined && !/^\s*-?\d+\s*$/.test(timeout)) throw bad(url, `has connect_timeout=${quote(timeout)}, which is not a whole number of seconds`)
  const {user, password, host, dbname, ...params} = values
  delete params.port
  return {user, password, host, port, dbname, params, label}
}
