/**
 * Commands that only read never create a database: a mistyped --db gets "no toil database at …"
 * and exit 3, on SQLite and on PostgreSQL alike, and nothing appears where it pointed.
 */
import {existsSync, readdirSync} from 'node:fs'
import {afterAll, describe, expect, it} from 'vitest'

import {admin, freshDatabase} from '../pg/server.js'
import {tempDb, toil} from './cli.js'

const READERS = [
  ['report'],
  ['report', '--format', 'html', '--out', 'report.html'],
  ['classify'],
  ['candidates'],
  ['forecast'],
  ['entries'],
  ['export'],
  ['doctor'],
  ['backup'],
  ['task', 'list'],
  ['task', 'show', 'restart worker'],
  ['team', 'list'],
]

const home = tempDb()
afterAll(() => home.cleanup())

describe('a command that only reads, at a path with no database', () => {
  it.each(READERS)('toil %s says there is none, exit 3, and creates nothing', async (...args) => {
    const typo = `${home.dir}/typo.db`
    const result = await toil([...args, '--db', typo], {cwd: home.dir, env: {XDG_DATA_HOME: home.dir}})
    expect(result.code).toBe(3)
    expect(result.stderr).toBe(`toil: no toil database at ${typo}; check --db or $TOIL_DB (toil log, toil import or toil demo creates one)\n`)
    expect(readdirSync(home.dir)).toEqual([])
  })

  it('answers in JSON with its own code', async () => {
    const result = await toil(['report', '--db', `${home.dir}/typo.db`, '--json'])
    expect(result.code).toBe(3)
    expect(JSON.parse(result.stdout).error.code).toBe('no-database')
  })

  it('while a command that writes creates the database, as before', async () => {
    const own = tempDb()
    try {
      expect((await toil(['log', 'restart worker', '15m', '--db', own.db])).code).toBe(0)
      expect(existsSync(own.db)).toBe(true)
      expect((await toil(['report', '--db', own.db])).code).toBe(0)
    } finally {
      own.cleanup()
    }
  })
})

describe('a command that only reads, on a PostgreSQL database with no toil schema', () => {
  it('says there is none, exit 3, and creates no table', async () => {
    const {name, url} = await freshDatabase('readonly')
    for (const args of [['report'], ['entries'], ['doctor'], ['export']]) {
      const result = await toil([...args, '--db', url])
      expect(result.code, args.join(' ')).toBe(3)
      expect(result.stderr).toMatch(/^toil: no toil database at postgres(ql)?:\/\/.*; check --db or \$TOIL_DB/)
    }
    expect(await admin(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`, [], name)).toEqual([])
    // A command that writes creates the schema; then the readers work.
    expect((await toil(['log', 'restart worker', '15m', '--db', url])).code).toBe(0)
    expect((await toil(['entries', '--db', url])).code).toBe(0)
  })
})
