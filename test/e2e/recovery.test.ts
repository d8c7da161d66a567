import Database from 'better-sqlite3'
import {execFileSync, spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {closeSync, copyFileSync, existsSync, openSync, writeSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type RunResult, damageTable, tempDb, toil, toilJson} from './cli.js'

// Guarantees of docs/reliability.md §7–§11: nothing lost around restore, backups, undo and
// export, and a recovery that works. The race tests repeat their rounds (ROUNDS below) because
// a lost write needs a writer to land in a window of milliseconds.

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
/** Rounds of each race test; docs/reliability.md states the same number. */
const ROUNDS = 3

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

const path = (name: string) => join(t.dir, name)
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const handle = new Database(db, {readonly: true})
  try {
    return handle.prepare(sql).all(...params) as T[]
  } finally {
    handle.close()
  }
}

const notes = (db: string) => new Set(query<{note: string}>(db, 'SELECT note FROM entries').map((r) => r.note))
const ids = (db: string) => query<{id: string}>(db, 'SELECT id FROM entries ORDER BY id').map((r) => r.id).join(',')

async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await toil(args, {env})
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0)
  return result.stdout
}

function generate(entries: number, name: string, seed = 1): string {
  const file = path(name)
  execFileSync(process.execPath, [join(ROOT, 'bench/generate.js'), String(entries), file, String(seed)])
  return file
}

