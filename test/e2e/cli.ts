import Database from 'better-sqlite3'
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, closeSync, cpSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'

import {afterAll} from 'vitest'

import {openSqliteStore} from '../../src/store/sqlite/open.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/run.js')
const NO_CONFIG = join(tmpdir(), 'toil-tests-no-config')

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  input?: string
  cwd?: string
  /** Another user to run as (the tests run as root here). */
  uid?: number
  gid?: number
}

/** Copies of the CLI other users can run, one per user, removed when the tests end. */
const copies = new Map<number, string>()
afterAll(() => {
  for (const bin of copies.values()) rmSync(dirname(dirname(dirname(bin))), {recursive: true, force: true})
  copies.clear()
})

/**
 * The CLI as another user can run it: the checkout may be in a folder only its owner can read
 * (root's home folder), so the built CLI is copied to a folder anyone can read; its packages are
 * linked where that user can read them, else copied (hard links where the file system allows).
 */
export function cliFor(uid: number, gid = uid): string {
  const known = copies.get(uid)
  if (known !== undefined) return known
  const dir = mkdtempSync(join(tmpdir(), 'toil-cli-'))
  chmodSync(dir, 0o755)
  const root = join(dir, 'toil')
  mkdirSync(root)
  for (const part of ['bin', 'dist', 'package.json', 'oclif.manifest.json']) cpSync(join(ROOT, part), join(root, part), {recursive: true})
  const modules = realpathSync(join(ROOT, 'node_modules'))
  const readable = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(join(modules, '@oclif/core/package.json'))})`], {uid, gid}).status === 0
  if (readable) symlinkSync(modules, join(root, 'node_modules'))
  else if (spawnSync('cp', ['-al', modules, join(root, 'node_modules')]).status !== 0) {
    rmSync(join(root, 'node_modules'), {recursive: true, force: true})
    cpSync(modules, join(root, 'node_modules'), {recursive: true})
  }
  const bin = join(root, 'bin/run.js')
  copies.set(uid, bin)
  return bin
}

/** Runs the built CLI as a user would, in a child process. */
export function toil(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const bin = options.uid === undefined || options.uid === process.getuid?.() ? BIN : cliFor(options.uid, options.gid)
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      uid: options.uid,
      gid: options.gid,
      // Without vitest's NODE_ENV=test, under which oclif adds developer warnings a user never sees.
      // No config file unless a test writes one: a developer's own never leaks in.
      env: {...process.env, NO_COLOR: '1', TOIL_USER: 'alice', TOIL_TEAM: undefined, TOIL_DB: undefined, XDG_CONFIG_HOME: NO_CONFIG, DEBUG: undefined, NODE_ENV: undefined, ...options.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', fail)
    child.on('close', (code) => done({code: code ?? -1, stdout, stderr}))
    child.stdin.end(options.input ?? '')
  })
}

/** A fresh temporary directory with a database path in it; `cleanup` removes both. */
export function tempDb(): {dir: string; db: string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), 'toil-test-'))
  return {dir, db: join(dir, 'toil.db'), cleanup: () => rmSync(dir, {recursive: true, force: true})}
}

/** Runs with `--db` and `--json` and parses stdout. */
export async function toilJson<T = any>(db: string, args: string[], options: RunOptions = {}): Promise<{code: number; json: T; stderr: string}> {
  const result = await toil([...args, '--db', db, '--json'], options)
  let json: T
  try {
    json = JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`)
  }
  return {code: result.code, json, stderr: result.stderr}
}

/** Runs a command that must succeed, with `--db`; returns its stdout. */
export async function toilOk(db: string, args: string[]): Promise<string> {
  const result = await toil([...args, '--db', db])
  if (result.code !== 0) throw new Error(`toil ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`)
  return result.stdout
}

/** Runs a command that must succeed, with `--db` and `--json`; returns its JSON. */
export async function toilJsonOk<T = any>(db: string, args: string[]): Promise<T> {
  const result = await toilJson<T>(db, args)
  if (result.code !== 0) throw new Error(`toil ${args.join(' ')} exited ${result.code}: ${JSON.stringify(result.json)}`)
  return result.json
}

/** Days relative to the real today, as the CLI computes them (local time). */
export function daysAgo(n: number): string {
  const d = new Date()
  d.setDate(d.getDate() - n)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** The rows an SQL query returns from the SQLite file at `path`, opened read-only. */
export function queryDb(path: string, sql: string, ...params: unknown[]): any[] {
  const db = new Database(path, {readonly: true})
  try {
    return db.prepare(sql).all(...params)
  } finally {
    db.close()
  }
}

/** Every stored row, as one string: equal before and after a command that must write nothing. */
export function dumpDb(path: string): string {
  const db = new Database(path, {readonly: true})
  try {
    return JSON.stringify(['teams', 'capacity', 'tasks', 'entries'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()))
  } finally {
    db.close()
  }
}

/**
 * Overwrites the b-tree page header of one table, in place: the schema still reads, that
 * table does not. The file is first taken out of WAL mode, so the damage is in the file itself.
 */
export function damageTable(path: string, table: string): void {
  const db = new Database(path)
  let offset: number
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.pragma('journal_mode = DELETE')
    const pageSize = db.pragma('page_size', {simple: true}) as number
    const root = (db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(table) as {rootpage: number}).rootpage
    offset = (root - 1) * pageSize
  } finally {
    db.close()
  }
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, offset)
  } finally {
    closeSync(fd)
  }
}

/** A toil database with nothing in it yet, as the first command that writes leaves it (commands that only read never create one). */
export async function emptyDb(path: string): Promise<void> {
  await openSqliteStore(path).close()
}
