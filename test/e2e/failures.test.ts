import Database from 'better-sqlite3'
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type RunResult, tempDb, toil, toilJson} from './cli.js'

// docs/reliability.md §12–§14: output files (temporary file and rename, in place for FIFOs and
// devices, through symbolic links), every failure a user can cause or fix as one line with a
// documented exit code, and user text escaped on the terminal.

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const ROOT_USER = process.getuid?.() === 0
/** Root ignores file permissions: permission tests run the CLI as nobody then. */
const UNPRIVILEGED = ROOT_USER ? {uid: 65534, gid: 65534} : {}

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
  chmodSync(t.dir, 0o755)
})
afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', [dir])
  t.cleanup()
})

const path = (name: string) => join(t.dir, name)

async function ok(args: string[], env?: Record<string, string>): Promise<string> {
  const result = await toil(args, {env})
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0)
  return result.stdout
}

/** Runs the CLI as an unprivileged user (nobody, when the tests run as root). */
function toilAs(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return toil(args, {...UNPRIVILEGED, cwd: '/', env: {HOME: t.dir, ...env}})
}

function expectOneLine(result: RunResult, exit: number, message: string | RegExp): void {
  expect(result.code, result.stderr).toBe(exit)
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  if (typeof message === 'string') expect(result.stderr).toContain(message)
  else expect(result.stderr.trimEnd()).toMatch(message)
  expect(result.stderr).not.toContain('internal error')
}

function count(db: string, where = ''): number {
  const handle = new Database(db, {readonly: true})
  try {
    return (handle.prepare(`SELECT count(*) AS n FROM entries ${where}`).get() as {n: number}).n
  } finally {
    handle.close()
  }
}

