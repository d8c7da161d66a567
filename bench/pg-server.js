// A throwaway PostgreSQL server for the bench, started like the tests' (test/pg/global-setup.ts):
// initdb into a temporary folder (as `postgres` when root), a Unix socket there, fsync off.
import {execFileSync} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

function binDir() {
  const has = (dir) => existsSync(join(dir, 'initdb'))
  try {
    const dir = execFileSync('pg_config', ['--bindir'], {encoding: 'utf8'}).trim()
    if (has(dir)) return dir
  } catch {}
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => has(join(root, v, 'bin'))).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found: apt-get install -y postgresql')
  return join(root, versions[0], 'bin')
}

export function startServer(port = 54_329) {
  const bin = binDir()
  const root = mkdtempSync(join(tmpdir(), 'toil-bench-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) chownSync(root, Number(execFileSync('id', ['-u', 'postgres'], {encoding: 'utf8'})), Number(execFileSync('id', ['-g', 'postgres'], {encoding: 'utf8'})))
  const run = (command, args) => execFileSync(...(asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args]), {stdio: ['ignore', 'pipe', 'pipe']})
  const data = join(root, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '--encoding', 'UTF8', '--locale', 'C.UTF-8'])
  run('pg_ctl', ['-D', data, '-o', `-k ${root} -c listen_addresses= -p ${port} -c fsync=off -c shared_buffers=128MB -c max_wal_size=2GB`, '-l', join(root, 'log'), '-w', 'start'])
  const psql = (sql) => execFileSync('psql', ['-h', root, '-p', String(port), '-U', 'postgres', '-qAtc', sql], {encoding: 'utf8'})
  return {
    // Trust authentication on the socket: any login role connects by naming it.
    url: (database, user = 'postgres') => `postgres://${encodeURIComponent(user)}@localhost/${database}?host=${encodeURIComponent(root)}&port=${port}`,
    connection: (database) => ({host: root, port, user: 'postgres', database}),
    createDatabase: (name) => psql(`CREATE DATABASE ${name}`),
    /** Runs SQL as the superuser, in the server's default database. */
    psql,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(root, {recursive: true, force: true})
      }
    },
  }
}
