import Database from 'better-sqlite3'
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {damageTable, tempDb, toil, toilJson} from './cli.js'

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

function tasksOf(db: string): string[] {
  const handle = new Database(db, {readonly: true})
  try {
    return (handle.prepare('SELECT t.name FROM entries e JOIN tasks t ON t.id = e.task_id ORDER BY e.seq').all() as {name: string}[]).map((r) => r.name)
  } finally {
    handle.close()
  }
}

async function log(task: string): Promise<void> {
  const result = await toil(['log', task, '10m', '--db', t.db])
  expect(result.code, result.stderr).toBe(0)
}

const backups = () => readdirSync(join(t.dir, 'backups')).sort()

describe('toil backup', () => {
  it('writes a consistent copy beside the database and prints its path', async () => {
    await log('first')
    await log('second')
    const result = await toil(['backup', '--db', t.db])
    expect(result.code).toBe(0)
    const match = /^Backed up (.+) to (.+)$/.exec(result.stdout.trim())
    expect(match?.[1]).toBe(t.db)
    const file = match![2]!
    expect(file.startsWith(join(t.dir, 'backups', 'toil.db.'))).toBe(true)
    expect(tasksOf(file)).toEqual(['first', 'second'])
    const {json} = await toilJson(t.db, ['backup'])
    expect(json).toEqual({database: t.db, backup: expect.stringMatching(/\.manual\.bak$/)})
    expect(existsSync(json.backup)).toBe(true)
  })

  it('rotates, keeping the newest 5', async () => {
    await log('first')
    const written: string[] = []
    for (let i = 0; i < 7; i++) written.push((await toilJson(t.db, ['backup'])).json.backup)
    expect(backups().map((f) => join(t.dir, 'backups', f))).toEqual(written.slice(2))
  })
})

describe('file modes', () => {
  const mode = (path: string) => statSync(path).mode & 0o777

  it('creates backups 0600 in a 0700 folder, and export --out files 0600, under umask 022; an existing folder or file keeps its own', async () => {
    // What a shell's usual umask gives: without care, 0644 files and 0755 folders.
    const umask = process.umask(0o022)
    try {
      await log('first')
      await log('second')
      await log('third')
      const backup = (await toilJson(t.db, ['backup'])).json.backup as string
      expect(mode(join(t.dir, 'backups'))).toBe(0o700)
      expect(mode(backup)).toBe(0o600)
      const merged = await toilJson(t.db, ['task', 'merge', 'third', 'second'])
      expect(merged.code).toBe(0)
      expect(mode(merged.json.backup)).toBe(0o600)
      const removed = (await toilJson(t.db, ['task', 'rm', 'first', '--yes'])).json
      expect(mode(removed.backup)).toBe(0o600)

      const out = join(t.dir, 'history.jsonl')
      expect((await toil(['export', '--out', out, '--db', t.db])).code).toBe(0)
      expect(mode(out)).toBe(0o600)
      const csv = join(t.dir, 'history.csv')
      expect((await toil(['export', '--out', csv, '--db', t.db])).code).toBe(0)
      expect(mode(csv)).toBe(0o600)
      // A file the user made shareable stays so when it is replaced.
      chmodSync(out, 0o644)
      expect((await toil(['export', '--out', out, '--db', t.db])).code).toBe(0)
      expect(mode(out)).toBe(0o644)

      // A backups folder that exists is left as it is; the backup in it is still 0600.
      const other = tempDb()
      try {
        mkdirSync(join(other.dir, 'backups'), {mode: 0o755})
        await toil(['log', 'first', '10m', '--db', other.db])
        const inShared = (await toilJson(other.db, ['backup'])).json.backup as string
        expect(mode(join(other.dir, 'backups'))).toBe(0o755)
        expect(mode(inShared)).toBe(0o600)
      } finally {
        other.cleanup()
      }
    } finally {
      process.umask(umask)
    }
  })
})

describe('a refused destructive command', () => {
  it('writes no backup and rotates none away: refused for a bad argument, a missing name, or what it would delete', async () => {
    await log('first')
    await log('second')
    for (let i = 0; i < 5; i++) expect((await toil(['backup', '--db', t.db])).code).toBe(0)
    const before = backups()
    expect(before).toHaveLength(5)
    for (const args of [
      ['team', 'rm', 'default'],
      ['team', 'rm', 'nosuch', '--force'],
      ['team', 'rm', ' '],
      ['task', 'rm', 'first'],
      ['task', 'rm', 'nosuch', '--yes'],
      ['task', 'merge', 'first', 'nosuch'],
      ['task', 'merge', 'first', 'first'],
      ['engineer', 'merge', 'nobody', 'alice'],
      ['engineer', 'merge', 'alice', 'alice'],
      ['restore', join(t.dir, 'missing.bak')],
    ]) {
      const result = await toil([...args, '--db', t.db])
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2)
      expect(backups(), args.join(' ')).toEqual(before)
    }
  })
})

