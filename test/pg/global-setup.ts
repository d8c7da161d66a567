/**
 * Starts a throwaway PostgreSQL server for the whole run and stops it afterwards:
 * initdb into a temporary folder (as the `postgres` user when run as root, since
 * initdb refuses root), a Unix socket in that folder, and a loopback TCP port whose
 * logins need a password (for the tests of wrong passwords). fsync is off: the
 * data is thrown away. If the server cannot start, the run fails and says why.
 */
import {execFileSync} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {TestProject} from 'vitest/node'

import type {PgServer} from './server.js'

/** The server binaries: `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
function binDir(): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))
  try {
    const dir = execFileSync('pg_config', ['--bindir'], {encoding: 'utf8'}).trim()
    if (has(dir)) return dir
  } catch {
    // No pg_config: look where Debian puts the server.
  }
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => has(join(root, v, 'bin'))).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian\'s postgresql package (apt-get install -y postgresql); .ci/run does this')
  }
  return join(root, versions[0]!, 'bin')
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => done(port))
    })
  })
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = binDir()
  const root = mkdtempSync(join(tmpdir(), 'toil-pg-'))
  const data = join(root, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], {encoding: 'utf8'}).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], {encoding: 'utf8'}).trim())
    chownSync(root, uid, gid)
  }
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args]
    try {
      return execFileSync(file, argv, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
    } catch (error) {
      const e = error as {stderr?: string; message: string}
      throw new Error(`PostgreSQL test server: ${command} failed: ${(e.stderr || e.message).trim()}`)
    }
  }
  const port = await freePort()
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '--encoding', 'UTF8', '--locale', 'C.UTF-8'])
  // Trust on the socket; a password (SCRAM) over TCP, for the tests of wrong passwords.
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n')
  const options = `-k ${root} -c listen_addresses=127.0.0.1 -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB`
  try {
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start'])
  } catch (error) {
    let log = ''
    try {
      log = execFileSync('tail', ['-n', '20', join(root, 'server.log')], {encoding: 'utf8'})
    } catch {
      // No log yet.
    }
    rmSync(root, {recursive: true, force: true})
    throw new Error(`${(error as Error).message}\n${log}`)
  }
  const server: PgServer = {socketDir: root, port}
  project.provide('pg', server)
  return () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  }
}
