// Benchmarks of SPEC issue "Performance": prints medians, ratios and peak memory.
// Usage: npm run bench            (all sizes: 10k, 100k, 1M entries; SQLite, then PostgreSQL, then
//                                  PostgreSQL's views as a team's lead and engineer against its owner)
//        BENCH_SIZES=10000,100000 npm run bench
//        BENCH_STORES=sqlite npm run bench; BENCH_PG_SIZES=10000,100000 for PostgreSQL's sizes alone
//        BENCH_STORES=pg-access npm run bench   (members against the owner alone: bench/pg-access.js)
import {execFileSync, spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {cpus, totalmem} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {AS_OF, jiraCsv, pagerDutyCsv, pagerDutyRawJson, writeHistory} from './generate.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const data = join(root, 'bench', 'data')
const bin = join(root, 'bin', 'run.js')
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const TIME = '/usr/bin/time'
const hasTime = existsSync(TIME)
mkdirSync(data, {recursive: true})

/** Wall seconds and peak RSS (MB) of one process run. */
function measure(command, args, env = {}, cwd = undefined) {
  const full = hasTime ? [TIME, ['-f', '%e %M', command, ...args]] : [command, args]
  const start = process.hrtime.bigint()
  const result = spawnSync(full[0], full[1], {cwd, env: {...process.env, NO_COLOR: '1', TOIL_USER: 'bench', XDG_DATA_HOME: data, ...env}, encoding: 'utf8', maxBuffer: 1 << 28})
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
  const last = result.stderr.trim().split('\n').at(-1) ?? ''
  const rss = hasTime ? Number(last.split(' ')[1]) / 1024 : Number.NaN
  return {wall, rss}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function summary(runs) {
  return {wall: median(runs.map((r) => r.wall)), rss: Math.max(...runs.map((r) => r.rss))}
}

const ms = (s) => `${(s * 1000).toFixed(0)} ms`
const mb = (v) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(0)} MB`)
const rows = []
/** The wall time of the last row of each name, for ratios between rows. */
measure.last = {}
const row = (name, r, extra = '') => {
  rows.push([name, ms(r.wall), mb(r.rss), extra])
  measure.last[name] = r.wall
  console.log(`${name.padEnd(44)} ${ms(r.wall).padStart(9)} ${mb(r.rss).padStart(8)}  ${extra}`)
}

console.log(`toil benchmarks — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, median of ${RUNS} runs`)
console.log(`${'benchmark'.padEnd(44)} ${'median'.padStart(9)} ${'peak RSS'.padStart(8)}`)

const stores = (process.env.BENCH_STORES ?? 'sqlite,postgres,pg-access').split(',')
const pgSizes = (process.env.BENCH_PG_SIZES ?? sizes.join(',')).split(',').map(Number)
/** PostgreSQL's benchmarks that BENCH_STORES names: the store's own, then members against the owner. */
async function benchTeamDatabase(at) {
  const helpers = {root, data, sizes: at, RUNS, AS_OF, measure, summary, row, ms}
  if (stores.includes('postgres')) await (await import('./postgres.js')).benchPostgres(helpers)
  if (stores.includes('pg-access')) await (await import('./pg-access.js')).benchPgAccess(helpers)
}
if (!stores.includes('sqlite')) {
  // PostgreSQL alone: the histories, then its half.
  for (const size of sizes) {
    const file = join(data, `history-${size}.jsonl`)
    if (!existsSync(file)) await writeHistory(size, file, 1)
  }
  await benchTeamDatabase(sizes)
  process.exit(0)
}

const dbs = {}
for (const size of sizes) {
  const file = join(data, `history-${size}.jsonl`)
  if (!existsSync(file)) await writeHistory(size, file, 1)
  const db = join(data, `toil-${size}.db`)
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, {force: true})
  rmSync(join(data, 'backups'), {recursive: true, force: true})
  const imported = measure('node', [bin, 'import', file, '--db', db])
  row(`import ${size.toLocaleString('en')} entries`, imported, `${Math.round(size / imported.wall).toLocaleString('en')} entries/s, file ${(statSync(file).size / 2 ** 20).toFixed(0)} MB`)
  dbs[size] = db
}

// What SQLite alone costs for the largest history: the floor under the import figure above.
{
  const size = Math.max(...sizes)
  const floorDb = join(data, 'floor.db')
  const result = spawnSync('node', [join(root, 'bench', 'sqlite-floor.js'), join(data, `history-${size}.jsonl`), floorDb], {encoding: 'utf8', maxBuffer: 1 << 20})
  if (result.status !== 0) throw new Error(`bench/sqlite-floor.js failed (${result.status}): ${result.stderr}`)
  const t = JSON.parse(result.stdout)
  const parts = `insert ${ms(t.insertMs / 1000)}, indexes ${ms(t.indexMs / 1000)}, commit ${ms(t.commitMs / 1000)}`
  row(`  SQLite alone, same ${size.toLocaleString('en')} rows`, {wall: t.totalMs / 1000, rss: Number.NaN}, `${Math.round(size / (t.totalMs / 1000)).toLocaleString('en')} entries/s (${parts}; bench/sqlite-floor.js)`)
  for (const f of [floorDb, `${floorDb}-wal`, `${floorDb}-shm`]) rmSync(f, {force: true})
}

// toil log against a copy of the smallest database, beside a bare Node that loads the SQLite driver.
const logDb = join(data, 'log.db')
copyFileSync(dbs[sizes[0]], logDb)
for (const f of [`${logDb}-wal`, `${logDb}-shm`]) rmSync(f, {force: true})
// Alternated run by run, so a busier moment of the machine weighs on both sides of the ratio alike.
const pairs = Array.from({length: RUNS * 2}, () => [
  measure('node', ['-e', "require('better-sqlite3')"]),
  measure('node', [bin, 'log', 'restart worker 1', '15m', '--times', '2', '--tag', 'oncall', '--team', 'team-01', '--new', '--db', logDb]),
])
const bare = summary(pairs.map(([b]) => b))
const log = summary(pairs.map(([, l]) => l))
row('bare node + better-sqlite3', bare)
row('toil log', log, `${(log.wall / bare.wall).toFixed(2)} × bare node (target ≤ 1.5)`)

const month = AS_OF.slice(0, 7) === '2026-11' ? '2026-10' : 'last'
const views = [
  ['report --month (table)', ['report', '--month', month, '--as-of', AS_OF]],
  ['report --month --format json', ['report', '--month', month, '--format', 'json', '--as-of', AS_OF]],
  ['forecast', ['forecast', '--as-of', AS_OF]],
  ['candidates', ['candidates', '--as-of', AS_OF]],
]
for (const [name, args] of views) {
  // Sizes alternate run by run, like log and bare node above, so the ratio compares like with like.
  const runs = Array.from({length: RUNS}, () => sizes.map((size) => measure('node', [bin, ...args, '--db', dbs[size]])))
  const results = {}
  for (const [i, size] of sizes.entries()) {
    results[size] = summary(runs.map((run) => run[i]))
    row(`${name} @ ${size.toLocaleString('en')}`, results[size])
  }
  const small = results[Math.min(...sizes)]
  const large = results[Math.max(...sizes)]
  if (sizes.length > 1) console.log(`${''.padEnd(44)} ratio ${Math.max(...sizes).toLocaleString('en')} ÷ ${Math.min(...sizes).toLocaleString('en')}: ${(large.wall / small.wall).toFixed(2)} (target ≤ 3)`)
}
// Every entry listed, into a pipe (nothing cut), as a table and as JSON: linear in the entries.
for (const size of sizes.filter((n) => n <= 100_000)) {
  for (const [name, extra] of [['entries --limit 0 (table)', []], ['entries --limit 0 --json', ['--json']]]) {
    row(`${name} @ ${size.toLocaleString('en')}`, summary(Array.from({length: RUNS}, () => measure('node', [bin, 'entries', '--limit', '0', ...extra, '--db', dbs[size]]))), size === 100_000 ? 'target < 2 s' : '')
  }
}
// 20,000 PagerDuty incidents (the CSV export's limit) into a fresh database, then again (all already imported).
const incidents = join(data, 'pagerduty-20000.csv')
if (!existsSync(incidents)) writeFileSync(incidents, pagerDutyCsv(20_000))
const importRuns = Array.from({length: RUNS}, () => {
  const db = join(data, 'pagerduty.db')
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, {force: true})
  rmSync(join(data, 'backups'), {recursive: true, force: true})
  const args = [bin, 'import', '--from', 'pagerduty', incidents, '--team', 'sre', '--db', db]
  return [measure('node', args, {TZ: 'UTC'}), measure('node', args, {TZ: 'UTC'})]
})
row('import --from pagerduty 20,000 incidents', summary(importRuns.map(([first]) => first)), 'target < 3 s, < 300 MB')
row('  the same file again (all already imported)', summary(importRuns.map(([, again]) => again)))

/** Imports `file` from `source` into a fresh database RUNS times; its median and peak RSS. */
function sourceImport(source, file) {
  return summary(Array.from({length: RUNS}, () => {
    const db = join(data, `${source}.db`)
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, {force: true})
    rmSync(join(data, 'backups'), {recursive: true, force: true})
    return measure('node', [bin, 'import', '--from', source, file, '--team', 'sre', '--db', db, '--allow-long-days'], {TZ: 'UTC'})
  }))
}

/** What SQLite alone costs to insert `n` entries into toil's schema (bench/sqlite-floor.js): the floor under an import of as many. */
async function sqliteFloor(n) {
  const history = join(data, `history-floor-${n}.jsonl`)
  if (!existsSync(history)) await writeHistory(n, history, 1)
  const floorDb = join(data, 'floor.db')
  const result = spawnSync('node', [join(root, 'bench', 'sqlite-floor.js'), history, floorDb], {encoding: 'utf8', maxBuffer: 1 << 20})
  if (result.status !== 0) throw new Error(`bench/sqlite-floor.js failed (${result.status}): ${result.stderr}`)
  for (const f of [floorDb, `${floorDb}-wal`, `${floorDb}-shm`]) rmSync(f, {force: true})
  return JSON.parse(result.stdout).totalMs / 1000
}

// The same 20,000 incidents as raw-incidents JSON (20 pages), and a Jira CSV of 20,000 issues and
// 80,000 worklogs, each beside what SQLite alone takes for as many entries.
const rawIncidents = join(data, 'pagerduty-raw-20000.json')
if (!existsSync(rawIncidents)) writeFileSync(rawIncidents, pagerDutyRawJson(20_000))
const issues = join(data, 'jira-20000.csv')
if (!existsSync(issues)) writeFileSync(issues, jiraCsv(20_000))
const floor20k = await sqliteFloor(20_000)
row('import --from pagerduty raw JSON 20,000', sourceImport('pagerduty', rawIncidents), `target < 3 s, < 300 MB; file ${(statSync(rawIncidents).size / 2 ** 20).toFixed(0)} MB`)
row('  SQLite alone, 20,000 entries', {wall: floor20k, rss: Number.NaN}, 'bench/sqlite-floor.js')
const jira = sourceImport('jira', issues)
const floor80k = await sqliteFloor(80_000)
row('import --from jira CSV 20,000 issues', jira, `80,000 worklogs; target < 5 s, < 300 MB; file ${(statSync(issues).size / 2 ** 20).toFixed(0)} MB`)
row('  SQLite alone, 80,000 entries', {wall: floor80k, rss: Number.NaN}, 'bench/sqlite-floor.js')

// The same on a throwaway PostgreSQL server (BENCH_STORES=sqlite skips it; BENCH_PG_SIZES limits its sizes).
await benchTeamDatabase(pgSizes)
console.log(`reproduce: npm run bench   (git ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8'}).trim()})`)
