import Database from 'better-sqlite3'
import {readFileSync, rmSync} from 'node:fs'
import {MIGRATIONS} from '/work/main/dist/store/schema.js'
const lines = []
for (const l of readFileSync('/work/main/bench/data/history-1000000.jsonl', 'utf8').split('\n')) { if (l.includes('"type":"entry"')) lines.push(JSON.parse(l)) }
for (const variant of process.argv.slice(2)) {
  rmSync('/tmp/q.db', {force: true}); rmSync('/tmp/q.db-wal', {force: true})
  const db = new Database('/tmp/q.db'); db.pragma('journal_mode=WAL'); db.pragma('synchronous=NORMAL'); db.pragma('cache_size=-65536')
  let schema = MIGRATIONS[0]
  if (variant.includes('nochecks')) schema = schema.replace(/CHECK \((length\(id\)|day GLOB|json_valid)[^\n]*\)/g, '')
  db.exec(schema)
  db.exec('DROP INDEX entries_by_task')
  const idx = db.prepare("select sql from sqlite_schema where type='index' and sql is not null").all().map(r => r.sql)
  db.exec("INSERT INTO teams(id,name) VALUES (1,'t'); INSERT INTO tasks(id,team_id,name,created_at) VALUES (1,1,'x','now')")
  const st = db.prepare('INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
  const t = performance.now()
  db.transaction(() => {
    if (variant.includes('rebuild')) db.exec('DROP INDEX entries_by_day; DROP INDEX entries_by_engineer')
    for (const e of lines) st.run(e.id, 1, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt)
    if (variant.includes('rebuild')) for (const s of idx) db.exec(s)
  })()
  console.log(variant, (performance.now() - t).toFixed(0), 'ms')
  db.close()
}
