import Database from 'better-sqlite3'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {tempDb, toil, toilJson} from './cli.js'

interface Row {
  id: string
  task: string
  team: string
  engineer: string
  day: string
  minutes: number
  count: number
  tags: string
  note: string
}

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

/** Every stored entry, read straight from the database. */
function rows(): Row[] {
  const db = new Database(t.db, {readonly: true})
  try {
    return db.prepare(`SELECT e.id, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.count, e.tags, e.note
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id ORDER BY e.seq`).all() as Row[]
  } finally {
    db.close()
  }
}

async function log(args: string[], user = 'alice'): Promise<void> {
  const result = await toil(['log', ...args, '--db', t.db], {env: {TOIL_USER: user}})
  expect(result.code, result.stderr).toBe(0)
}

/** Four entries over two months, two engineers and two teams, logged in this order. */
async function seed(): Promise<void> {
  await log(['restart worker', '15m', '--times', '3', '--tag', 'oncall', '--day', '2025-01-10'])
  await log(['rotate certs', '1h', '--day', '2025-01-20', '--note', 'expired on edge-2, again and again and again and again'])
  await log(['restart worker', '30m', '--day', '2025-02-03'], 'bob')
  await log(['access review', '45m', '--team', 'platform', '--day', '2025-02-14', '--tag', 'ticket'])
}

/** Runs a command that must fail with exit 2, one line on stderr, and no change to the stored entries. */
async function refused(args: string[], message: string, user = 'alice'): Promise<void> {
  const before = rows()
  const result = await toil([...args, '--db', t.db], {env: {TOIL_USER: user}})
  expect(result.code, result.stderr).toBe(2)
  expect(result.stderr).toContain(message)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stdout).toBe('')
  expect(rows()).toEqual(before)
}

