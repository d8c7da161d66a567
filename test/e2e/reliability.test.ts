import Database from 'better-sqlite3'
import {execFileSync, spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {copyFileSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {damageTable, tempDb, toil, toilJson} from './cli.js'
import {APPLICATION_ID, MIGRATIONS} from '../../src/store/schema.js'

const ROOT = resolve(import.meta.dirname, '../..')
const FIXTURES = join(ROOT, 'test/fixtures')

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

const path = (name: string) => join(t.dir, name)
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

function query<T>(db: string, sql: string): T[] {
  const handle = new Database(db)
  try {
    return handle.prepare(sql).all() as T[]
  } finally {
    handle.close()
  }
}

const count = (db: string) => query<{n: number}>(db, 'SELECT count(*) AS n FROM entries')[0]!.n

/** A valid export of `entries` generated entries (bench/generate.js, deterministic). */
function generate(entries: number, name: string, seed = 1): string {
  const file = path(name)
  execFileSync(process.execPath, [join(ROOT, 'bench/generate.js'), String(entries), file, String(seed)])
  return file
}

async function ok(args: string[]): Promise<string> {
  const result = await toil(args)
  expect(result.code, result.stderr).toBe(0)
  return result.stdout
}

describe('concurrency', () => {
  it('8 processes logging 50 times each into a new database store exactly 400 entries and create the task once', async () => {
    // The database does not exist yet: the 8 first logs also race to create the schema and the task.
    const worker = async (w: number) => {
      const results = []
      for (let i = 0; i < 50; i++) {
        const result = await toil(['log', 'shared race task', '1m', '--note', `w${w}-${i}`, '--db', t.db, '--json'])
        results.push(result)
      }
      return results
    }
    const all = (await Promise.all(Array.from({length: 8}, (_, w) => worker(w)))).flat()
    expect(all.filter((r) => r.code !== 0 || r.stderr !== '').map((r) => `${r.code} ${r.stderr}${r.code === 0 ? '' : r.stdout}`)).toEqual([])
    const created = all.map((r) => (JSON.parse(r.stdout) as {taskCreated: boolean}).taskCreated)
    expect(created.filter(Boolean)).toHaveLength(1)

    expect(count(t.db)).toBe(400)
    expect(query(t.db, 'SELECT name FROM tasks')).toEqual([{name: 'shared race task'}])
    const notes = query<{note: string}>(t.db, 'SELECT note FROM entries').map((r) => r.note).sort()
    const expected = Array.from({length: 8}, (_, w) => Array.from({length: 50}, (_, i) => `w${w}-${i}`)).flat().sort()
    expect(notes).toEqual(expected)
  }, 180_000)
})

describe('crash safety', () => {
  it('an import killed partway leaves a sound database holding none of its entries', async () => {
    const big = generate(200_000, 'big.jsonl')
    await ok(['log', 'before the crash', '10m', '--db', t.db])
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), 'import', big, '--db', t.db], {stdio: 'ignore'})
    const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((done) => child.on('exit', (code, signal) => done({code, signal})))
    // Kill once the import's transaction is writing pages to the WAL, well before its 200k entries are done.
    const wal = `${t.db}-wal`
    const started = Date.now()
    while (!(existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024) && child.exitCode === null && Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 20))
    }
    child.kill('SIGKILL')
    const end = await exited
    // Still running when killed: the import was cut off, not finished.
    expect(end).toEqual({code: null, signal: 'SIGKILL'})

    expect(query(t.db, 'PRAGMA integrity_check')).toEqual([{integrity_check: 'ok'}])
    expect(query(t.db, 'PRAGMA foreign_key_check')).toEqual([])
    const rows = query<{task: string}>(t.db, 'SELECT t.name AS task FROM entries e JOIN tasks t ON t.id = e.task_id')
    expect(rows).toEqual([{task: 'before the crash'}])
    expect(query(t.db, 'SELECT name FROM teams')).toEqual([{name: 'default'}])
    const doctor = await toilJson(t.db, ['doctor'])
    expect(doctor.code, doctor.stderr).toBe(0)

    // The same import run again to the end brings all of it.
    const again = await toilJson(t.db, ['import', big])
    expect(again.code, again.stderr).toBe(0)
    expect(again.json.entriesAdded).toBe(200_000)
    expect(count(t.db)).toBe(200_001)
  }, 120_000)
})

