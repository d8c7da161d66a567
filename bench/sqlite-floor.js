// The floor under `toil import`: the entries of a generated history, parsed beforehand (not
// timed), inserted by a bare better-sqlite3 loop into toil's schema the way the store does it
// (one transaction, secondary indexes dropped and built at the end). No validation, no task
// lookups: what SQLite alone costs on this machine.
// Usage: node bench/sqlite-floor.js HISTORY.jsonl DB   — prints one JSON line of timings.
import Database from 'better-sqlite3'
import {readFileSync, rmSync} from 'node:fs'

import {MIGRATIONS} from '../dist/store/schema.js'

const [file, path] = process.argv.slice(2)
const rows = []
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.includes('"type":"entry"')) continue
  const e = JSON.parse(line)
  rows.push([e.id, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt])
}
for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, {force: true})
const db = new Database(path)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(MIGRATIONS.join(';'))
db.exec(`INSERT INTO teams (id, name) VALUES (1, 'floor'); INSERT INTO tasks (id, team_id, name, created_at) VALUES (1, 1, 'floor', '2026-01-01T00:00:00Z')`)
const indexes = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL`).all()
const insert = db.prepare(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at)
  VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)

const start = performance.now()
db.exec('BEGIN IMMEDIATE')
for (const index of indexes) db.exec(`DROP INDEX ${index.name}`)
for (const row of rows) insert.run(row)
const inserted = performance.now()
for (const index of indexes) db.exec(index.sql)
const indexed = performance.now()
db.exec('COMMIT')
db.close()
const done = performance.now()
console.log(JSON.stringify({entries: rows.length, insertMs: inserted - start, indexMs: indexed - inserted, commitMs: done - indexed, totalMs: done - start}))