describe('toil restore', () => {
  it('puts a backup back and keeps the database it replaced', async () => {
    await log('first')
    const {json: taken} = await toilJson(t.db, ['backup'])
    await log('second')
    const result = await toil(['restore', taken.backup, '--db', t.db])
    expect(result.code, result.stderr).toBe(0)
    const [restored, kept] = result.stdout.trim().split('\n')
    expect(restored).toBe(`Restored ${t.db} from ${taken.backup}`)
    const safety = /kept in (\S+)/.exec(kept!)![1]!
    expect(tasksOf(t.db)).toEqual(['first'])
    expect(tasksOf(safety)).toEqual(['first', 'second'])
    // The store works on the restored file, and restoring the safety copy undoes the restore.
    await log('third')
    const {code, json} = await toilJson(t.db, ['restore', safety])
    expect(code).toBe(0)
    expect(json).toEqual({database: t.db, restoredFrom: safety, safetyBackup: expect.stringMatching(/before-restore\.bak$/), replacedDamaged: false})
    expect(tasksOf(t.db)).toEqual(['first', 'second'])
    expect(tasksOf(json.safetyBackup)).toEqual(['first', 'third'])
  })

  it('refuses a missing file with exit 2 and changes nothing', async () => {
    await log('first')
    const result = await toil(['restore', join(t.dir, 'nope.db'), '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(`toil: file: ${JSON.stringify(join(t.dir, 'nope.db'))} does not exist`)
    expect(tasksOf(t.db)).toEqual(['first'])
    expect(existsSync(join(t.dir, 'nope.db'))).toBe(false)
    expect(existsSync(join(t.dir, 'backups'))).toBe(false)
  })

  it.each([
    ['a text file', (file: string) => writeFileSync(file, 'not a database\n'.repeat(20)), 'is not a toil database'],
    ['another program\'s SQLite database', (file: string) => {
      const db = new Database(file)
      db.exec('CREATE TABLE notes (body TEXT)')
      db.close()
    }, 'is an SQLite database of another program'],
  ])('refuses %s with exit 3 and changes nothing', async (_what, make, message) => {
    await log('first')
    const file = join(t.dir, 'candidate.db')
    make(file)
    const candidate = readFileSync(file)
    const result = await toil(['restore', file, '--db', t.db])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(tasksOf(t.db)).toEqual(['first'])
    expect(readFileSync(file)).toEqual(candidate)
  })
})

describe('toil doctor', () => {
  it('reports a sound database and exits 0', async () => {
    await log('first')
    await log('second')
    const result = await toil(['doctor', '--db', t.db])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Database: ${t.db}`)
    expect(result.stdout).toContain('Integrity check: ok')
    expect(result.stdout).toContain('Foreign keys: ok')
    expect(result.stdout).toContain('Holds: 1 team, 2 tasks, 2 entries')
    expect(result.stdout.trim().split('\n').at(-1)).toBe('Healthy.')
    const {code, json} = await toilJson(t.db, ['doctor'])
    expect(code).toBe(0)
    expect(json).toMatchObject({database: t.db, healthy: true, integrity: ['ok'], foreignKeyViolations: 0, teams: 1, tasks: 2, entries: 2, problems: []})
    expect(json.schemaVersion).toBeGreaterThanOrEqual(1)
  })

  it('finds entries pointing to a missing task and exits 3', async () => {
    await log('first')
    const db = new Database(t.db)
    db.pragma('foreign_keys = OFF')
    db.prepare(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at)
      VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 999, 'bob', '2026-01-01', 5, 1, '[]', '', '2026-01-01T00:00:00.000Z')`).run()
    db.close()
    const result = await toil(['doctor', '--db', t.db])
    expect(result.code).toBe(3)
    expect(result.stdout).toContain('Foreign keys: 1 broken')
    expect(result.stdout).toContain('Problem: foreign keys: 1 rows point to a team or task that does not exist')
    const {code, json} = await toilJson(t.db, ['doctor'])
    expect(code).toBe(3)
    expect(json).toMatchObject({healthy: false, foreignKeyViolations: 1})
  })

  it('finds a damaged file and exits 3', async () => {
    for (const task of ['a', 'b', 'c']) await log(task)
    damageTable(t.db, 'tasks')
    const result = await toil(['doctor', '--db', t.db])
    expect(result.code).toBe(3)
    expect(result.stderr.trim()).toBe(`toil: ${t.db} is damaged (database disk image is malformed); toil restore puts back a backup`)
  })
})