describe('bad database files', () => {
  const files: [string, () => void, RegExp][] = [
    ['an empty file', () => writeFileSync(t.db, ''), /is an empty file, not a toil database/],
    ['a text file', () => writeFileSync(t.db, 'day,task,minutes\n2025-01-01,deploy,10\n'.repeat(20)), /is not a toil database \(not an SQLite file\)/],
    [
      'an SQLite database of another program',
      () => {
        const db = new Database(t.db)
        db.exec(`CREATE TABLE recipes (name TEXT, minutes INTEGER); INSERT INTO recipes VALUES ('bread', 240), ('soup', 45);`)
        db.close()
      },
      /is an SQLite database of another program, not a toil database/,
    ],
    [
      'an SQLite database of another program in WAL mode',
      () => {
        const db = new Database(t.db)
        db.pragma('journal_mode = WAL')
        db.exec(`CREATE TABLE recipes (name TEXT, minutes INTEGER); INSERT INTO recipes VALUES ('bread', 240);`)
        db.close()
      },
      /is an SQLite database of another program, not a toil database/,
    ],
    [
      "tables carrying toil's id but no schema version",
      () => {
        const db = new Database(t.db)
        db.pragma(`application_id = ${APPLICATION_ID}`)
        db.exec(`CREATE TABLE teams (name TEXT); INSERT INTO teams VALUES ('sre');`)
        db.close()
      },
      /is an SQLite database of another program, not a toil database/,
    ],
    [
      'a truncated toil database',
      () => {
        copyFileSync(join(FIXTURES, 'v1.sqlite'), t.db)
        truncateSync(t.db, Math.floor(statSync(t.db).size / 2))
      },
      /is truncated \(\d+ of \d+ bytes\); restore it from a backup/,
    ],
    [
      'a toil database of a newer schema',
      () => {
        copyFileSync(join(FIXTURES, 'v1.sqlite'), t.db)
        const db = new Database(t.db)
        db.pragma('user_version = 999')
        db.close()
      },
      /was written by a newer toil \(schema 999; this one knows 5\); upgrade toil/,
    ],
  ]

  it.each(files)('%s is refused with exit 3, one line, and left byte for byte as it was', async (_, make, message) => {
    make()
    const before = sha(t.db)
    for (const args of [['entries'], ['log', 'deploy', '10m'], ['import', join(FIXTURES, 'v1.export.jsonl')], ['export']]) {
      const result = await toil([...args, '--db', t.db])
      expect(result.code, `${args[0]}: ${result.stderr}`).toBe(3)
      expect(result.stdout).toBe('')
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(message)
      if (args[0] === 'export') continue
      const json = await toilJson(t.db, args)
      expect(json.code).toBe(3)
      expect(json.json.error.message).toMatch(message)
    }
    expect(sha(t.db)).toBe(before)
    expect(readdirSync(t.dir).sort()).toEqual(['toil.db'])
  })

  it('a damaged page met after a clean open is a database error (exit 3), not an internal one', async () => {
    copyFileSync(join(FIXTURES, 'v1.sqlite'), t.db)
    // Upgraded to this version first, so that the damage is met by a query, not by the upgrade.
    await ok(['entries', '--db', t.db])
    damageTable(t.db, 'entries')
    const result = await toil(['entries', '--db', t.db])
    expect(result.code, result.stderr).toBe(3)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr.trimEnd()).toMatch(/^toil: the database is damaged \(.*malformed.*\); toil doctor checks it and toil restore puts back a backup$/)
    const json = await toilJson(t.db, ['export', '--out', path('out.jsonl')])
    expect(json.code).toBe(3)
    expect(json.json.error.code).toBe('bad-database')
  })
})