describe('toil entries', () => {
  it('lists entries newest first with a total line and the days covered', async () => {
    await seed()
    // In a pipe nothing is cut, whatever COLUMNS says: every column, the whole note.
    const result = await toil(['entries', '--db', t.db], {env: {COLUMNS: '60'}})
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('All entries, 2025-01-10 to 2025-02-14, newest first')
    // Rows start with the short id (after a border, if the table has one).
    const days = lines.map((l) => /^[│\s]*[0-9a-f]{8}\s+[│\s]*(\d{4}-\d\d-\d\d)/.exec(l)?.[1]).filter((d) => d !== undefined)
    expect(days).toEqual(['2025-02-14', '2025-02-03', '2025-01-20', '2025-01-10'])
    expect(result.stdout).toContain('3 × 15m')
    expect(result.stdout).toContain('expired on edge-2, again and again and again and again')
    expect(result.stdout).toContain('Tags')
    expect(result.stdout).not.toContain('\u001b[')
    // 45m + 30m + 1h + 3 × 15m = 3 h
    expect(result.stdout.trim().split('\n').at(-1)).toBe('Total: 4 entries, 6 occurrences, 3 h')
  })

  it('prints the JSON shape with hours as numbers', async () => {
    await seed()
    const {code, json} = await toilJson(t.db, ['entries', '--month', '2025-01'])
    expect(code).toBe(0)
    expect(json.period).toEqual({from: '2025-01-01', to: '2025-01-31'})
    expect(json.entries.map((e: {day: string}) => e.day)).toEqual(['2025-01-20', '2025-01-10'])
    const stored = rows().find((r) => r.day === '2025-01-10')!
    expect(json.entries[1]).toEqual({
      id: stored.id, task: 'restart worker', engineer: 'alice', team: 'default', day: '2025-01-10',
      minutes: 15, count: 3, hours: 0.75, tags: ['oncall'], note: '', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), loggedBy: 'alice',
    })
    expect(json).toMatchObject({totalEntries: 2, totalOccurrences: 4, totalHours: 1.75, truncated: false})
  })

  it.each([
    [['--quarter', '2025-Q1', '--task', 'RESTART WORKER'], ['2025-02-03', '2025-01-10']],
    [['--engineer', 'bob'], ['2025-02-03']],
    [['--team', 'platform'], ['2025-02-14']],
    [['--tag', 'oncall'], ['2025-01-10']],
    [['--from', '2025-01-15', '--to', '2025-02-10'], ['2025-02-03', '2025-01-20']],
  ])('filters with %j', async (filter, days) => {
    await seed()
    const {code, json} = await toilJson(t.db, ['entries', ...filter])
    expect(code).toBe(0)
    expect(json.entries.map((e: {day: string}) => e.day)).toEqual(days)
    expect(json.totalEntries).toBe(days.length)
  })

  it('states the period and the filters in the header', async () => {
    await seed()
    const result = await toil(['entries', '--month', '2025-02', '--engineer', 'bob', '--db', t.db])
    expect(result.stdout.split('\n')[0]).toBe('Entries from 2025-02-01 to 2025-02-28 (engineer bob), newest first')
    const none = await toil(['entries', '--month', '2025-03', '--db', t.db])
    expect(none.code).toBe(0)
    expect(none.stdout).toContain('No entries match.')
  })

  it('with --limit lists the newest N and totals all', async () => {
    await seed()
    const {json} = await toilJson(t.db, ['entries', '--limit', '1'])
    expect(json.entries.map((e: {day: string}) => e.day)).toEqual(['2025-02-14'])
    expect(json).toMatchObject({totalEntries: 4, totalHours: 3, truncated: true})
    const text = await toil(['entries', '--limit', '1', '--db', t.db])
    expect(text.stdout).toContain('Showing the newest 1 of 4 entries; --limit 0 lists all.')
  })

  it('says so on an empty database', async () => {
    // A database with a team and no entries yet.
    expect((await toil(['team', 'set', 'ops', '--members', '3', '--hours-per-week', '40', '--db', t.db])).code).toBe(0)
    const result = await toil(['entries', '--db', t.db])
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe('No entries yet: toil log records one.')
  })

  it.each([
    [['--month', '2025-13'], 'month: "2025-13" is not a month'],
    [['--month', '2025-01', '--from', '2025-01-02'], 'period:'],
    [['--task', 'restart wroker'], 'did you mean "restart worker"?'],
    [['--team', 'platfrom'], 'team: "platfrom" is not a team; did you mean "platform"?'],
    [['--tag', 'on call'], 'is not a tag'],
    [['--limit', '-1'], 'limit'],
  ])('refuses %j with exit 2', async (args, message) => {
    await seed()
    await refused(['entries', ...args], message)
  })
})

