import Database from 'better-sqlite3'
import {readFileSync, rmSync} from 'node:fs'
import {MIGRATIONS} from '/work/main/dist/store/schema.js'
const lines = []
let n=0
for (const l of readFileSync('/work/main/bench/data/history-1000000.jsonl', 'utf8').split('\n')) { if (l.includes('"type":"entry"')) { const e = JSON.parse(l); if (process.env.V7) { const ms = Date.parse(e.createdAt) + (n++ % 1000); const h = ms.toString(16).padStart(12,'0'); e.id = `${h.slice(0,8)}-${h.slice(8,12)}-7${e.id.slice(15)}` } lines.push(e) } }
const variants = process.argv.slice(2)
for (const variant of variants) {
  rmSync('/tmp/q.db', {force: true}); rmSync('/tmp/q.db-wal', {force: true})
  const db = new Database('/tmp/q.db'); db.pragma('journal_mode=WAL'); db.pragma('synchronous=NORMAL')
  if (variant.includes('cache')) db.pragma('cache_size=-65536')
  db.exec(MIGRATIONS[0])
  const rebuild = variant.includes('rebuild')
  const idx = db.prepare("select sql from sqlite_schema where type='index' and sql is not null").all().map(r => r.sql)
  db.exec("INSERT INTO teams(id,name) VALUES (1,'t'); INSERT INTO tasks(id,team_id,name,created_at) VALUES (1,1,'x','now')")
  const st = db.prepare('INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
  const t = performance.now()
  db.transaction(() => {
    if (rebuild) db.exec('DROP INDEX entries_by_day; DROP INDEX entries_by_task; DROP INDEX entries_by_engineer')
    for (const e of lines) st.run(e.id, 1, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt)
    const t2 = performance.now()
    if (rebuild) for (const s of idx) db.exec(s)
    console.log(' index build', (performance.now() - t2).toFixed(0))
  })()
  console.log(variant, (performance.now() - t).toFixed(0), 'ms', (process.memoryUsage().rss/1e6).toFixed(0), 'MB')
  db.close()
}