describe('schema versions', () => {
  it('a database written by schema version 1 opens with every entry intact, upgraded to version 2 after a backup of it', async () => {
    copyFileSync(join(FIXTURES, 'v1.sqlite'), t.db)
    const expected = readFileSync(join(FIXTURES, 'v1.export.jsonl'), 'utf8')
    expect(await ok(['export', '--db', t.db])).toBe(expected)
    const listed = await toilJson(t.db, ['entries', '--limit', '1000'])
    expect(listed.code, listed.stderr).toBe(0)
    const ids = (listed.json.entries as {id: string}[]).map((e) => e.id).sort()
    const expectedIds = expected.trimEnd().split('\n').map((l) => JSON.parse(l) as {type: string; id?: string}).filter((r) => r.type === 'entry').map((r) => r.id).sort()
    expect(ids).toEqual(expectedIds)

    // The first open upgraded it, after one backup of the v1 file; nothing lost, and a write works.
    await ok(['log', 'restart stuck worker', '10m', '--team', 'sre', '--db', t.db])
    expect(count(t.db)).toBe(expectedIds.length + 1)
    const after = (await ok(['export', '--db', t.db])).split('\n')
    for (const line of expected.trimEnd().split('\n')) expect(after).toContain(line)
    expect(query(t.db, 'PRAGMA user_version')).toEqual([{user_version: MIGRATIONS.length}])
    const backups = readdirSync(path('backups'))
    expect(backups).toEqual([expect.stringMatching(/^toil\.db\..+\.migrate-v1\.bak$/)])
    expect(sha(path(`backups/${backups[0]}`))).not.toBe('')
    expect(query(path(`backups/${backups[0]}`), 'PRAGMA user_version')).toEqual([{user_version: 1}])
  })
})

describe('hostile input', () => {
  const long = `${'x'.repeat(9_998)}🔥é`
  const cases = [
    {task: `O'Brien "quoted" task`, note: `she said "it's fine" \\ back\\slash`},
    {task: `'); DROP TABLE entries;--`, note: `'; DELETE FROM tasks; --`},
    {task: 'pager 🔥🚒 ünïcödé 日本', note: 'two\nlines\tand a tab 👩‍💻'},
    {task: 'long note', note: long},
  ]

  it('stores quotes, SQL fragments, emoji and a 10,000-character note and prints them back exactly', async () => {
    expect([...long]).toHaveLength(10_000)
    for (const c of cases) await ok(['log', c.task, '5m', '--note', c.note, '--db', t.db])
    const listed = await toilJson(t.db, ['entries'])
    expect(listed.code, listed.stderr).toBe(0)
    const got = (listed.json.entries as {task: string; note: string}[]).map((e) => ({task: e.task, note: e.note}))
    expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(new Set(cases.map((c) => JSON.stringify(c))))
    const exported = (await ok(['export', '--db', t.db])).trimEnd().split('\n').map((l) => JSON.parse(l) as {type: string; name?: string; task?: string; note?: string})
    expect(exported.filter((r) => r.type === 'task').map((r) => r.name).sort()).toEqual(cases.map((c) => c.task).sort())
    expect(exported.filter((r) => r.type === 'entry').map((r) => ({task: r.task, note: r.note}))).toEqual(expect.arrayContaining(cases))
    expect(count(t.db)).toBe(cases.length)
  })

  it.each([
    [['log', 'line\nbreak', '5m'], /^toil: task: "line\\nbreak" contains a line break or control character; give a name of 1 to 200 characters on one line$/],
    [['log', 'ok task', '5m', '--note', `${'y'.repeat(10_001)}`], /^toil: note: "y{20}…" is longer than 10000 characters$/],
  ])('refuses %#: exit 2, one line, nothing stored', async (args, message) => {
    await ok(['log', 'ok task', '5m', '--db', t.db])
    const before = await ok(['export', '--db', t.db])
    const result = await toil([...args, '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr.trimEnd()).toMatch(message)
    expect(await ok(['export', '--db', t.db])).toBe(before)
  })
})

describe('round trip at scale', () => {
  it('export → import into an empty database → export is byte-identical on a 100k-entry history', async () => {
    const source = generate(100_000, 'history.jsonl', 7)
    const a = path('a.db')
    const b = path('b.db')
    const imported = await toilJson(a, ['import', source])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.json.entriesAdded).toBe(100_000)
    const first = await toilJson(a, ['export', '--out', path('first.jsonl')])
    expect(first.json.entries).toBe(100_000)
    // The generator writes records as toil export does, so the first export holds exactly its lines.
    const sortedLines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').sort()
    expect(sortedLines(path('first.jsonl'))).toEqual(sortedLines(source))
    const again = await toilJson(b, ['import', path('first.jsonl')])
    expect(again.json).toMatchObject({entriesAdded: 100_000, entriesSkipped: 0})
    await toilJson(b, ['export', '--out', path('second.jsonl')])
    expect(sha(path('second.jsonl'))).toBe(sha(path('first.jsonl')))
    expect(count(b)).toBe(100_000)
  }, 120_000)
})