describe('toil entry edit', () => {
  it('changes what the flags give, by the end of the id, and prints before and after', async () => {
    await seed()
    const target = rows().find((r) => r.day === '2025-01-20')!
    const others = rows().filter((r) => r.id !== target.id)
    const result = await toil(['entry', 'edit', target.id.slice(-6), '--duration', '45m', '--times', '2', '--day', '2025-01-21', '--tag', 'ticket', '--tag', 'oncall', '--note', 'renewed', '--db', t.db])
    expect(result.code, result.stderr).toBe(0)
    const [before, after] = result.stdout.trim().split('\n')
    expect(before).toMatch(/^Before: .*2025-01-20 {2}"rotate certs" {2}1h = 1 h/)
    expect(after).toMatch(/^After: {2}.*2025-01-21 {2}"rotate certs" {2}2 × 45m = 1.5 h {2}alice \(default\) \[oncall, ticket\] {2}note: "renewed"/)
    const stored = rows().find((r) => r.id === target.id)!
    expect(stored).toMatchObject({day: '2025-01-21', minutes: 45, count: 2, tags: '["oncall","ticket"]', note: 'renewed', task: 'rotate certs'})
    expect(rows().filter((r) => r.id !== target.id)).toEqual(others)
  })

  it('moves an entry to another task of its team and clears tags with --tag ""', async () => {
    await seed()
    const target = rows().find((r) => r.day === '2025-01-10')!
    const {code, json} = await toilJson(t.db, ['entry', 'edit', target.id, '--task', 'Rotate Certs', '--tag', '', '--engineer', 'carol'])
    expect(code).toBe(0)
    expect(json.before).toMatchObject({id: target.id, task: 'restart worker', tags: ['oncall'], engineer: 'alice', hours: 0.75})
    expect(json.after).toMatchObject({id: target.id, task: 'rotate certs', tags: [], engineer: 'carol', hours: 0.75})
    expect(rows().find((r) => r.id === target.id)).toMatchObject({task: 'rotate certs', tags: '[]', engineer: 'carol'})
  })

  it.each([
    [['ffffffff', '--note', 'x'], 'id: "ffffffff" matches no entry'],
    [['ab', '--note', 'x'], 'id: "ab" is not an entry id'],
    [['ID'], 'edit: nothing to change'],
    [['ID', '--duration', '45'], 'did you mean 45m?'],
    [['ID', '--times', '0'], 'whole number from 1'],
    [['ID', '--day', '2999-01-01'], 'outside the years'],
    [['ID', '--task', 'rotate cert'], 'did you mean "rotate certs"?'],
    [['ID', '--task', 'access review'], 'task: "access review" is not a task of team default'],
  ])('refuses %j with exit 2 and changes nothing', async (args, message) => {
    await seed()
    const id = rows()[0]!.id
    await refused(['entry', 'edit', ...args.map((a) => (a === 'ID' ? id : a))], message)
  })

  it('finds an entry by the start or the end of its id, and refuses a part two ids share', async () => {
    const ids = ['abcd0000-0000-4000-8000-00000001e0f1', 'abcd1111-0000-4000-8000-00000002e0f1']
    const file = `${t.dir}/two.jsonl`
    const lines = ids.map((id) => JSON.stringify({type: 'entry', id, task: 'x', team: 'default', engineer: 'alice', day: '2025-01-01', minutes: 5}))
    const {writeFileSync} = await import('node:fs')
    writeFileSync(file, `${lines.join('\n')}\n`)
    expect((await toil(['import', file, '--db', t.db])).code).toBe(0)
    await refused(['entry', 'edit', 'abcd', '--note', 'x'], 'id: "abcd" matches more than one entry')
    await refused(['entry', 'edit', 'e0f1', '--note', 'x'], 'id: "e0f1" matches more than one entry')
    const byStart = await toil(['entry', 'edit', 'abcd1', '--note', 'x', '--db', t.db])
    expect(byStart.code).toBe(0)
    expect(rows().map((r) => r.note)).toEqual(['', 'x'])
    const byEnd = await toil(['entry', 'edit', '1e0f1', '--note', 'y', '--db', t.db])
    expect(byEnd.code).toBe(0)
    expect(rows().map((r) => r.note)).toEqual(['y', 'x'])
  })
})

describe('toil entry rm', () => {
  it('removes one entry and prints it', async () => {
    await seed()
    const target = rows().find((r) => r.engineer === 'bob')!
    const result = await toil(['entry', 'rm', target.id.slice(-8), '--db', t.db])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`^Removed ${target.id.slice(-8)} {2}2025-02-03 {2}"restart worker" {2}30m = 0.5 h {2}bob \\(default\\)`))
    expect(rows().map((r) => r.id)).not.toContain(target.id)
    expect(rows()).toHaveLength(3)
  })

  it('prints the removed entry as JSON', async () => {
    await seed()
    const target = rows()[0]!
    const {code, json} = await toilJson(t.db, ['entry', 'rm', target.id])
    expect(code).toBe(0)
    expect(json.removed).toMatchObject({id: target.id, day: target.day, minutes: target.minutes, count: target.count})
  })

  it.each([
    [['0000'], 'id: "0000" matches no entry'],
    [['x'], 'id: "x" is not an entry id'],
  ])('refuses %j with exit 2', async (args, message) => {
    await seed()
    await refused(['entry', 'rm', ...args], message)
  })
})