/** `count` logs in turn, each with a note `${prefix}-${i}`; returns the notes of those that exited 0. */
async function writer(db: string, prefix: string, count: number, task = 'busy work'): Promise<string[]> {
  const stored: string[] = []
  for (let i = 0; i < count; i++) {
    const note = `${prefix}-${i}`
    const result = await toil(['log', task, '1m', '--note', note, '--new', '--db', db], {env: {TOIL_USER: prefix.split('-')[0]!}})
    if (result.code === 0) stored.push(note)
  }
  return stored
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('concurrent restore, task rm and undo against parallel writers', () => {
  it(`restore: every log that exited 0 is in the restored database or in the safety backup (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = path(`restore-${round}.db`)
      await ok(['log', 'seed', '5m', '--note', 'before the backup', '--db', db])
      const backup = (await toilJson(db, ['backup'])).json.backup as string
      const writers = [0, 1, 2].map((w) => writer(db, `alice-${round}-${w}`, 5))
      // The restore starts while the writers are logging.
      await pause(150 + round * 60)
      const restored = await toilJson(db, ['restore', backup])
      const written = (await Promise.all(writers)).flat()
      expect(restored.code, restored.stderr).toBe(0)
      const kept = new Set([...notes(db), ...notes(restored.json.safetyBackup)])
      expect(written.filter((n) => !kept.has(n))).toEqual([])
      expect(query(db, 'PRAGMA integrity_check')).toEqual([{integrity_check: 'ok'}])
    }
  }, 240_000)

  it(`task rm: an entry logged meanwhile is in the rm's backup or still stored (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = path(`rm-${round}.db`)
      await ok(['log', 'doomed', '5m', '--db', db])
      const writers = [0, 1].map((w) => writer(db, `alice-${round}-${w}`, 5, 'doomed'))
      await pause(150 + round * 60)
      const removed = await toilJson(db, ['task', 'rm', 'doomed', '--yes'])
      const written = (await Promise.all(writers)).flat()
      expect(removed.code, removed.stderr).toBe(0)
      const kept = new Set([...notes(db), ...notes(removed.json.backup)])
      expect(written.filter((n) => !kept.has(n))).toEqual([])
      // What the rm reports removing is exactly what its backup holds of the task and the database no longer does.
      const inBackup = query<{n: number}>(removed.json.backup, `SELECT count(*) AS n FROM entries e JOIN tasks t ON t.id = e.task_id WHERE t.name = 'doomed'`)[0]!.n
      expect(removed.json.entriesRemoved).toBe(inBackup)
    }
  }, 240_000)

  it(`undo: concurrent undos take back distinct entries, the newest ones the user logged, while others log (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = path(`undo-${round}.db`)
      for (let i = 0; i < 6; i++) await ok(['log', 'mine', '1m', '--note', `a${i}`, '--db', db])
      const others = writer(db, `bob-${round}`, 4, 'mine')
      const undos = await Promise.all([0, 1, 2, 3].map(() => toilJson(db, ['undo'])))
      const bobs = await others
      expect(undos.map((u) => u.code)).toEqual([0, 0, 0, 0])
      const removed = undos.map((u) => u.json.removed.note as string).sort()
      expect(removed).toEqual(['a2', 'a3', 'a4', 'a5'])
      expect([...notes(db)].sort()).toEqual(['a0', 'a1', ...bobs].sort())
    }
  }, 240_000)
})

describe('undo and "your last team" follow who logged, not what an import says', () => {
  it('an imported entry, even one created in the future and by the same name, is never undone, and does not change the last team', async () => {
    await ok(['log', 'real work', '10m', '--team', 'sre', '--note', 'mine', '--db', t.db])
    const future = {type: 'entry', id: '0190f000-0000-7000-8000-00000000abcd', task: 'imported', team: 'other', engineer: 'alice', day: '2026-01-02', minutes: 5, tags: [], note: 'imported', createdAt: '2099-01-01T00:00:00.000Z'}
    writeFileSync(path('in.jsonl'), `${JSON.stringify(future)}\n`)
    await ok(['import', path('in.jsonl'), '--db', t.db])
    // The next log without --team goes to alice's last team (sre), not the imported entry's.
    const logged = await toilJson(t.db, ['log', 'real work', '5m', '--note', 'mine too'])
    expect(logged.json.entry.team).toBe('sre')
    const first = await toilJson(t.db, ['undo'])
    expect(first.json.removed).toMatchObject({note: 'mine too', team: 'sre'})
    const second = await toilJson(t.db, ['undo'])
    expect(second.json.removed).toMatchObject({note: 'mine'})
    const third = await toilJson(t.db, ['undo'])
    expect(third.code).toBe(2)
    expect([...notes(t.db)]).toEqual(['imported'])
  })
})

describe('backups', () => {
  it('rotate only complete backups of this exact database; other databases\' backups and partial files are not counted', async () => {
    await ok(['log', 'a', '5m', '--db', t.db])
    for (const other of ['toil.db.old', 'toil']) await ok(['log', 'b', '5m', '--db', path(other)])
    const others = [
      (await toilJson(path('toil.db.old'), ['backup'])).json.backup,
      (await toilJson(path('toil'), ['backup'])).json.backup,
    ]
    // Left by killed writers: a partial of this version and, from an older one, a .bak beside its -journal.
    const stray = ['.toil.db.20200101T000000000Z.999999.manual.bak.999999.partial', 'toil.db.20200101T000000000Z.999999.manual.bak', 'toil.db.20200101T000000000Z.999999.manual.bak-journal']
    for (const f of stray) writeFileSync(path(`backups/${f}`), 'partial')
    const mine: string[] = []
    for (let i = 0; i < 7; i++) mine.push((await toilJson(t.db, ['backup'])).json.backup)
    const listed = readdirSync(path('backups')).sort()
    expect(listed).toEqual([...others.map((f) => f.split('/').at(-1)), ...mine.slice(2).map((f) => f.split('/').at(-1))].sort())
    // Each kept backup is a whole database.
    for (const f of mine.slice(2)) expect(query(f, 'PRAGMA integrity_check')).toEqual([{integrity_check: 'ok'}])
  })

  it('a failed import rotates nothing and leaves no backup of its own', async () => {
    await ok(['log', 'a', '5m', '--db', t.db])
    for (let i = 0; i < 5; i++) await ok(['backup', '--db', t.db])
    const before = readdirSync(path('backups')).sort()
    writeFileSync(path('bad.jsonl'), '{"type":"team","name":"x"}\n{"type":"team","name":""}\n')
    const result = await toil(['import', path('bad.jsonl'), '--db', t.db])
    expect(result.code).toBe(2)
    expect(readdirSync(path('backups')).sort()).toEqual(before)
  })

  it('toil doctor removes the partial files of a killed backup and says so', async () => {
    await ok(['log', 'a', '5m', '--db', t.db])
    await ok(['backup', '--db', t.db])
    writeFileSync(path('backups/.toil.db.20200101T000000000Z.999999.manual.bak.999999.partial'), 'x')
    writeFileSync(path('backups/.toil.db.20200101T000000000Z.999999.manual.bak.999999.partial-journal'), 'x')
    const result = await toil(['doctor', '--db', t.db])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Removed 2 temporary files that interrupted backups or restores left')
    expect(readdirSync(path('backups')).filter((f) => f.includes('partial'))).toEqual([])
  })
})

/** Spawns the CLI and kills it with SIGKILL after `delay` ms; resolves with how it ended. */
async function killAfter(args: string[], delay: number): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
  const child = spawn(process.execPath, [BIN, ...args], {stdio: 'ignore', env: {...process.env, TOIL_USER: 'alice', NODE_ENV: undefined}})
  const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((done) => child.on('exit', (code, signal) => done({code, signal})))
  await pause(delay)
  child.kill('SIGKILL')
  return ended
}

/** Wall time of one full run, to spread the kill points over it (not asserted on). */
async function duration(args: string[]): Promise<number> {
  const started = Date.now()
  await ok(args)
  return Date.now() - started
}

describe('SIGKILL at points spread over a backup and a restore', () => {
  it(`a killed backup leaves only complete backups (each a whole database), and partial files the next backup removes (${ROUNDS + 1} points)`, async () => {
    await ok(['import', generate(20_000, 'g.jsonl'), '--db', t.db])
    const full = await duration(['backup', '--db', t.db])
    for (let i = 0; i <= ROUNDS; i++) {
      await killAfter(['backup', '--db', t.db], Math.round((full * i) / ROUNDS))
      for (const f of readdirSync(path('backups')).filter((n) => n.endsWith('.bak'))) {
        expect(query<{n: number}>(path(`backups/${f}`), 'SELECT count(*) AS n FROM entries')[0]!.n, f).toBe(20_000)
      }
    }
    const last = (await toilJson(t.db, ['backup'])).json.backup as string
    const left = readdirSync(path('backups'))
    expect(left.filter((f) => !f.endsWith('.bak'))).toEqual([])
    expect(left).toContain(last.split('/').at(-1))
    expect(left.length).toBeLessThanOrEqual(5)
  }, 180_000)

  it(`a killed restore leaves the database either as it was or wholly restored, never a mix (${ROUNDS + 1} points)`, async () => {
    await ok(['import', generate(5000, 'small.jsonl', 2), '--db', t.db])
    const backup = (await toilJson(t.db, ['backup'])).json.backup as string
    const restoredIds = ids(backup)
    await ok(['import', generate(10_000, 'big.jsonl', 3), '--db', t.db])
    const currentIds = ids(t.db)
    const full = await duration(['restore', backup, '--db', path('probe.db')])
    for (let i = 0; i <= ROUNDS; i++) {
      const before = ids(t.db)
      await killAfter(['restore', backup, '--db', t.db], Math.round((full * i) / ROUNDS))
      expect(query(t.db, 'PRAGMA integrity_check')).toEqual([{integrity_check: 'ok'}])
      const after = ids(t.db)
      expect([before, restoredIds]).toContain(after)
      // Whatever happened, the entries of before are still somewhere: in the database or a safety backup.
      if (after !== before) {
        const safety = readdirSync(path('backups')).filter((f) => f.includes('before-restore'))
        expect(safety.some((f) => ids(path(`backups/${f}`)) === before)).toBe(true)
      }
      // Back to the bigger state for the next point.
      if (after !== currentIds) await ok(['import', path('big.jsonl'), '--db', t.db])
    }
    const doctor = await toil(['doctor', '--db', t.db])
    expect(doctor.code, doctor.stderr).toBe(0)
    expect(readdirSync(path('backups')).filter((f) => !f.endsWith('.bak'))).toEqual([])
  }, 240_000)
})

describe('restore onto a damaged database', () => {
  const damages: [string, (db: string) => void][] = [
    ['a truncated file', (db) => truncateSync(db, Math.floor(statSync(db).size / 2))],
    ['a damaged page', (db) => damageTable(db, 'entries')],
    [
      'a malformed schema',
      (db) => {
        const handle = new Database(db)
        handle.pragma('wal_checkpoint(TRUNCATE)')
        handle.pragma('journal_mode = DELETE')
        handle.close()
        // The entries table's CREATE statement, made unparsable in the file itself. Each ALTER TABLE
        // of a migration rewrites it, and freed pages may keep older copies: every copy is damaged.
        const bytes = readFileSync(db)
        let at = bytes.indexOf('CREATE TABLE entries (')
        expect(at).toBeGreaterThan(0)
        while (at >= 0) {
          bytes.write(')', at + 'CREATE TABLE entries '.length)
          at = bytes.indexOf('CREATE TABLE entries (', at + 1)
        }
        writeFileSync(db, bytes)
      },
    ],
    [
      'a dropped entries table',
      (db) => {
        const handle = new Database(db)
        handle.exec('DROP TABLE entries')
        handle.close()
      },
    ],
    [
      'a half-written header (the SQLite magic, then zeros)',
      (db) => {
        const handle = new Database(db)
        handle.pragma('wal_checkpoint(TRUNCATE)')
        handle.pragma('journal_mode = DELETE')
        handle.close()
        const fd = openSync(db, 'r+')
        writeSync(fd, Buffer.alloc(84), 0, 84, 16)
        closeSync(fd)
      },
    ],
  ]

  it.each(damages)('%s: restore replaces it, keeping the damaged file aside byte for byte', async (_what, damage) => {
    await ok(['import', generate(500, 'g.jsonl'), '--db', t.db])
    const backup = (await toilJson(t.db, ['backup'])).json.backup as string
    await ok(['log', 'after the backup', '5m', '--db', t.db])
    damage(t.db)
    const damaged = sha(t.db)
    const refused = await toil(['entries', '--db', t.db])
    expect(refused.code).toBe(3)
    const result = await toilJson(t.db, ['restore', backup])
    expect(result.code, JSON.stringify(result.json)).toBe(0)
    expect(result.json).toMatchObject({database: t.db, replacedDamaged: true, safetyBackup: expect.stringMatching(/toil\.db\.damaged-\d{8}T\d{9}Z$/)})
    expect(sha(result.json.safetyBackup)).toBe(damaged)
    expect(ids(t.db)).toBe(ids(backup))
    const doctor = await toil(['doctor', '--db', t.db])
    expect(doctor.code, doctor.stdout).toBe(0)
    await ok(['log', 'works again', '5m', '--db', t.db])
  })

  it.each([...damages, ['a damaged page of a WAL-mode file', (db: string) => {
    damageTable(db, 'entries')
    const handle = new Database(db)
    handle.pragma('journal_mode = WAL')
    handle.close()
  }] as [string, (db: string) => void]])('%s: commands that refuse it leave its folder as they found it', async (what, damage) => {
    await ok(['import', generate(200, 'g.jsonl'), '--db', t.db])
    await ok(['log', 'after the import', '5m', '--db', t.db])
    rmSync(path('backups'), {recursive: true, force: true})
    damage(t.db)
    const listing = readdirSync(t.dir).sort()
    // A backup copies what is left of a file missing a table; every other damage stops it too.
    const commands = [['entries'], ['export'], ['doctor'], ['import', path('g.jsonl')], ...(what.includes('dropped') ? [] : [['backup']])]
    for (const args of commands) {
      const before = sha(t.db)
      const result = await toil([...args, '--db', t.db])
      expect(result.code, `${args[0]}: ${result.stdout}${result.stderr}`).toBe(3)
      expect(readdirSync(t.dir).sort(), args[0]).toEqual(listing)
      // Import opens the file to write, and only then meets the damage.
      if (args[0] !== 'import') expect(sha(t.db), args[0]).toBe(before)
    }
  })

  it('through a symbolic link, the link stays a link and its target is restored', async () => {
    const real = path('real.db')
    await ok(['log', 'first', '5m', '--db', real])
    const backup = (await toilJson(real, ['backup'])).json.backup as string
    await ok(['log', 'second', '5m', '--db', real])
    symlinkSync(real, path('link.db'))
    await ok(['restore', backup, '--db', path('link.db')])
    expect(lstatSync(path('link.db')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(path('link.db'))).toBe(real)
    expect(query<{name: string}>(real, 'SELECT name FROM tasks')).toEqual([{name: 'first'}])
    // Damaged behind the link: the file it points to is replaced, the link kept.
    truncateSync(real, 1000)
    await ok(['restore', backup, '--db', path('link.db')])
    expect(lstatSync(path('link.db')).isSymbolicLink()).toBe(true)
    expect(query<{name: string}>(real, 'SELECT name FROM tasks')).toEqual([{name: 'first'}])
  })
})

describe('reading a backup writes nothing beside it', () => {
  it('restore from a schema-1 file in WAL mode and from a backup toil wrote leaves their folders as they were', async () => {
    mkdirSync(path('shelf'))
    const old = path('shelf/v1.sqlite')
    copyFileSync(join(ROOT, 'test/fixtures/v1.sqlite'), old)
    const before = sha(old)
    // Onto a new database and onto one that holds entries (a safety backup is taken of it, not of the source).
    await ok(['restore', old, '--db', path('new.db')])
    await ok(['log', 'deploy', '10m', '--db', t.db])
    await ok(['restore', old, '--db', t.db])
    expect(readdirSync(path('shelf'))).toEqual(['v1.sqlite'])
    expect(sha(old)).toBe(before)
    expect(ids(t.db)).toBe(ids(path('new.db')))
    const backups = readdirSync(path('backups')).sort()
    await ok(['restore', path(`backups/${backups[0]}`), '--db', t.db])
    expect(readdirSync(path('backups')).filter((f) => /-(wal|shm|journal)$/.test(f))).toEqual([])
  })
})

describe('a --db that is not a regular file', () => {
  /** Each special file the tests may make here: a private device node as root (mknod), else a FIFO and a socket. */
  async function specials(): Promise<{what: string; file: string; close?: () => Promise<void>}[]> {
    if (process.getuid?.() === 0) {
      execFileSync('mknod', [path('device'), 'c', '1', '3'])
      return [{what: 'a character device', file: path('device')}]
    }
    execFileSync('mkfifo', [path('fifo')])
    const server = createServer()
    await new Promise<void>((done) => server.listen(path('socket'), done))
    return [{what: 'a FIFO', file: path('fifo')}, {what: 'a socket', file: path('socket'), close: () => new Promise((done) => server.close(() => done()))}]
  }

  const kind = (file: string) => {
    const s = lstatSync(file)
    return [s.isFile(), s.isDirectory(), s.isCharacterDevice(), s.isFIFO(), s.isSocket(), s.isSymbolicLink(), s.rdev, s.ino].join()
  }

  it('is refused by every command, restore included: exit 3, the path left as it was, nothing written beside it', async () => {
    const good = path('good.db')
    await ok(['log', 'deploy', '10m', '--db', good])
    const backup = (await toilJson(good, ['backup'])).json.backup as string
    const made = await specials()
    mkdirSync(path('folder'))
    const targets = [...made.map((m) => ({what: m.what, file: m.file})), {what: 'a folder', file: path('folder')}]
    // Through a symbolic link too: a link is followed to a regular file only.
    symlinkSync(made[0]!.file, path('link'))
    targets.push({what: `a link to ${made[0]!.what}`, file: path('link')})
    try {
      for (const {what, file} of targets) {
        const before = kind(file)
        const listing = readdirSync(t.dir).sort()
        for (const args of [['restore', backup], ['entries'], ['log', 'deploy', '5m'], ['import', join(ROOT, 'test/fixtures/v1.export.jsonl')], ['export'], ['doctor'], ['backup'], ['task', 'list']]) {
          const result = await toil([...args, '--db', file])
          expect(result.code, `${what}, ${args[0]}: ${result.stdout}${result.stderr}`).toBe(3)
          expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
          expect(result.stderr).toMatch(/is (a character device|a FIFO|a socket|a folder), not a toil database/)
          expect(kind(file), `${what}, ${args[0]}`).toBe(before)
          expect(readdirSync(t.dir).sort(), `${what}, ${args[0]}`).toEqual(listing)
        }
      }
    } finally {
      for (const m of made) await m.close?.()
    }
  })
})

describe('export is one snapshot', () => {
  it(`while a task is renamed over and over, every entry's task is a task line of the same file (${ROUNDS} rounds)`, async () => {
    await ok(['import', generate(20_000, 'g.jsonl', 4), '--db', t.db])
    const task = query<{team: string; name: string}>(t.db, `SELECT tm.name AS team, t.name FROM tasks t JOIN teams tm ON tm.id = t.team_id ORDER BY t.id LIMIT 1`)[0]!
    let name = task.name
    for (let round = 0; round < ROUNDS; round++) {
      const exporting = toil(['export', '--db', t.db, '--out', path(`e${round}.jsonl`)])
      const renames: Promise<RunResult>[] = []
      for (let i = 0; i < 2; i++) {
        const next = `${task.name} v${round}.${i}`
        renames.push(toil(['task', 'edit', name, '--team', task.team, '--name', next, '--db', t.db]))
        name = next
        await renames.at(-1)
      }
      expect((await exporting).code).toBe(0)
      const records = readFileSync(path(`e${round}.jsonl`), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as {type: string; team: string; name?: string; task?: string})
      const tasks = new Set(records.filter((r) => r.type === 'task').map((r) => `${r.team}\u0000${r.name}`))
      const orphans = records.filter((r) => r.type === 'entry' && !tasks.has(`${r.team}\u0000${r.task}`))
      expect(orphans).toEqual([])
    }
  }, 180_000)
})

