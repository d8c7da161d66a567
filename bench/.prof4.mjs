import Database from 'better-sqlite3'
import {readFileSync, rmSync} from 'node:fs'
import {MIGRATIONS} from '/work/main/dist/store/schema.js'
const lines = []
let n=0
for (const l of readFileSync('/work/main/bench/data/history-1000000.jsonl', 'utf8').split('\n')) { if (l.includes('"type":"entry"')) { const e = JSON.parse(l); if (process.env.V7) { const ms = Date.parse(e.createdAt) + (n++ % 1000); const h = ms.toString(16).padStart(12,'0'); e.id = `${h.slice(0,8)}-${h.slice(8,12)}-7${e.id.slice(15)}` } lines.push(e) } }
for (const variant of process.argv.slice(2)) {
  rmSync('/tmp/q.db', {force: true}); rmSync('/tmp/q.db-wal', {force: true})
  const db = new Database('/tmp/q.db'); db.pragma('journal_mode=WAL'); db.pragma('synchronous=NORMAL'); db.pragma('cache_size=-65536')
  db.exec(MIGRATIONS[0])
  if (variant.startsWith('bare')) db.exec('DROP TABLE entries; CREATE TABLE entries (seq INTEGER PRIMARY KEY, id TEXT' + (variant.includes('uniq') ? ' UNIQUE' : '') + ', task_id INTEGER, engineer TEXT, day TEXT, minutes INTEGER, count INTEGER, tags TEXT, note TEXT, created_at TEXT)')
  db.exec("INSERT INTO teams(id,name) VALUES (1,'t'); INSERT INTO tasks(id,team_id,name,created_at) VALUES (1,1,'x','now')")
  const B = variant.includes('batch') ? 100 : 1
  const one = '(?, ?, ?, ?, ?, ?, ?, ?, ?)'
  const st = db.prepare(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at) VALUES ${Array(B).fill(one).join(',')} ON CONFLICT DO NOTHING`)
  const jst = db.prepare(`INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at) SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8 FROM json_each(?) WHERE 1 ON CONFLICT DO NOTHING`)
  const t = performance.now()
  db.transaction(() => {
    if (variant.includes('json')) {
      for (let i = 0; i < lines.length; i += 1000) jst.run(JSON.stringify(lines.slice(i, i + 1000).map(e => [e.id, 1, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt])))
    } else {
      const params = []
      for (const e of lines) { params.push(e.id, 1, e.engineer, e.day, e.minutes, e.count, JSON.stringify(e.tags), e.note, e.createdAt); if (params.length === 9 * B) { st.run(params); params.length = 0 } }
    }
  })()
  console.log(variant, (performance.now() - t).toFixed(0), 'ms')
  db.close()
}
