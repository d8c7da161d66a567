import Database from 'better-sqlite3'
import {parse} from 'csv-parse/sync'
import {randomUUID} from 'node:crypto'
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {emptyDb, tempDb, toil, toilJson} from './cli.js'

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

const path = (name: string) => join(t.dir, name)

/** Notes and names a CSV or JSON writer can get wrong, formula-like ones among them. */
const AWKWARD = [
  '', 'plain', 'comma, and "quotes"', 'two\nlines', 'crlf\r\nline', 'naïve ☃ 日本語 🚒', '=1+2', '+SUM(A1)', '-5 minutes', '@cmd',
  '\tindented', '\rreturn', "'quoted already", "''twice", '=HYPERLINK("http://evil.example")', 'back\\slash', ' lead space',
]

/** A deterministic pseudo-random sequence (xorshift), so every run writes the same kind of history. */
function random(seed: number): () => number {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

interface Generated {
  file: string
  entries: Record<string, unknown>[]
}

/**
 * A history of `n` entries over two teams, as a hand-made JSONL file: entries in random order,
 * one task's record after its entries, one task with no record at all.
 */
function history(n: number, name = 'history.jsonl'): Generated {
  const next = random(42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const teams = [
    {type: 'team', name: 'platform', capacity: [{fromMonth: '2025-01', members: 6, hoursPerWeek: 37.5, rotation: 6, shifts: 2}, {fromMonth: '2025-07', members: 7, hoursPerWeek: 40, rotation: null, shifts: null}]},
    {type: 'team', name: 'sre', capacity: []},
  ]
  const tasks = [
    {type: 'task', team: 'platform', name: 'restart worker', category: 'interrupt', criteria: {manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'yes', noEnduringValue: 'yes', scales: 'unknown'}, frequency: {count: 3, unit: 'week', every: 1}, durationMinutes: 15, estimate: {costHours: 16.5, reduction: 0.8, maintenanceHoursPerMonth: 1.25}, status: 'active', automatedSince: null, createdAt: '2025-01-02T09:00:00.000Z'},
    {type: 'task', team: 'platform', name: '=rotate certs', category: 'provisioning', criteria: {manual: 'yes', repetitive: 'unknown', automatable: 'yes', tactical: 'no', noEnduringValue: 'yes', scales: 'no'}, frequency: null, durationMinutes: null, estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0}, status: 'automated', automatedSince: '2025-06-30', createdAt: '2025-01-03T10:30:00.000Z'},
    {type: 'task', team: 'sre', name: 'access review', category: 'business-process', criteria: {manual: 'yes', repetitive: 'yes', automatable: 'no', tactical: 'no', noEnduringValue: 'no', scales: 'unknown'}, frequency: {count: 1, unit: 'month', every: 2}, durationMinutes: 45, estimate: {costHours: 40, reduction: 0.5, maintenanceHoursPerMonth: 2}, status: 'retired', automatedSince: null, createdAt: '2025-02-01T08:00:00.000Z'},
  ]
  const late = {type: 'task', team: 'sre', name: 'release train', category: 'release', criteria: {manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'no', noEnduringValue: 'yes', scales: 'yes'}, frequency: {count: 1, unit: 'week', every: 1}, durationMinutes: 120, estimate: {costHours: 80, reduction: 0.9, maintenanceHoursPerMonth: 4}, status: 'automating', automatedSince: null, createdAt: '2025-03-01T12:00:00.000Z'}
  const targets = [...tasks, late, {team: 'sre', name: 'ad-hoc cleanup'}]
  const entries = Array.from({length: n}, (_, i) => {
    const task = pick(targets)
    const day = `2025-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`
    return {
      type: 'entry', id: randomUUID(), task: task.name, team: task.team, engineer: pick(['alice', 'bob', 'Chloé', '-dash']), day,
      minutes: 1 + Math.floor(next() * 240), count: 1 + Math.floor(next() * 5),
      tags: pick([[], ['oncall'], ['interrupt', 'ticket'], ['toil.v2']]), note: AWKWARD[i % AWKWARD.length]!,
      createdAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 3e10)).toISOString(),
    }
  })
  const shuffled = [...entries].sort(() => next() - 0.5)
  const lines = [...teams, ...tasks, ...shuffled.slice(0, n / 2), late, ...shuffled.slice(n / 2)].map((r) => JSON.stringify(r))
  const file = path(name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return {file, entries}
}

