/**
 * The store contract: every method of the Store interface, one suite run against
 * both stores (SQLite in a temporary file, PostgreSQL in a fresh database on the
 * test server). What one store does, the other must do the same way.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {openPostgresStore} from '../../src/store/postgres/store.js'
import {defaultTask} from '../../src/store/rows.js'
import {openSqliteStore} from '../../src/store/sqlite/open.js'
import type {ExportRecord, ImportRecord, NewEntry, Store} from '../../src/store/store.js'
import {freshDatabase} from '../pg/server.js'

interface Factory {
  name: string
  /** A new, empty store. */
  open: () => Promise<Store>
  /** The same database opened again (a restore may close the store it ran on). */
  reopen: (path: string) => Promise<Store>
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'toil-contract-'))
  // PostgreSQL backups go under the data folder.
  process.env.XDG_DATA_HOME = join(dir, 'data')
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

let files = 0
const factories: Factory[] = [
  {name: 'SQLite', open: async () => openSqliteStore(join(mkdtempSync(join(dir, `sqlite-${++files}-`)), 'toil.db')), reopen: async (path) => openSqliteStore(path)},
  // The test server's URLs carry no password, so the shown URL opens the database again.
  {name: 'PostgreSQL', open: async () => openPostgresStore((await freshDatabase('contract')).url), reopen: (url) => openPostgresStore(url)},
]

