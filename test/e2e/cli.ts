import Database from 'better-sqlite3'
import {spawn} from 'node:child_process'
import {closeSync, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {openSqliteStore} from '../../src/store/sqlite/open.js'

const BIN = resolve(import.meta.dirname, '../../bin/run.js')
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

/** Runs the built CLI as a user would, in a child process. */
export function toil(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
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
