// The PostgreSQL half of `npm run bench`, on a throwaway server: import against a bare COPY,
// toil log against a bare script that loads pg, connects and inserts one row, and the views
// at each size. Called by bench/run.js with its helpers.
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {startServer} from './pg-server.js'

export async function benchPostgres({root, data, sizes, RUNS, AS_OF, measure, summary, row, ms}) {
  const bin = join(root, 'bin', 'run.js')
  const server = startServer()
  try {
    const urls = {}
    for (const size of sizes) {
      server.createDatabase(`bench_${size}`)
      urls[size] = server.url(`bench_${size}`)
      const file = join(data, `history-${size}.jsonl`)
      const imported = measure('node', [bin, 'import', file, '--db', urls[size]])
      row(`pg: import ${size.toLocaleString('en')} entries`, imported, `${Math.round(size / imported.wall).toLocaleString('en')} entries/s`)
    }
    {
      const size = Math.max(...sizes)
      server.createDatabase('bench_floor')
      const {host, port, database} = server.connection('bench_floor')
      const result = spawnSync('node', [join(root, 'bench', 'pg-floor.js'), join(data, `history-${size}.jsonl`), host, String(port), database], {encoding: 'utf8', maxBuffer: 1 << 20})
      if (result.status !== 0) throw new Error(`bench/pg-floor.js failed (${result.status}): ${result.stderr}`)
      const t = JSON.parse(result.stdout)
      const toil = size / measure.last[`pg: import ${size.toLocaleString('en')} entries`]
      row(`  pg: bare COPY, same ${size.toLocaleString('en')} rows`, {wall: t.totalMs / 1000, rss: Number.NaN},
        `${Math.round(size / (t.totalMs / 1000)).toLocaleString('en')} entries/s (bench/pg-floor.js); toil import at ${(toil / (size / (t.totalMs / 1000))).toFixed(2)} × the floor (target ≥ 0.8)`)
    }

    // toil log against the smallest history, beside a bare Node script that loads pg, connects and inserts one row.
    server.createDatabase('bench_log')
    const logUrl = server.url('bench_log')
    measure('node', [bin, 'import', join(data, `history-${sizes[0]}.jsonl`), '--db', logUrl])
    const c = server.connection('bench_log')
    const bare = `const pg = require('pg'); const c = new pg.Client(${JSON.stringify(c)}); c.connect().then(() => c.query("INSERT INTO entries (id, task_id, engineer, day, minutes, count, tags, note, created_at) VALUES (gen_random_uuid()::text, 1, 'bench', '2026-11-14', 15, 2, '{oncall}', '', now()::text)")).then(() => c.end())`
    const pairs = Array.from({length: RUNS * 2}, () => [
      measure('node', ['-e', bare], {}, root),
      measure('node', [bin, 'log', 'restart worker 1', '15m', '--times', '2', '--tag', 'oncall', '--team', 'team-01', '--new', '--db', logUrl]),
    ])
    const bareRun = summary(pairs.map(([b]) => b))
    const log = summary(pairs.map(([, l]) => l))
    row('pg: bare node + pg, connect, one INSERT', bareRun)
    row('pg: toil log', log, `${(log.wall / bareRun.wall).toFixed(2)} × bare (target ≤ 1.5)`)

    const month = AS_OF.slice(0, 7) === '2026-11' ? '2026-10' : 'last'
    const views = [
      ['pg: report --month (table)', ['report', '--month', month, '--as-of', AS_OF]],
      ['pg: report --month --format json', ['report', '--month', month, '--format', 'json', '--as-of', AS_OF]],
      ['pg: forecast', ['forecast', '--as-of', AS_OF]],
      ['pg: candidates', ['candidates', '--as-of', AS_OF]],
    ]
    for (const [name, args] of views) {
      const runs = Array.from({length: RUNS}, () => sizes.map((size) => measure('node', [bin, ...args, '--db', urls[size]])))
      const results = {}
      for (const [i, size] of sizes.entries()) {
        results[size] = summary(runs.map((run) => run[i]))
        row(`${name} @ ${size.toLocaleString('en')}`, results[size], size >= 1_000_000 ? `(target ≤ ${ms(1)})` : '')
      }
      if (sizes.length > 1) {
        const ratio = results[Math.max(...sizes)].wall / results[Math.min(...sizes)].wall
        console.log(`${''.padEnd(44)} ratio ${Math.max(...sizes).toLocaleString('en')} ÷ ${Math.min(...sizes).toLocaleString('en')}: ${ratio.toFixed(2)} (target ≤ 3)`)
      }
    }
  } finally {
    server.stop()
  }
}