const ID = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`
const entry = (n: number, fields: Partial<NewEntry> = {}): NewEntry => ({
  id: ID(n), task: 'restart worker', team: 'ops', engineer: 'ann', day: '2026-03-02', minutes: 15, count: 1, tags: [], note: '',
  createdAt: `2026-03-02T10:00:${String(n % 60).padStart(2, '0')}.000Z`, ...fields,
})

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

async function* batches(records: ImportRecord[]): AsyncGenerator<ImportRecord[]> {
  yield records
}

/** Export lines without what each store numbers for itself. */
const exported = async (store: Store) => JSON.stringify(await all(store.exportAll()))

describe.each(factories)('the $name store', ({open, reopen}) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => {
    await store.close()
  })

  it('names itself without a password', () => {
    expect(store.path).not.toMatch(/:[^/@]*@/)
    expect(store.path.length).toBeGreaterThan(0)
  })

  it('keeps teams and their capacity, replacing a month set again, matching team names in any case', async () => {
    await store.setCapacity({team: 'ops', fromMonth: '2026-01', members: 4, hoursPerWeek: 40, rotation: null, shifts: null})
    await store.setCapacity({team: 'Ops', fromMonth: '2026-01', members: 5, hoursPerWeek: 38.5, rotation: 5, shifts: 1})
    await store.setCapacity({team: 'ops', fromMonth: '2025-06', members: 3, hoursPerWeek: 40, rotation: null, shifts: null})
    await store.setCapacity({team: 'Billing', fromMonth: '2026-02', members: 2, hoursPerWeek: 20, rotation: null, shifts: null})
    expect(await store.listTeams()).toEqual(['Billing', 'ops'])
    expect(await store.capacityHistory('OPS')).toEqual([
      {team: 'ops', fromMonth: '2025-06', members: 3, hoursPerWeek: 40, rotation: null, shifts: null},
      {team: 'ops', fromMonth: '2026-01', members: 5, hoursPerWeek: 38.5, rotation: 5, shifts: 1},
    ])
    expect((await store.capacityHistory()).map((c) => c.team)).toEqual(['Billing', 'ops', 'ops'])
  })

  it('adds, finds, lists, edits and refuses duplicate tasks case-insensitively', async () => {
    const added = await store.addTask({...defaultTask('ops', 'Restart worker', 'oncall'), durationMinutes: 15, frequency: {count: 3, unit: 'week', every: 1},
      estimate: {costHours: 16, reduction: 0.8, maintenanceHoursPerMonth: 1}, createdAt: '2026-01-01T00:00:00.000Z'})
    expect(added).toMatchObject({team: 'ops', name: 'Restart worker', category: 'oncall', durationMinutes: 15, createdAt: '2026-01-01T00:00:00.000Z',
      frequency: {count: 3, unit: 'week', every: 1}, estimate: {costHours: 16, reduction: 0.8, maintenanceHoursPerMonth: 1}})
    await store.addTask(defaultTask('ops', 'apply patches'))
    await store.addTask(defaultTask('web', 'rotate certs'))
    await expect(store.addTask(defaultTask('OPS', 'restart WORKER'))).rejects.toMatchObject({code: 'conflict'})
    expect((await store.findTask('OPS', 'RESTART worker'))?.id).toBe(added.id)
    expect(await store.findTask('web', 'restart worker')).toBeUndefined()
    expect(await store.taskNames('ops')).toEqual(['apply patches', 'Restart worker'])
    expect((await store.listTasks()).map((t) => `${t.team}/${t.name}`)).toEqual(['ops/apply patches', 'ops/Restart worker', 'web/rotate certs'])
    expect((await store.listTasks({team: 'web'})).map((t) => t.name)).toEqual(['rotate certs'])

    const edited = await store.updateTask(added.id, {status: 'automated', automatedSince: '2026-02-01', criteria: {...added.criteria, manual: 'yes'}, frequency: null})
    expect(edited).toMatchObject({status: 'automated', automatedSince: '2026-02-01', frequency: null, criteria: {manual: 'yes', scales: 'unknown'}})
    await expect(store.updateTask(added.id, {name: 'APPLY patches'})).rejects.toMatchObject({code: 'conflict'})
    expect((await store.updateTask(added.id, {name: 'restart workers'})).name).toBe('restart workers')
  })

  it('matches task names the Unicode way: NFC and full case folding, in lookups, logging, filters, renames and the unique key', async () => {
    const eclair = await store.addTask(defaultTask('ops', 'éclair duty'))
    for (const name of ['ÉCLAIR DUTY', 'e\u0301clair duty', 'Éclair Duty']) expect((await store.findTask('ops', name))?.id, name).toBe(eclair.id)
    await expect(store.addTask(defaultTask('ops', 'ÉCLAIR DUTY'))).rejects.toMatchObject({code: 'conflict'})
    const street = await store.addTask(defaultTask('ops', 'straße sweep'))
    expect((await store.findTask('ops', 'STRASSE SWEEP'))?.id).toBe(street.id)
    await expect(store.updateTask(street.id, {name: 'ÉCLAIR duty'})).rejects.toMatchObject({code: 'conflict'})
    const logged = await store.addEntry(entry(1, {task: 'ÉCLAIR DUTY'}), defaultTask('ops', 'ÉCLAIR DUTY'))
    expect(logged.taskCreated).toBe(false)
    expect(logged.entry.task).toBe('éclair duty')
    expect((await store.listEntries({task: 'Éclair DUTY'})).map((e) => e.id)).toEqual([ID(1)])
    expect(await store.taskNames('ops')).toHaveLength(2)
  })

  it('logs entries, creating a missing task once, and refuses an unknown task without one to create', async () => {
    const first = await store.addEntry(entry(1, {tags: ['oncall', 'pager'], note: 'night'}), defaultTask('ops', 'restart worker'))
    expect(first.taskCreated).toBe(true)
    expect(first.entry).toEqual({id: ID(1), task: 'restart worker', team: 'ops', engineer: 'ann', day: '2026-03-02', minutes: 15, count: 1,
      tags: ['oncall', 'pager'], note: 'night', createdAt: '2026-03-02T10:00:01.000Z'})
    const second = await store.addEntry(entry(2, {task: 'RESTART worker', team: 'OPS'}), defaultTask('OPS', 'RESTART worker'))
    expect(second).toMatchObject({taskCreated: false, entry: {task: 'restart worker', team: 'ops'}})
    const generated = await store.addEntry({...entry(3), id: undefined, createdAt: undefined})
    expect(generated.entry.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    await expect(store.addEntry(entry(4, {task: 'nothing like it'}))).rejects.toMatchObject({code: 'not-found'})
    expect(await store.countEntries()).toBe(3)
  })

  it('lists, counts and totals entries by day, team, task, engineer and tag, newest first', async () => {
    await store.addEntry(entry(1, {day: '2026-03-01', tags: ['oncall']}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2, {day: '2026-03-03', engineer: 'bob', count: 3, minutes: 10}))
    await store.addEntry(entry(3, {day: '2026-03-03', task: 'rotate certs', team: 'web', minutes: 90, tags: ['oncall', 'ticket']}), defaultTask('web', 'rotate certs'))
    await store.addEntry(entry(4, {day: '2026-02-10'}))
    const ids = (list: {id: string}[]) => list.map((e) => e.id.slice(-1))
    expect(ids(await store.listEntries({}))).toEqual(['3', '2', '1', '4'])
    expect(ids(await store.listEntries({limit: 2}))).toEqual(['3', '2'])
    expect(ids(await store.listEntries({from: '2026-03-01', to: '2026-03-02'}))).toEqual(['1'])
    expect(ids(await store.listEntries({team: 'WEB'}))).toEqual(['3'])
    expect(ids(await store.listEntries({task: 'Restart Worker'}))).toEqual(['2', '1', '4'])
    expect(ids(await store.listEntries({engineer: 'bob'}))).toEqual(['2'])
    expect(ids(await store.listEntries({tag: 'oncall'}))).toEqual(['3', '1'])
    expect(await store.countEntries({tag: 'ticket'})).toBe(1)
    expect(await store.countEntries({engineer: 'ann', from: '2026-03-01'})).toBe(2)
    expect(await store.entryTotals({team: 'ops'})).toEqual({entries: 3, occurrences: 5, hours: 1, firstDay: '2026-02-10', lastDay: '2026-03-03'})
    expect(await store.entryTotals({team: 'nobody'})).toEqual({entries: 0, occurrences: 0, hours: 0, firstDay: null, lastDay: null})
  })

  it('finds an entry by its id, a prefix or its tail, and refuses an ambiguous part', async () => {
    await store.addEntry(entry(11), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(12))
    expect((await store.findEntry(ID(11)))?.id).toBe(ID(11))
    expect((await store.findEntry(ID(11).toUpperCase()))?.id).toBe(ID(11))
    expect((await store.findEntry('000000000012'))?.id).toBe(ID(12))
    expect(await store.findEntry('ffff')).toBeUndefined()
    await expect(store.findEntry('0190a000')).rejects.toBeInstanceOf(ToilError)
  })

  it('finds an entry by any unique start of the short id toil shows (its last 8 characters)', async () => {
    const ids = ['0190a000-0000-7000-8000-0000b7deb68c', '0190a000-0000-7000-8000-0000b7de1234', '0190a000-0000-7000-8000-00001234abcd']
    await store.addEntry({...entry(1), id: ids[0]!}, defaultTask('ops', 'restart worker'))
    await store.addEntry({...entry(2), id: ids[1]!})
    await store.addEntry({...entry(3), id: ids[2]!})
    expect((await store.findEntry('b7deb68c'))?.id).toBe(ids[0])
    expect((await store.findEntry('b7deb'))?.id).toBe(ids[0])
    expect((await store.findEntry('B7DE1'))?.id).toBe(ids[1])
    expect((await store.findEntry('1234ab'))?.id).toBe(ids[2])
    // b7de starts two short ids: the error names both.
    await expect(store.findEntry('b7de')).rejects.toThrow('id: "b7de" matches more than one entry (b7de1234, b7deb68c); give more of the id')
  })

  it('finds an entry by any prefix of its short id (its last 8 characters), listing the candidates of an ambiguous one', async () => {
    const a = '0190a000-0000-7000-8000-0000abcd1111'
    const b = '0190a000-0000-7000-8000-0000abce2222'
    await store.addEntry({...entry(1), id: a}, defaultTask('ops', 'restart worker'))
    await store.addEntry({...entry(2), id: b})
    expect((await store.findEntry('abcd'))?.id).toBe(a)
    expect((await store.findEntry('abce22'))?.id).toBe(b)
    expect((await store.findEntry('abcd1111'))?.id).toBe(a)
    expect((await store.findEntry('2222'))?.id).toBe(b)
    expect(await store.findEntry('0000ab')).toBeUndefined()
    await expect(store.findEntry('abc')).rejects.toThrow('id: "abc" matches more than one entry (abcd1111, abce2222); give more of the id')
  })

  it('lists the engineers with entries, renames and merges them; merging keeps a backup and leaves who logged', async () => {
    expect(await store.engineerNames()).toEqual([])
    await store.addEntry(entry(1, {engineer: 'alice', loggedBy: 'ann'}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2, {engineer: 'alcie', loggedBy: 'ann'}))
    await store.addEntry(entry(3, {engineer: 'jdoe'}))
    await store.addEntry(entry(4, {engineer: 'jdoe'}))
    expect((await store.engineerNames()).sort()).toEqual(['alcie', 'alice', 'jdoe'])
    expect(await store.renameEngineer('jdoe', 'jane')).toBe(2)
    expect(await store.renameEngineer('nobody', 'x')).toBe(0)
    const merged = await store.mergeEngineers('alcie', 'alice')
    expect(merged.entriesMoved).toBe(1)
    expect(typeof merged.backup).toBe('string')
    expect((await store.engineerNames()).sort()).toEqual(['alice', 'jane'])
    expect(await store.countEntries({engineer: 'alice'})).toBe(2)
    expect((await store.undoLast('ann'))?.id).toBe(ID(2))
  })

  it('renames a team in any case, keeping its tasks, entries and budget; removes one only with its tasks and entries when told', async () => {
    await store.addEntry(entry(1, {team: 'ser'}), defaultTask('ser', 'restart worker'))
    await store.setToilBudget('ser', 0.3)
    await store.addEntry(entry(2, {team: 'web', task: 'certs'}), defaultTask('web', 'certs'))
    expect(await store.renameTeam('SER', 'sre')).toBe(true)
    expect(await store.renameTeam('nope', 'x')).toBe(false)
    expect(await store.listTeams()).toEqual(['sre', 'web'])
    expect(await store.countEntries({team: 'sre'})).toBe(1)
    expect(await store.toilBudgets()).toEqual([{team: 'sre', budget: 0.3}])
    expect(await store.removeTeam('sre', {withEntries: false})).toEqual({removed: false, tasks: 1, entries: 1})
    expect(await store.listTeams()).toEqual(['sre', 'web'])
    const removed = await store.removeTeam('SRE', {withEntries: true})
    expect(removed).toMatchObject({removed: true, tasksRemoved: 1, entriesRemoved: 1})
    expect(await store.listTeams()).toEqual(['web'])
    expect(await store.countEntries()).toBe(1)
    expect(await store.toilBudgets()).toEqual([])
    await store.setToilBudget('empty', 0.2)
    expect(await store.removeTeam('empty', {withEntries: false})).toMatchObject({removed: true, tasksRemoved: 0, entriesRemoved: 0})
    expect(await store.listTeams()).toEqual(['web'])
  })

  it('edits an entry, moves it to another task of its team, and removes it', async () => {
    await store.addEntry(entry(1), defaultTask('ops', 'restart worker'))
    await store.addTask(defaultTask('ops', 'apply patches'))
    const edited = await store.updateEntry(ID(1), {day: '2026-03-01', minutes: 20, count: 2, tags: ['interrupt'], note: 'again', engineer: 'bob', task: 'APPLY PATCHES'})
    expect(edited).toMatchObject({day: '2026-03-01', minutes: 20, count: 2, tags: ['interrupt'], note: 'again', engineer: 'bob', task: 'apply patches'})
    await expect(store.updateEntry(ID(1), {task: 'not there'})).rejects.toMatchObject({code: 'not-found'})
    await store.removeEntry(ID(1))
    expect(await store.findEntry(ID(1))).toBeUndefined()
  })

  it('undoes the newest entry a user logged, in logging order, never an imported one; and knows their last team', async () => {
    await store.addEntry(entry(1, {day: '2026-03-05', createdAt: '2026-03-09T08:00:00.000Z', loggedBy: 'ann'}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2, {day: '2026-03-01', createdAt: '2026-03-01T08:00:00.000Z', engineer: 'bob', loggedBy: 'ann'}))
    await store.addEntry(entry(3, {team: 'web', task: 'certs', createdAt: '2030-01-01T00:00:00.000Z'}), defaultTask('web', 'certs'))
    expect(await store.lastTeamLoggedBy('ann')).toBe('ops')
    expect(await store.lastTeamLoggedBy('carol')).toBeUndefined()
    // Logged last (entry 2, for bob), whatever its created-at; the imported entry 3 is nobody's.
    expect((await store.undoLast('ann', 'ann'))?.id).toBe(ID(1))
    expect((await store.undoLast('ann'))?.id).toBe(ID(2))
    expect(await store.undoLast('ann')).toBeUndefined()
    expect((await store.findEntry(ID(3)))?.id).toBe(ID(3))
  })

  it('keeps who logged an entry, exports it and imports it', async () => {
    await store.addEntry(entry(1, {loggedBy: 'lee'}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2))
    expect(await store.findEntry(ID(1))).toMatchObject({engineer: 'ann', loggedBy: 'lee'})
    expect((await store.findEntry(ID(2)))?.loggedBy).toBeUndefined()
    const records = await all(store.exportAll())
    expect(records.filter((r) => r.type === 'entry').map((r) => (r as {loggedBy?: string}).loggedBy)).toEqual(['lee', undefined])
    const numbered = records.map((r, i) => ({...r, line: i + 1})) as ImportRecord[]
    const other = await open()
    try {
      await other.importRecords(batches(numbered))
      expect(await exported(other)).toBe(await exported(store))
      // An entry somebody logged stays theirs to undo; one nobody logged is nobody's.
      expect((await other.undoLast('lee'))?.id).toBe(ID(1))
      expect(await other.undoLast('ann')).toBeUndefined()
    } finally {
      await other.close()
    }
  })

  it('says nothing of who the user is when it is the file or the database owner, and runs one change as given', async () => {
    expect(await store.identity()).toBeUndefined()
    const done = await store.change('team set', async () => {
      await store.setCapacity({team: 'ops', fromMonth: '2026-01', members: 4, hoursPerWeek: 40, rotation: null, shifts: null})
      await store.setToilBudget('ops', 0.3)
      return 'done'
    })
    expect(done).toBe('done')
    expect(await store.toilBudgets()).toEqual([{team: 'ops', budget: 0.3}])
    expect(await store.capacityHistory('ops')).toHaveLength(1)
  })

  it('removes a task with its entries, and merges one task into another', async () => {
    await store.addEntry(entry(1), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2))
    await store.addEntry(entry(3, {task: 'restart workers'}), defaultTask('ops', 'restart workers'))
    await store.addEntry(entry(4, {task: 'old'}), defaultTask('ops', 'old'))
    const from = (await store.findTask('ops', 'restart workers'))!
    const into = (await store.findTask('ops', 'restart worker'))!
    const merged = await store.mergeTasks(from.id, into.id)
    expect(merged.entriesMoved).toBe(1)
    expect(typeof merged.backup).toBe('string')
    expect(await store.findTask('ops', 'restart workers')).toBeUndefined()
    expect(await store.countEntries({task: 'restart worker'})).toBe(3)
    const old = (await store.findTask('ops', 'old'))!.id
    expect(await store.removeTask(old, {withEntries: false})).toEqual({removed: false, entries: 1})
    expect(await store.countEntries()).toBe(4)
    expect(await store.removeTask(old, {withEntries: true})).toMatchObject({removed: true, entriesRemoved: 1})
    expect(await store.taskNames('ops')).toEqual(['restart worker'])
    expect(await store.countEntries()).toBe(3)
  })

  it('sums hours by task and month, engineers per month, hours per engineer, task totals and the first day in SQL', async () => {
    await store.addEntry(entry(1, {day: '2026-01-31', minutes: 10, count: 7, tags: ['oncall']}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2, {day: '2026-02-01', minutes: 25, engineer: 'bob', tags: ['interrupts']}))
    await store.addEntry(entry(3, {day: '2026-02-14', minutes: 5, count: 3, tags: ['interrupt']}))
    await store.addEntry(entry(4, {day: '2026-02-20', team: 'Web', task: 'rotate certs', minutes: 45, engineer: 'carol'}), defaultTask('Web', 'rotate certs'))
    await store.addEntry(entry(5, {day: '2026-04-01', minutes: 60}))
    const restart = (await store.findTask('ops', 'restart worker'))!.id
    const certs = (await store.findTask('web', 'rotate certs'))!.id
    const months = await store.taskMonths({from: '2026-01-01', to: '2026-03-31'})
    expect(months).toEqual([
      {taskId: restart, month: '2026-01', hours: 70 / 60, occurrences: 7, operationalHours: 70 / 60},
      ...[{taskId: restart, month: '2026-02', hours: 40 / 60, occurrences: 4, operationalHours: 15 / 60}, {taskId: certs, month: '2026-02', hours: 0.75, occurrences: 1, operationalHours: 0}]
        .sort((a, b) => a.taskId - b.taskId),
    ])
    expect(await store.taskMonths({from: '2026-01-01', to: '2026-12-31', team: 'WEB'})).toEqual([{taskId: certs, month: '2026-02', hours: 0.75, occurrences: 1, operationalHours: 0}])
    // carol logged only for web: asking for web finds her; asking for ops finds ann and bob, with all their teams' hours.
    expect(await store.engineerTeamHours({from: '2026-01-01', to: '2026-12-31', teams: ['WEB']})).toEqual([{engineer: 'carol', team: 'Web', month: '2026-02', hours: 0.75}])
    expect(await store.engineerTeamHours({from: '2026-01-01', to: '2026-12-31', teams: ['OPS']})).toEqual([
      {engineer: 'ann', team: 'ops', month: '2026-01', hours: 70 / 60}, {engineer: 'ann', team: 'ops', month: '2026-02', hours: 0.25},
      {engineer: 'ann', team: 'ops', month: '2026-04', hours: 1}, {engineer: 'bob', team: 'ops', month: '2026-02', hours: 25 / 60},
    ])
    // The whole history up to a day: first day, and occurrences over at most the first 3 entries (7 + 1 + 3).
    expect(await store.taskHistory({to: '2026-02-10'})).toEqual([{taskId: restart, occurrences: 8, firstDay: '2026-01-31'}, {taskId: certs, occurrences: 0, firstDay: null}])
    expect(await store.taskHistory({to: '2026-12-31', team: 'ops'})).toEqual([{taskId: restart, occurrences: 11, firstDay: '2026-01-31'}])
    expect(await store.engineerTaskHours({from: '2026-02-01', to: '2026-02-28'})).toEqual([
      {engineer: 'ann', taskId: restart, hours: 0.25}, {engineer: 'bob', taskId: restart, hours: 25 / 60}, {engineer: 'carol', taskId: certs, hours: 0.75},
    ])
    expect(await store.engineerTaskHours({from: '2026-02-01', to: '2026-02-28', team: 'web'})).toEqual([{engineer: 'carol', taskId: certs, hours: 0.75}])
    expect(await store.taskTotals(restart)).toEqual({entries: 4, occurrences: 12, hours: 170 / 60, firstDay: '2026-01-31', lastDay: '2026-04-01'})
    expect(await store.firstDay()).toBe('2026-01-31')
    expect(await store.firstDay('web')).toBe('2026-02-20')
    expect(await store.firstDay('nobody')).toBeNull()
    // One engineer's day: ann's 2026-02-14 is 5 min × 3; nobody logged on 2026-02-15.
    expect(await store.engineerDayHours('ann', '2026-02-14')).toBe(0.25)
    expect(await store.engineerDayHours('bob', '2026-02-14')).toBe(0)
    expect(await store.engineerDayHours('ann', '2026-02-15')).toBe(0)
  })

  it("sums one engineer's hours and occurrences per task over a range in SQL, most hours first", async () => {
    await store.addEntry(entry(1, {day: '2026-03-02', minutes: 10, count: 3}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2, {day: '2026-03-08', minutes: 15}))
    await store.addEntry(entry(3, {day: '2026-03-04', team: 'Web', task: 'rotate certs', minutes: 90}), defaultTask('Web', 'rotate certs'))
    // Outside the week, or someone else's: left out.
    await store.addEntry(entry(4, {day: '2026-03-09', minutes: 60}))
    await store.addEntry(entry(5, {day: '2026-03-01', minutes: 60}))
    await store.addEntry(entry(6, {day: '2026-03-03', minutes: 60, engineer: 'bob'}))
    const restart = (await store.findTask('ops', 'restart worker'))!.id
    const certs = (await store.findTask('web', 'rotate certs'))!.id
    expect(await store.engineerTasks({engineer: 'ann', from: '2026-03-02', to: '2026-03-08'})).toEqual([
      {taskId: certs, task: 'rotate certs', team: 'Web', hours: 1.5, occurrences: 1},
      {taskId: restart, task: 'restart worker', team: 'ops', hours: 45 / 60, occurrences: 4},
    ])
    expect(await store.engineerTasks({engineer: 'bob', from: '2026-03-02', to: '2026-03-08'})).toEqual([{taskId: restart, task: 'restart worker', team: 'ops', hours: 1, occurrences: 1}])
    expect(await store.engineerTasks({engineer: 'carol', from: '2026-03-02', to: '2026-03-08'})).toEqual([])
  })

  it('imports all or nothing, lets a task record replace the defaults an earlier entry gave it, and adds nothing on re-import', async () => {
    const records: ImportRecord[] = [
      {type: 'team', name: 'ops', capacity: [{fromMonth: '2026-01', members: 4, hoursPerWeek: 40, rotation: null, shifts: null}], line: 1},
      {type: 'entry', ...entry(1, {task: 'Patch hosts', note: 'tab\there\nand a \\ backslash', tags: ['with "quotes"', 'a,b', '{braces}']}), category: 'cleanup', line: 2},
      {type: 'task', ...defaultTask('ops', 'patch hosts', 'release'), durationMinutes: 30, createdAt: '2025-12-01T00:00:00.000Z', line: 3},
      {type: 'entry', ...entry(2, {task: 'patch hosts', team: 'OPS'}), line: 4},
      {type: 'entry', ...entry(2, {task: 'patch hosts'}), line: 5},
      {type: 'entry', ...entry(3, {task: 'new one', team: 'web'}), line: 6},
    ]
    expect(await store.importRecords(batches(records))).toEqual({teamsAdded: 2, tasksAdded: 2, entriesAdded: 3, entriesSkipped: 1, entriesUpdated: 0, entriesRemoved: 0, backup: null})
    expect(await store.findTask('ops', 'patch hosts')).toMatchObject({name: 'patch hosts', category: 'release', durationMinutes: 30, createdAt: '2025-12-01T00:00:00.000Z'})
    expect((await store.findEntry(ID(1)))).toMatchObject({note: 'tab\there\nand a \\ backslash', tags: ['with "quotes"', 'a,b', '{braces}']})
    expect((await store.findEntry(ID(2)))?.note).toBe('')
    const before = await exported(store)
    expect(await store.importRecords(batches(records))).toMatchObject({teamsAdded: 0, tasksAdded: 0, entriesAdded: 0, entriesSkipped: 4, backup: expect.any(String)})
    expect(await exported(store)).toBe(before)

    async function* failing(): AsyncGenerator<ImportRecord[]> {
      yield [{type: 'entry', ...entry(9, {task: 'brand new'}), line: 1}]
      throw new ToilError('invalid-input', 'line 2: broken')
    }
    await expect(store.importRecords(failing())).rejects.toThrow(/line 2: broken/)
    expect(await exported(store)).toBe(before)
  })

  it('refuses an import whose id is given again with other content, naming the lines, and imports nothing', async () => {
    await store.addEntry(entry(1), defaultTask('ops', 'restart worker'))
    const before = await exported(store)
    const twice: ImportRecord[] = [{type: 'entry', ...entry(7), line: 1}, {type: 'entry', ...entry(7, {minutes: 30}), line: 2}]
    await expect(store.importRecords(batches(twice))).rejects.toThrow(/line 2: entry id .* also on line 1/)
    await expect(store.importRecords(batches([{type: 'entry', ...entry(1, {note: 'changed'}), line: 3}]))).rejects.toThrow(/line 3: entry id .* already stored/)
    expect(await exported(store)).toBe(before)
  })

  it('imports an upstream record once by its source key, updates it with the option, and finds entries by it', async () => {
    await store.addEntry(entry(1), defaultTask('ops', 'restart worker'))
    const page = (minutes: number, line: number): ImportRecord => ({type: 'entry', ...entry(50, {task: 'page', minutes, note: 'from pagerduty'}), sourceKey: 'pagerduty:Q1ABC', line})
    expect(await store.importRecords(batches([page(15, 1)]))).toMatchObject({entriesAdded: 1, entriesSkipped: 0, entriesUpdated: 0})
    expect(await store.importRecords(batches([page(15, 1)]))).toMatchObject({entriesAdded: 0, entriesSkipped: 1, entriesUpdated: 0})
    // Changed upstream: kept as stored without the option, updated with it.
    expect(await store.importRecords(batches([page(25, 1)]))).toMatchObject({entriesAdded: 0, entriesSkipped: 1, entriesUpdated: 0})
    expect((await store.entriesBySourceKey(['pagerduty:Q1ABC', 'jira:NONE']))).toMatchObject([{id: ID(50), minutes: 15, sourceKey: 'pagerduty:Q1ABC'}])
    expect(await store.importRecords(batches([page(25, 1)]), {updateBySourceKey: true})).toMatchObject({entriesAdded: 0, entriesUpdated: 1})
    expect((await store.entriesBySourceKey(['pagerduty:Q1ABC']))[0]!.minutes).toBe(25)
    expect((await store.findEntry(ID(1)))!.sourceKey).toBeUndefined()
  })

  it('finds the entries of an upstream issue by its key prefix, and removes entries by source key in the import', async () => {
    await store.addEntry(entry(1), defaultTask('ops', 'restart worker'))
    const log = (n: number, key: string): ImportRecord => ({type: 'entry', ...entry(n, {task: 'ticket', note: key}), sourceKey: key, line: n})
    await store.importRecords(batches([log(60, 'jira:OPS-4:timespent'), log(61, 'jira:OPS-40:timespent'), log(62, 'jira:OPS-4:worklog:1'), log(63, 'jira:OPS-5:worklog:1')]))
    // OPS-40 shares OPS-4's first characters but not its prefix with the colon.
    expect((await store.entriesBySourcePrefix(['jira:OPS-4:', 'jira:NONE:'])).map((e) => e.sourceKey).sort()).toEqual(['jira:OPS-4:timespent', 'jira:OPS-4:worklog:1'])
    const result = await store.importRecords(batches([log(64, 'jira:OPS-4:worklog:2')]), {removeSourceKeys: ['jira:OPS-4:timespent', 'jira:GONE:1']})
    expect(result).toMatchObject({entriesAdded: 1, entriesRemoved: 1})
    expect(result.backup).not.toBeNull()
    expect((await store.entriesBySourcePrefix(['jira:OPS-4:'])).map((e) => e.sourceKey).sort()).toEqual(['jira:OPS-4:worklog:1', 'jira:OPS-4:worklog:2'])
    expect(await store.findEntry(ID(61))).toBeDefined()
  })

  it('keeps a team\'s toil budget, exports it and imports it', async () => {
    await store.setToilBudget('ops', 0.3)
    await store.setToilBudget('web', 0.25)
    await store.setToilBudget('web', null)
    expect(await store.toilBudgets()).toEqual([{team: 'ops', budget: 0.3}])
    expect((await all(store.exportAll())).filter((r) => r.type === 'team')).toEqual([
      {type: 'team', name: 'ops', capacity: [], toilBudget: 0.3}, {type: 'team', name: 'web', capacity: []},
    ])
    await store.importRecords(batches([{type: 'team', name: 'data', capacity: [], toilBudget: 0.4, line: 1}]))
    expect(await store.toilBudgets()).toEqual([{team: 'data', budget: 0.4}, {team: 'ops', budget: 0.3}])
  })

  it('exports teams, tasks, then entries in a stable order', async () => {
    await store.setCapacity({team: 'web', fromMonth: '2026-01', members: 2, hoursPerWeek: 40, rotation: null, shifts: null})
    await store.addEntry(entry(2, {day: '2026-03-02', team: 'web', task: 'b'}), defaultTask('web', 'b'))
    await store.addEntry(entry(1, {day: '2026-03-02', team: 'Ops', task: 'a'}), defaultTask('Ops', 'a'))
    await store.addEntry(entry(3, {day: '2026-03-01', team: 'web', task: 'b'}))
    const records = await all(store.exportAll())
    expect(records.map((r: ExportRecord) => (r.type === 'entry' ? `entry ${r.id.slice(-1)}` : `${r.type} ${r.name}`))).toEqual(['team Ops', 'team web', 'task a', 'task b', 'entry 1', 'entry 3', 'entry 2'])
    expect(records[1]).toEqual({type: 'team', name: 'web', capacity: [{fromMonth: '2026-01', members: 2, hoursPerWeek: 40, rotation: null, shifts: null}]})
  })

  it('backs up to a file a fresh store restores from, and checks itself', async () => {
    await store.setCapacity({team: 'ops', fromMonth: '2026-01', members: 4, hoursPerWeek: 40, rotation: 4, shifts: 1})
    await store.addEntry(entry(1, {tags: ['oncall'], loggedBy: 'lee'}), defaultTask('ops', 'restart worker'))
    await store.addEntry(entry(2))
    const file = await store.backup('manual')
    expect(file).toContain('manual')
    expect(readFileSync(file).length).toBeGreaterThan(0)
    const copy = await open()
    await copy.restore(file)
    await copy.close()
    const restored = await reopen(copy.path)
    try {
      expect(await exported(restored)).toBe(await exported(store))
    } finally {
      await restored.close()
    }
    expect(await store.doctor()).toEqual({integrity: ['ok'], foreignKeys: 0, schemaVersion: expect.any(Number), entries: 2, tasks: 1, teams: 1})
  })
})
