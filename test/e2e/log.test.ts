import {existsSync} from 'node:fs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {daysAgo, queryDb, tempDb, toil, toilJson} from './cli.js'

describe('toil log', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => {
    t = tempDb()
  })
  afterEach(() => t.cleanup())

  const rows = () => queryDb(t.db, 'SELECT e.minutes, e.count, e.day, e.tags, e.engineer, t.name FROM entries e JOIN tasks t ON t.id = e.task_id ORDER BY e.seq')

  it('records an entry, creates the task and echoes what it stored', async () => {
    const result = await toil(['log', 'restart payments worker', '15m', '--times', '3', '--tag', 'oncall', '--db', t.db])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('"restart payments worker"')
    expect(result.stdout).toContain('3 × 15m = 0.75 h')
    expect(result.stdout).toContain('alice')
    expect(rows()).toEqual([{minutes: 15, count: 3, day: daysAgo(0), tags: '["oncall"]', engineer: 'alice', name: 'restart payments worker'}])
  })

  it('prints the SPEC JSON shape and matches the task case-insensitively', async () => {
    await toil(['log', 'restart payments worker', '15m', '--db', t.db])
    const {code, json} = await toilJson(t.db, ['log', 'Restart Payments Worker', '1h30m', '--day', 'yesterday', '--note', 'slow'])
    expect(code).toBe(0)
    expect(json.taskCreated).toBe(false)
    expect(json.entry).toMatchObject({task: 'restart payments worker', engineer: 'alice', team: 'default', day: daysAgo(1), minutes: 90, count: 1, hours: 1.5, tags: [], note: 'slow'})
    expect(json.entry.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('refuses a near miss with "did you mean" unless --new, writing nothing', async () => {
    await toil(['log', 'restart payments worker', '15m', '--db', t.db])
    const refused = await toil(['log', 'restart payment worker', '15m', '--db', t.db])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('did you mean "restart payments worker"?')
    expect(rows()).toHaveLength(1)
    const forced = await toil(['log', 'restart payment worker', '15m', '--new', '--db', t.db])
    expect(forced.code).toBe(0)
    expect(rows()).toHaveLength(2)
  })

  it.each([
    [['x', '45'], 'did you mean 45m?'],
    [['x', '0m'], 'at least 1m'],
    [['x', '25h'], 'more than 24h'],
    [['x', '10m', '--day', '2099-01-01'], 'in the future'],
    [['x', '10m', '--times', '0'], 'whole number from 1'],
    [['x', '10m', '--tag', 'on call!'], 'is not a tag'],
  ])('refuses bad input %j with exit 2 and writes nothing', async (args, message) => {
    await toil(['log', 'seed task', '5m', '--db', t.db])
    const result = await toil(['log', ...args, '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(rows()).toHaveLength(1)
  })

  it('reports errors as JSON on stdout with --json', async () => {
    const {code, json} = await toilJson(t.db, ['log', 'x', '45'])
    expect(code).toBe(2)
    expect(json).toEqual({error: {code: 'invalid-input', message: 'duration: "45" has no unit; did you mean 45m?'}})
  })
})

describe('toil log --category', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => {
    t = tempDb()
  })
  afterEach(() => t.cleanup())

  const categories = () => queryDb(t.db, 'SELECT name, category, (SELECT count(*) FROM entries e WHERE e.task_id = t.id) AS entries FROM tasks t ORDER BY name')

  it('files a task it creates under the category, in any case and with -c', async () => {
    expect((await toil(['log', 'disk full on db-3', '20m', '--category', 'oncall', '--db', t.db])).code).toBe(0)
    expect((await toil(['log', 'access review', '45m', '-c', 'Business-Process', '--db', t.db])).code).toBe(0)
    expect(categories()).toEqual([
      {name: 'access review', category: 'business-process', entries: 1},
      {name: 'disk full on db-3', category: 'oncall', entries: 1},
    ])
  })

  it('logs to an existing task in that category, and refuses another category naming the edit, writing nothing', async () => {
    await toil(['log', 'disk full on db-3', '20m', '--category', 'oncall', '--db', t.db])
    expect((await toil(['log', 'Disk full on db-3', '10m', '--category', 'oncall', '--db', t.db])).code).toBe(0)
    const refused = await toil(['log', 'disk full on db-3', '10m', '--category', 'interrupt', '--db', t.db])
    expect(refused.code).toBe(2)
    expect(refused.stderr.trim()).toBe('toil: category: task "disk full on db-3" of team default is in category oncall, not interrupt; change it with toil task edit "disk full on db-3" --team default --category interrupt')
    expect(categories()).toEqual([{name: 'disk full on db-3', category: 'oncall', entries: 2}])
  })

  it('refuses an unknown category with the accepted ones, writing nothing', async () => {
    const result = await toil(['log', 'disk full', '20m', '--category', 'pager', '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('category: "pager" is not a category; use one of interrupt, oncall, release')
    expect(existsSync(t.db)).toBe(false)
  })
})