const mounted: string[] = []
/** Mounts a tmpfs of `size` at a new folder; undefined where the machine does not allow it. */
function mountTmpfs(name: string, size: string): string | undefined {
  const dir = path(name)
  mkdirSync(dir)
  if (!ROOT_USER || spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', dir]).status !== 0) return undefined
  mounted.push(dir)
  return dir
}

/** Whether this machine lets the tests mount a tmpfs (decided once, so test names can say it). */
const CAN_MOUNT = (() => {
  if (!ROOT_USER) return false
  const probe = execFileSync('mktemp', ['-d']).toString().trim()
  const status = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status
  if (status === 0) spawnSync('umount', [probe])
  spawnSync('rmdir', [probe])
  return status === 0
})()

describe('output files', () => {
  beforeEach(async () => {
    await ok(['log', 'deploy', '10m', '--db', t.db])
  })

  it('a regular file is replaced whole, keeping its permissions; a failed export leaves it as it was and no temporary file', async () => {
    writeFileSync(path('out.jsonl'), 'old\n')
    chmodSync(path('out.jsonl'), 0o600)
    await ok(['export', '--db', t.db, '--out', path('out.jsonl')])
    expect(readFileSync(path('out.jsonl'), 'utf8')).toBe(await ok(['export', '--db', t.db]))
    expect(statSync(path('out.jsonl')).mode & 0o777).toBe(0o600)
    writeFileSync(path('broken.db'), 'not a database at all, not even close to one\n'.repeat(4))
    const failed = await toil(['export', '--db', path('broken.db'), '--out', path('out.jsonl')])
    expect(failed.code).toBe(3)
    expect(readFileSync(path('out.jsonl'), 'utf8')).toBe(await ok(['export', '--db', t.db]))
    expect(readdirSync(t.dir).filter((f) => f.includes('partial'))).toEqual([])
  })

  it.each(['export', 'report'])('%s --out through a symbolic link writes its target and keeps the link', async (command) => {
    mkdirSync(path('elsewhere'))
    writeFileSync(path('elsewhere/target.txt'), 'old\n')
    symlinkSync(path('elsewhere/target.txt'), path('link.txt'))
    await ok([command, '--db', t.db, '--out', path('link.txt')])
    expect(lstatSync(path('link.txt')).isSymbolicLink()).toBe(true)
    const written = readFileSync(path('elsewhere/target.txt'), 'utf8')
    expect(written).not.toBe('old\n')
    expect(written.length).toBeGreaterThan(20)
    expect(readdirSync(path('elsewhere'))).toEqual(['target.txt'])
  })

  it('export --out a FIFO writes into it (a reader gets the export) and leaves it a FIFO', async () => {
    execFileSync('mkfifo', [path('pipe')])
    const reader = spawn('cat', [path('pipe')])
    let read = ''
    reader.stdout.on('data', (d) => (read += d))
    const closed = new Promise((done) => reader.on('close', done))
    await ok(['export', '--db', t.db, '--out', path('pipe')])
    await closed
    expect(read).toBe(await ok(['export', '--db', t.db]))
    expect(lstatSync(path('pipe')).isFIFO()).toBe(true)
  })

  it('export and report --out a character device write into it and leave it a device', async () => {
    // A private copy of /dev/null where the tests may create one; /dev/null itself otherwise.
    const device = ROOT_USER && spawnSync('mknod', [path('null'), 'c', '1', '3']).status === 0 ? path('null') : '/dev/null'
    await ok(['export', '--db', t.db, '--out', device])
    await ok(['report', '--db', t.db, '--out', device])
    expect(lstatSync(device).isCharacterDevice()).toBe(true)
    expect(readdirSync(t.dir).filter((f) => f.includes('partial'))).toEqual([])
  })

  it.each([
    [['export'], 'a folder', () => path(''), /^toil: out: ".*" is a folder; give a file name$/],
    [['report'], 'a folder', () => path(''), /^toil: out: ".*" is a folder; give a file name$/],
    [['export'], 'a missing folder', () => path('no/such/x.jsonl'), /^toil: out: ".*no\/such\/x\.jsonl" cannot be written: no such file or folder$/],
    [['report'], 'a missing folder', () => path('no/such/r.txt'), /^toil: out: ".*no\/such\/r\.txt" cannot be written: no such file or folder$/],
  ])('%j --out %s is bad input: exit 2, one line, nothing written', async (command, _what, target, message) => {
    const before = readdirSync(t.dir).sort()
    expectOneLine(await toil([...command, '--db', t.db, '--out', target()]), 2, message)
    expect(readdirSync(t.dir).sort()).toEqual(before)
  })

  it('backups go through a backups folder that is a symbolic link', async () => {
    mkdirSync(path('nas'))
    symlinkSync(path('nas'), path('backups'))
    const {json} = await toilJson(t.db, ['backup'])
    expect(lstatSync(path('backups')).isSymbolicLink()).toBe(true)
    expect(readdirSync(path('nas'))).toEqual([json.backup.split('/').at(-1)])
  })
})

describe('failures a user can cause or fix: one line, a documented exit code, never "internal error"', () => {
  it('busy: a writer waits for a lock held a while, and past $TOIL_BUSY_TIMEOUT says "busy, try again" (exit 5)', async () => {
    await ok(['log', 'deploy', '10m', '--db', t.db])
    const holder = new Database(t.db)
    holder.pragma('busy_timeout = 10000')
    holder.exec('BEGIN IMMEDIATE')
    try {
      const busy = await toil(['log', 'deploy', '5m', '--db', t.db], {env: {TOIL_BUSY_TIMEOUT: '0.5'}})
      expectOneLine(busy, 5, /^toil: .*toil\.db is busy: another toil command \(an import or a restore, say\) has held it for more than 0\.5 s; try again when it has finished$/)
      const json = await toilJson(t.db, ['undo'], {env: {TOIL_BUSY_TIMEOUT: '0.5'}})
      expect(json.code).toBe(5)
      expect(json.json.error.code).toBe('busy')
      // Under the default bound (60 s) a writer waits: the lock is released while it waits.
      const waiting = toil(['log', 'deploy', '5m', '--note', 'waited', '--db', t.db])
      await new Promise((r) => setTimeout(r, 1500))
      holder.exec('COMMIT')
      expect((await waiting).code).toBe(0)
    } finally {
      if (holder.inTransaction) holder.exec('COMMIT')
      holder.close()
    }
    expect(count(t.db, `WHERE note = 'waited'`)).toBe(1)
    expectOneLine(await toil(['log', 'deploy', '5m', '--db', t.db], {env: {TOIL_BUSY_TIMEOUT: 'soon'}}), 2, 'TOIL_BUSY_TIMEOUT: "soon" is not a number of seconds from 0 to 3600')
  })

  it('a read-only database file: writes exit 6 naming it; reads still work', async () => {
    await ok(['log', 'deploy', '10m', '--db', t.db])
    chmodSync(t.dir, 0o777)
    chmodSync(t.db, 0o444)
    expectOneLine(await toilAs(['log', 'deploy', '5m', '--db', t.db]), 6, `toil: ${t.db} cannot be written: the file or its file system is read-only`)
    expect((await toilAs(['entries', '--db', t.db])).code).toBe(0)
  })

  it('a read-only folder: exit 6 saying SQLite needs the folder writable', async () => {
    await ok(['log', 'deploy', '10m', '--db', t.db])
    chmodSync(t.db, 0o666)
    chmodSync(t.dir, 0o555)
    expectOneLine(await toilAs(['entries', '--db', t.db]), 6, `toil: ${t.db} cannot be used: its folder is not writable`)
    chmodSync(t.dir, 0o755)
  })

  it('permission denied on the database file: exit 6', async () => {
    await ok(['log', 'deploy', '10m', '--db', t.db])
    chmodSync(t.db, 0o000)
    expectOneLine(await toilAs(['entries', '--db', t.db]), 6, `toil: ${t.db}: permission denied; check the permissions of the file and its folder`)
    const json = await toilAs(['entries', '--db', t.db, '--json'])
    expect(JSON.parse(json.stdout).error.code).toBe('permission-denied')
  })

  it('a database another program stripped of a table: exit 3, not an internal error', async () => {
    await ok(['log', 'deploy', '10m', '--db', t.db])
    const db = new Database(t.db)
    db.exec('DROP TABLE capacity')
    db.close()
    expectOneLine(await toil(['team', 'list', '--db', t.db]), 3, /lacks part of toil's schema \(no such table: (main\.)?capacity\)/)
  })

  it(CAN_MOUNT ? 'a read-only file system (a tmpfs remounted read-only): exit 6' : 'a read-only file system (simulated by a read-only database file: mount not permitted here): exit 6', async () => {
    const dir = CAN_MOUNT ? mountTmpfs('ro', '1m')! : t.dir
    const db = join(dir, 'toil.db')
    await ok(['log', 'deploy', '10m', '--db', db])
    if (CAN_MOUNT) expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0)
    else chmodSync(db, 0o444)
    const run = CAN_MOUNT ? toil : toilAs
    expectOneLine(await run(['log', 'deploy', '5m', '--db', db], {}), 6, CAN_MOUNT ? `${db} cannot be written: its file system is read-only (mounted read-only)` : `${db} cannot be written: the file or its file system is read-only`)
    // An export from a database elsewhere to the read-only place is refused as a bad --out.
    await ok(['log', 'deploy', '10m', '--db', t.db])
    expectOneLine(await run(['export', '--db', t.db, '--out', join(dir, 'x.jsonl')], {}), 2, CAN_MOUNT ? 'cannot be written: the file system is read-only' : 'cannot be written: permission denied')
  })

  it(CAN_MOUNT ? 'a full disk (a 1 MB tmpfs): log, import and backup exit 6, export --out exits 2, nothing half written' : 'a full disk (simulated: /dev/full for the output and a file-size limit for the database, as mount is not permitted here)', async () => {
    const big = path('big.jsonl')
    execFileSync(process.execPath, [join(ROOT, 'bench/generate.js'), '6000', big, '1'])
    if (CAN_MOUNT) {
      const dir = mountTmpfs('full', '1m')!
      const db = join(dir, 'toil.db')
      await ok(['log', 'deploy', '10m', '--db', db])
      // The import does not fit: the disk's fault, not line so-and-so's.
      const imported = await toil(['import', big, '--db', db])
      expectOneLine(imported, 6, `toil: no space left to write ${db}; free some space on its disk and try again (nothing was changed)`)
      expect(count(db)).toBe(1)
      // Fill what is left: dd stops at the first write the disk refuses.
      spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=16k'])
      expectOneLine(await toil(['log', 'deploy', '5m', '--db', db]), 6, /^toil: no space left to write .*toil\.db; free some space on its disk and try again \(nothing was changed\)$/)
      expectOneLine(await toil(['backup', '--db', db]), 6, /no space left/)
      expectOneLine(await toil(['export', '--db', db, '--out', join(dir, 'x.jsonl')]), 2, 'cannot be written: no space left on the device')
      expect(readdirSync(dir).filter((f) => f.includes('partial') || f === 'x.jsonl' || f.startsWith('.'))).toEqual([])
      expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []).toEqual([])
    } else {
      await ok(['log', 'deploy', '10m', '--db', t.db])
      expectOneLine(await toil(['export', '--db', t.db, '--out', '/dev/full']), 2, 'cannot be written: no space left on the device')
      const limited = spawnSync('sh', ['-c', `trap '' XFSZ; ulimit -f 256; exec "$0" "$@"`, process.execPath, BIN, 'import', big, '--db', t.db], {env: {...process.env, TOIL_USER: 'alice', NODE_ENV: undefined}, encoding: 'utf8'})
      expect(limited.status).toBe(6)
      expect(limited.stderr.trimEnd().split('\n')).toHaveLength(1)
    }
  })
})