function query<T>(db: string, sql: string): T[] {
  const handle = new Database(db, {readonly: true})
  try {
    return handle.prepare(sql).all() as T[]
  } finally {
    handle.close()
  }
}

const entryCount = (db: string) => (existsSync(db) ? query<{n: number}>(db, 'SELECT count(*) AS n FROM entries')[0]!.n : 0)

async function ok(args: string[], stdin?: string): Promise<string> {
  const result = await toil(args, {input: stdin})
  expect(result.code, result.stderr).toBe(0)
  return result.stdout
}

/** Exit 2, one line on stderr, nothing on stdout. */
async function refused(args: string[], message: string | RegExp): Promise<string> {
  const result = await toil(args)
  expect(result.code, result.stderr).toBe(2)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  if (typeof message === 'string') expect(result.stderr).toContain(message)
  else expect(result.stderr.trim()).toMatch(message)
  expect(result.stdout).toBe('')
  return result.stderr
}

describe('export and import', () => {
  it('round-trips JSONL byte for byte and keeps every field of the source', async () => {
    const gen = history(300)
    const a = path('a.db')
    const b = path('b.db')
    const imported = await toilJson(a, ['import', gen.file])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.json).toEqual({teamsAdded: 2, tasksAdded: 5, entriesAdded: 300, entriesSkipped: 0, backup: null})

    const first = await ok(['export', '--db', a])
    const lines = first.trimEnd().split('\n').map((l) => JSON.parse(l) as {type: string; id?: string; name?: string})
    expect(lines.map((l) => l.type)).toEqual([...Array(2).fill('team'), ...Array(5).fill('task'), ...Array(300).fill('entry')])
    // Every generated entry comes back with the same fields and values.
    const byId = new Map(lines.filter((l) => l.type === 'entry').map((l) => [l.id, l]))
    for (const e of gen.entries) expect(byId.get(e.id as string)).toEqual(e)
    // The task record that came after its entries wins over the defaults those entries created.
    const source = readFileSync(gen.file, 'utf8').split('\n').filter((l) => l.includes('"release train"') && l.includes('"type":"task"'))
    expect(lines.find((l) => l.name === 'release train')).toEqual(JSON.parse(source[0]!))
    expect(lines.find((l) => l.name === 'ad-hoc cleanup')).toMatchObject({category: 'other', status: 'active'})

    writeFileSync(path('first.jsonl'), first)
    await ok(['import', path('first.jsonl'), '--db', b])
    const second = await ok(['export', '--db', b])
    expect(second).toBe(first)
  })

  it('reads a file many chunks long exactly: multi-byte text across every chunk boundary, a BOM and CRLF line ends', async () => {
    const note = '日本語🚒 naïve '.repeat(40)
    const lines = readFileSync(history(4000).file, 'utf8').trimEnd().split('\n').map((line) => {
      const record = JSON.parse(line) as {type: string; note?: string}
      return JSON.stringify(record.type === 'entry' ? {...record, note} : record)
    })
    const file = path('heavy.jsonl')
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`)
    expect(readFileSync(file).length).toBeGreaterThan(10 * 256 * 1024)
    const imported = await toilJson(t.db, ['import', file])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.json.entriesAdded).toBe(4000)
    expect(query<{note: string; n: number}>(t.db, 'SELECT note, count(*) AS n FROM entries GROUP BY note')).toEqual([{note, n: 4000}])
  })

  it('round-trips CSV byte for byte, neutralising formula cells on the way out and restoring them on the way in', async () => {
    const gen = history(200)
    const a = path('a.db')
    const b = path('b.db')
    await ok(['import', gen.file, '--db', a])
    const summary = await toilJson(a, ['export', '--out', path('first.csv')])
    expect(summary.json).toEqual({format: 'csv', file: path('first.csv'), teams: 2, tasks: 5, entries: 200})
    const first = readFileSync(path('first.csv'), 'utf8')

    const table = parse(first) as string[][]
    expect(table[0]).toEqual(['id', 'team', 'task', 'category', 'engineer', 'day', 'minutes', 'count', 'hours', 'tags', 'note', 'createdAt'])
    expect(table).toHaveLength(201)
    for (const row of table) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(table.some((row) => row[10] === "'=1+2" && row[2] === "'=rotate certs")).toBe(true)
    expect(table.some((row) => row[4] === "'-dash")).toBe(true)
    const row = table.find((r) => r[10] === "'=1+2")!
    const id = row[0]!
    const e = gen.entries.find((x) => x.id === id)!
    expect(Number(row[8])).toBeCloseTo(((e.minutes as number) * (e.count as number)) / 60, 2)

    await ok(['import', path('first.csv'), '--db', b])
    const second = await ok(['export', '--format', 'csv', '--db', b])
    expect(second).toBe(first)
    // The stored values are the originals, not the escaped cells.
    const notes = query<{note: string; task: string; engineer: string}>(b, `SELECT e.note, t.name AS task, e.engineer FROM entries e JOIN tasks t ON t.id = e.task_id`)
    expect(new Set(notes.map((n) => n.note))).toEqual(new Set(AWKWARD))
    expect(notes.some((n) => n.task === '=rotate certs')).toBe(true)
    expect(notes.some((n) => n.engineer === '-dash')).toBe(true)
  })

  it('escapes control characters in CSV (export and report) so none reaches a spreadsheet or terminal raw; import reads them back, JSONL keeps them as they are', async () => {
    const notes = ['clear\x1b[2J\x1b]8;;http://evil.example\x07link\x1b]8;;\x07', 'csi \u009b31m red', 'bell\x07 nul\u0000 del\u007f', 'evil\u202egpj.exe',
      'cr\rover', 'tab\there', 'two\nlines', 'a literal \\x1b, C:\\temp and \\\\ stay', '\u2028sep']
    const file = path('controls.jsonl')
    writeFileSync(file, notes.map((note, i) => `${JSON.stringify({type: 'entry', id: randomUUID(), team: 'sre', task: 'restart worker', engineer: 'alice', day: `2026-06-${String(i + 1).padStart(2, '0')}`, minutes: 10, note})}\n`).join(''))
    const a = path('a.db')
    await ok(['import', file, '--db', a])
    const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
    const csv = await ok(['export', '--format', 'csv', '--db', a])
    expect(csv).not.toMatch(unsafe)
    expect(csv).toContain('clear\\x1b[2J\\x1b]8;;http://evil.example\\x07link')
    expect(csv).toContain('"two\nlines"')
    expect(csv).toContain('a literal \\\\x1b, C:\\temp and \\\\\\ stay')

    writeFileSync(path('controls.csv'), csv)
    const b = path('b.db')
    await ok(['import', path('controls.csv'), '--db', b])
    const stored = (db: string) => query<{note: string; task: string}>(db, `SELECT e.note, t.name AS task FROM entries e JOIN tasks t ON t.id = e.task_id ORDER BY e.day`)
    expect(stored(b)).toEqual(stored(a))
    expect(stored(b).map((r) => r.note)).toEqual(notes)
    expect(await ok(['export', '--format', 'csv', '--db', b])).toBe(csv)

    // A name another program wrote (toil refuses controls in the names it is given, and so in an import).
    const db = new Database(a)
    db.prepare(`UPDATE tasks SET name = ? WHERE name = 'restart worker'`).run('restart\x1b[31m worker\u202e')
    db.close()
    const renamed = await ok(['export', '--format', 'csv', '--db', a])
    expect(renamed).toContain('restart\\x1b[31m worker\\u202e')
    expect(renamed).not.toMatch(unsafe)
    const report = await ok(['report', '--format', 'csv', '--month', '2026-06', '--team', 'sre', '--db', a])
    expect(report).toContain('restart\\x1b[31m worker\\u202e')
    expect(report).not.toMatch(unsafe)
    // JSONL is the lossless format: the texts exactly as stored.
    const jsonl = (await ok(['export', '--db', a])).trim().split('\n').map((line) => JSON.parse(line))
    expect(jsonl.filter((r) => r.type === 'entry').map((r) => r.note)).toEqual(notes)
  })

  it('re-importing the same file adds nothing, after a backup', async () => {
    const gen = history(100)
    const a = path('a.db')
    await ok(['import', gen.file, '--db', a])
    const before = await ok(['export', '--db', a])
    const again = await toilJson(a, ['import', gen.file])
    expect(again.code).toBe(0)
    expect(again.json).toMatchObject({teamsAdded: 0, tasksAdded: 0, entriesAdded: 0, entriesSkipped: 100})
    expect(again.json.backup).toMatch(/backups\/a\.db\..*\.import\.bak$/)
    expect(existsSync(again.json.backup)).toBe(true)
    expect(entryCount(again.json.backup)).toBe(100)
    expect(await ok(['export', '--db', a])).toBe(before)
    const text = await ok(['import', gen.file, '--db', a])
    expect(text).toContain('0 entries added, 100 already present (skipped)')
  })

  it('a malformed line in the middle imports nothing and names the line', async () => {
    const gen = history(300)
    const lines = readFileSync(gen.file, 'utf8').split('\n')
    const bad = JSON.parse(lines[149]!)
    lines[149] = JSON.stringify({...bad, minutes: 0})
    writeFileSync(path('bad.jsonl'), lines.join('\n'))
    await refused(['import', path('bad.jsonl'), '--db', path('a.db')], 'line 150: minutes: 0 must be a whole number from 1 to 1440; nothing was imported')
    expect(query(path('a.db'), 'SELECT * FROM teams')).toEqual([])
    expect(query(path('a.db'), 'SELECT * FROM tasks')).toEqual([])
    expect(entryCount(path('a.db'))).toBe(0)

    // Into a database that holds entries: unchanged, and no backup left behind.
    await ok(['import', history(10, 'small.jsonl').file, '--db', path('b.db')])
    const before = await ok(['export', '--db', path('b.db')])
    lines[149] = '{"type": "entry", "id": '
    writeFileSync(path('bad.jsonl'), lines.join('\n'))
    await refused(['import', path('bad.jsonl'), '--db', path('b.db')], /^toil: line 150: is not valid JSON .*; nothing was imported$/)
    expect(await ok(['export', '--db', path('b.db')])).toBe(before)
    expect(existsSync(path('backups')) ? readdirSync(path('backups')) : []).toEqual([])
  })

  it('a malformed CSV row in the middle imports nothing and names the line', async () => {
    const header = 'id,team,task,category,engineer,day,minutes,count,hours,tags,note,createdAt'
    const row = (day: string) => `${randomUUID()},sre,x,other,alice,${day},15,1,0.25,,,2025-01-01T00:00:00.000Z`
    const rows = Array.from({length: 50}, (_, i) => row(`2025-01-${String(1 + (i % 28)).padStart(2, '0')}`))
    rows[24] = row('2025-02-30')
    writeFileSync(path('bad.csv'), `${header}\n${rows.join('\n')}\n`)
    await refused(['import', path('bad.csv'), '--db', t.db], /^toil: line 26: day: "2025-02-30" is not a real calendar date.*; nothing was imported$/)
    expect(entryCount(t.db)).toBe(0)
    rows[24] = `${row('2025-01-01')},extra`
    writeFileSync(path('bad.csv'), `${header}\n${rows.join('\n')}\n`)
    await refused(['import', path('bad.csv'), '--db', t.db], /^toil: line 26: Invalid Record Length: .*; nothing was imported$/)
    expect(entryCount(t.db)).toBe(0)
  })

  it('an unterminated quote names the line where the quote opened, not the end of the file', async () => {
    const header = 'id,team,task,category,engineer,day,minutes,count,hours,tags,note,createdAt'
    const row = (note: string) => `${randomUUID()},sre,x,other,alice,2025-01-02,15,1,0.25,,${note},2025-01-01T00:00:00.000Z`
    // Line 3 opens a quote (after a multi-line quoted note on lines 2-3 that closes) and never closes it.
    writeFileSync(path('open.csv'), `${header}\n${row('"two\nlines"')}\n${row('ok')}\n${row('"never closed')}\n${row('a')}\n${row('b')}\n`)
    await refused(['import', path('open.csv'), '--db', t.db], /^toil: line 5: the quote opened on this line is never closed; nothing was imported$/)
    expect(entryCount(t.db)).toBe(0)
  })

  it('reads stdin with "-" and writes --out whole, matching stdout', async () => {
    const gen = history(50)
    const out = await ok(['import', '-', '--db', t.db], readFileSync(gen.file, 'utf8'))
    expect(out).toContain('Imported stdin: 50 entries added, 0 already present (skipped); 2 teams and 5 tasks added.')
    const stdout = await ok(['export', '--db', t.db])
    const message = (await toil(['export', '--out', 'out.jsonl', '--db', t.db], {cwd: t.dir})).stdout
    expect(message.trim()).toBe(`Exported 2 teams, 5 tasks and 50 entries to out.jsonl (jsonl).`)
    expect(readFileSync(path('out.jsonl'), 'utf8')).toBe(stdout)
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.partial'))).toEqual([])
  })

  it('exports an empty database as nothing (JSONL) or a header (CSV)', async () => {
    await emptyDb(t.db)
    expect(await ok(['export', '--db', t.db])).toBe('')
    expect(await ok(['export', '--format', 'csv', '--db', t.db])).toBe('id,team,task,category,engineer,day,minutes,count,hours,tags,note,createdAt\n')
  })

  it.each([
    [['import', 'missing.jsonl'], 'file: "missing.jsonl" does not exist'],
    [['import', 'entries.txt'], 'file: "entries.txt" has no .jsonl or .csv extension; give --format jsonl or --format csv'],
    [['import', 'x.jsonl', '--format', 'xml'], 'format'],
    [['export', '--out', 'no/such/dir/x.jsonl'], 'out: "no/such/dir/x.jsonl" cannot be written: no such file or folder'],
  ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
    await ok(['import', history(5).file, '--db', t.db])
    const before = await ok(['export', '--db', t.db])
    const result = await toil([...args, '--db', t.db], {cwd: t.dir})
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(message)
    expect(await ok(['export', '--db', t.db])).toBe(before)
  })

  it('--json errors are JSON on stdout', async () => {
    writeFileSync(path('bad.jsonl'), '{"type":"team","name":""}\n')
    const imported = await toilJson(t.db, ['import', path('bad.jsonl')])
    expect(imported.code).toBe(2)
    expect(imported.json.error.code).toBe('invalid-input')
    expect(imported.json.error.message).toMatch(/^line 1: name: "" is empty.*; nothing was imported$/)
    expect(entryCount(t.db)).toBe(0)
    // The export itself goes to stdout, so --json needs --out for its summary.
    const exported = await toilJson(t.db, ['export'])
    expect(exported.code).toBe(2)
    expect(exported.json.error.message).toBe('json: --json prints a summary of the export and needs --out FILE; without --out the export itself goes to stdout')
  })
})