describe('toil undo', () => {
  it("removes the newest entry this engineer logged, not someone else's", async () => {
    await seed()
    // alice logged "access review" last; bob logged after alice's second entry.
    const result = await toil(['undo', '--db', t.db])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Removed the last entry alice logged \(at \d{4}-\d\d-\d\dT[^)]+\):\n {2}[0-9a-f]{8} {2}2025-02-14 {2}"access review"/)
    expect(rows().map((r) => r.day)).toEqual(['2025-01-10', '2025-01-20', '2025-02-03'])
    const again = await toilJson(t.db, ['undo'])
    expect(again.json.removed).toMatchObject({day: '2025-01-20', task: 'rotate certs', engineer: 'alice'})
    expect(rows().map((r) => r.day)).toEqual(['2025-01-10', '2025-02-03'])
  })

  it('with --engineer takes back the last entry you logged for that engineer, never one they logged themselves', async () => {
    await seed()
    // alice logs one for bob; bob's own entry (logged by bob) is not alice's to undo.
    await log(['restart worker', '20m', '--engineer', 'bob', '--day', '2025-02-20'])
    await log(['rotate certs', '10m', '--day', '2025-02-21'])
    const {code, json} = await toilJson(t.db, ['undo', '--engineer', 'bob'])
    expect(code).toBe(0)
    expect(json.removed).toMatchObject({engineer: 'bob', day: '2025-02-20'})
    await refused(['undo', '--engineer', 'bob'], 'undo: alice has logged no entries for bob in')
    expect(rows().map((r) => `${r.engineer} ${r.day}`)).toEqual(['alice 2025-01-10', 'alice 2025-01-20', 'bob 2025-02-03', 'alice 2025-02-14', 'alice 2025-02-21'])
  })

  it('follows who ran toil log, not --engineer: an entry logged for alice by bob is bob\'s to undo', async () => {
    await log(['restart worker', '15m', '--day', '2025-01-10'])
    await log(['restart worker', '25m', '--engineer', 'alice', '--day', '2025-01-11'], 'bob')
    const {code, json} = await toilJson(t.db, ['undo'])
    expect(code).toBe(0)
    expect(json.removed).toMatchObject({engineer: 'alice', day: '2025-01-10'})
    const byBob = await toilJson(t.db, ['undo'], {env: {TOIL_USER: 'bob'}})
    expect(byBob.json.removed).toMatchObject({engineer: 'alice', day: '2025-01-11'})
    expect(rows()).toEqual([])
  })

  it('with nothing to undo says so and exits 2', async () => {
    await seed()
    await refused(['undo'], 'undo: carol has logged no entries in', 'carol')
    const {code, json} = await toilJson(t.db, ['undo'], {env: {TOIL_USER: 'carol'}})
    expect(code).toBe(2)
    expect(json.error.code).toBe('not-found')
  })
})

describe('short entry ids', () => {
  it('a user types back the start of the id toil entries shows', async () => {
    const t = tempDb()
    try {
      await toil(['log', 'restart worker', '15m', '--db', t.db])
      const shown = /^([0-9a-f]{8})  /m.exec((await toil(['entries', '--db', t.db])).stdout)![1]!
      const edited = await toil(['entry', 'edit', shown.slice(0, 4), '--duration', '25m', '--db', t.db])
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.stdout).toContain(`${shown}  `)
      expect(edited.stdout).toContain('25m')
      const removed = await toil(['entry', 'rm', shown.slice(0, 6), '--db', t.db])
      expect(removed.code, removed.stderr).toBe(0)
      expect((await toil(['entries', '--db', t.db])).stdout).not.toContain(shown)
    } finally {
      t.cleanup()
    }
  })
})