describe('user text on the terminal', () => {
  const hostile = 'x\u001b[2J\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007\u009b31m\u202eevil'

  it('notes are shown with control characters escaped; JSON keeps them exactly', async () => {
    await ok(['log', 'deploy', '10m', '--note', hostile, '--db', t.db])
    const shown = await ok(['entries', '--db', t.db], {COLUMNS: '200'})
    expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(shown).toContain('x\\x1b[2J\\x1b]8;;http://e')
    const json = await toilJson(t.db, ['entries'])
    expect(json.json.entries[0].note).toBe(hostile)
  })

  it('names written by another program are escaped in every view; the Markdown report escapes HTML', async () => {
    // Answered as toil, so the report lists the task among its top toil tasks.
    await ok(['log', 'deploy', '10m', '--times', '3', '--day', '2026-10-05', '--db', t.db])
    await ok(['task', 'edit', 'deploy', '--manual', '--automatable', '--no-enduring-value', '--db', t.db])
    const db = new Database(t.db)
    db.prepare(`UPDATE tasks SET name = ?`).run(`<script>alert(1)</script> \u001b[2J\u202eevil`)
    db.prepare(`UPDATE teams SET name = ?`).run(`team\u009b31m`)
    db.close()
    const shown: string[] = []
    for (const args of [['entries'], ['task', 'list'], ['task', 'show', `<script>alert(1)</script> \u001b[2J\u202eevil`, '--team', 'team\u009b31m'], ['classify'], ['candidates'], ['forecast'], ['report', '--month', '2026-10']]) {
      const result = await toil([...args, '--db', t.db])
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).not.toBe(1)
      shown.push(`${result.stdout}${result.stderr}`)
    }
    expect(shown.join('')).toContain('\\x1b[2J\\u202eevil')
    for (const text of shown) expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    const markdown = await ok(['report', '--month', '2026-10', '--format', 'markdown', '--db', t.db])
    expect(markdown).not.toContain('<script>')
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
    const undone = await toil(['undo', '--db', t.db])
    expect(undone.code).toBe(0)
    expect(undone.stdout).toContain('[2J\\u202eevil')
    expect(undone.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
  })
})