describe('import refuses what it cannot take exactly', () => {
  const entry = (over: Record<string, unknown> = {}) => JSON.stringify({type: 'entry', id: '0190f000-0000-7000-8000-000000000001', task: 'deploy', team: 'sre', engineer: 'alice', day: '2026-01-05', minutes: 10, tags: [], note: '', ...over})

  it('an id twice in one file with different content: an error naming both lines; nothing imported', async () => {
    writeFileSync(path('dup.jsonl'), [entry(), entry({id: '0190f000-0000-7000-8000-000000000002'}), entry({minutes: 20})].join('\n'))
    const result = await toil(['import', path('dup.jsonl'), '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('toil: line 3: entry id 0190f000-0000-7000-8000-000000000001 is also on line 1 with another minutes (line 1 "10", line 3 "20"); an id names one entry; nothing was imported')
    expect(query(t.db, 'SELECT id FROM entries')).toEqual([])
  })

  it('an id already stored with different content: an error naming the line and the stored entry; the same content is skipped', async () => {
    writeFileSync(path('a.jsonl'), entry())
    await ok(['import', path('a.jsonl'), '--db', t.db])
    const again = await toilJson(t.db, ['import', path('a.jsonl')])
    expect(again.json).toMatchObject({entriesAdded: 0, entriesSkipped: 1})
    writeFileSync(path('b.jsonl'), entry({note: 'changed'}))
    const result = await toil(['import', path('b.jsonl'), '--db', t.db])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('toil: line 1: entry id 0190f000-0000-7000-8000-000000000001 is already stored with another note (stored "", this line "changed"); toil entry edit or toil entry rm 00000001 changes the stored one; nothing was imported')
    expect(query(t.db, 'SELECT note FROM entries')).toEqual([{note: ''}])
  })

  it.each([
    ['Windows-1252 (é as one byte) on line 2', Buffer.concat([Buffer.from(`${entry()}\n${entry({id: '0190f000-0000-7000-8000-000000000002', note: 'caf'}).slice(0, -2)}`), Buffer.from([0xe9]), Buffer.from('"}\n')]), /^toil: line 2: is not UTF-8 text \(byte 0xe9 at byte \d+ of the line\); save the file as UTF-8 and import it again; nothing was imported$/],
    ['an overlong encoding on line 1', Buffer.concat([Buffer.from(entry().slice(0, -2)), Buffer.from([0xc0, 0xaf]), Buffer.from('"}\n')]), /^toil: line 1: is not UTF-8 text \(byte 0xc0/],
  ])('%s is refused, naming the line; nothing imported', async (_what, bytes, message) => {
    for (const ext of ['jsonl', 'csv']) {
      const file = path(`bad.${ext}`)
      writeFileSync(file, ext === 'jsonl' ? bytes : Buffer.concat([Buffer.from('id,team,task,engineer,day,minutes,note\n'), Buffer.from('0190f000-0000-7000-8000-000000000009,sre,deploy,alice,2026-01-05,10,ok\n'), Buffer.from('0190f000-0000-7000-8000-00000000000a,sre,deploy,alice,2026-01-05,10,caf'), Buffer.from([0xe9]), Buffer.from('\n')]))
      const result = await toil(['import', file, '--db', t.db])
      expect(result.code, result.stderr).toBe(2)
      if (ext === 'jsonl') expect(result.stderr.trim()).toMatch(message)
      else expect(result.stderr.trim()).toContain(`toil: line 3: is not UTF-8 text (byte 0xe9 at byte ${'0190f000-0000-7000-8000-00000000000a,sre,deploy,alice,2026-01-05,10,caf'.length + 1} of the line)`)
    }
    expect(existsSync(t.db) ? query(t.db, 'SELECT id FROM entries') : []).toEqual([])
  })

  it('a UTF-8 file with a byte-order mark and multi-byte text is imported', async () => {
    writeFileSync(path('bom.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${entry({note: 'café 日本 🔥'})}\n`)]))
    await ok(['import', path('bom.jsonl'), '--db', t.db])
    expect(query(t.db, 'SELECT note FROM entries')).toEqual([{note: 'café 日本 🔥'}])
  })
})
