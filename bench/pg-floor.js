// The floor under `toil import` on PostgreSQL: the entries of a generated history, parsed and
// formatted beforehand (not timed), sent by one bare COPY into toil's entries table (schema
// and indexes as toil creates them), in one transaction. No validation, no task lookups, no
// duplicate check: what PostgreSQL alone costs on this machine.
// Usage: node bench/pg-floor.js HISTORY.jsonl HOST PORT DATABASE — prints one JSON line of timings.
import {readFileSync} from 'node:fs'
import {Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'

import pg from 'pg'
import {from as copyFrom} from 'pg-copy-streams'

import {PG_MIGRATIONS} from '../dist/store/postgres/schema.js'

const [file, host, port, database] = process.argv.slice(2)
const esc = (v) => String(v).replaceAll(/[\\\t\n\r]/g, (c) => ({'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'})[c])
const tags = (t) => `{${t.map((v) => `"${v.replaceAll(/["\\]/g, '\\$&')}"`).join(',')}}`
const lines = []
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.includes('"type":"entry"')) continue
  const e = JSON.parse(line)
  lines.push([e.id, 1, e.engineer, e.day, e.minutes, e.count, tags(e.tags), e.note, e.createdAt].map(esc).join('\t'))
}
const chunks = []
for (let i = 0; i < lines.length; i += 2000) chunks.push(`${lines.slice(i, i + 2000).join('\n')}\n`)

const client = new pg.Client({host, port: Number(port), user: 'postgres', database})
await client.connect()
for (const sql of PG_MIGRATIONS) await client.query(sql)
await client.query(`INSERT INTO teams (name) VALUES ('floor'); INSERT INTO tasks (team_id, name, created_at) VALUES (1, 'floor', '2026-01-01T00:00:00Z')`)
const start = performance.now()
await client.query('BEGIN')
await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY entries (id, task_id, engineer, day, minutes, count, tags, note, created_at) FROM STDIN`)))
const copied = performance.now()
await client.query('COMMIT')
const done = performance.now()
await client.end()
console.log(JSON.stringify({entries: lines.length, copyMs: copied - start, commitMs: done - copied, totalMs: done - start}))
