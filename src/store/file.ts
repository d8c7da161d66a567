import {type Stats, closeSync, existsSync, openSync, readSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {DamagedDatabaseError, databaseError, inputError} from '../domain/errors.js'

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'toil', 'toil.db')
}

/**
 * How long a command waits for another one's write lock before it gives up with "busy" (exit 5):
 * 60 s by default, longer than a million-entry import takes (docs/performance.md);
 * `$TOIL_BUSY_TIMEOUT` (seconds) changes it.
 */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.TOIL_BUSY_TIMEOUT
  if (given === undefined || given === '') return 60_000
  if (!/^\d{1,4}(\.\d+)?$/.test(given.trim()) || Number(given) > 3600) {
    throw inputError('TOIL_BUSY_TIMEOUT', given, 'is not a number of seconds from 0 to 3600')
  }
  return Math.round(Number(given) * 1000)
}

const MAGIC = 'SQLite format 3\0'

/** What a file that is not a regular one is, in words; undefined for a regular file. */
export function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined
  if (stat.isDirectory()) return 'a folder'
  if (stat.isCharacterDevice()) return 'a character device'
  if (stat.isBlockDevice()) return 'a block device'
  if (stat.isFIFO()) return 'a FIFO'
  if (stat.isSocket()) return 'a socket'
  return 'a special file'
}

/**
 * Checks an existing file before SQLite touches it: anything that is not a
 * whole SQLite file is refused (exit 3) and left byte for byte as it was.
 */
export function checkDatabaseFile(path: string): 'missing' | 'sqlite' {
  let size: number
  try {
    // Followed through links: only a regular file is a database. A device, FIFO or socket is
    // refused before anything opens it (a FIFO would block) or restore moves it aside.
    const stat = statSync(path)
    const other = notRegular(stat)
    if (other !== undefined) throw databaseError(`${path} is ${other}, not a toil database; --db names a database file`)
    size = stat.size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
  if (size === 0) throw new DamagedDatabaseError(`${path} is an empty file, not a toil database; remove it or choose another --db`)
  const header = Buffer.alloc(100)
  const fd = openSync(path, 'r')
  let read: number
  try {
    read = readSync(fd, header, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (header.toString('latin1', 0, 16) !== MAGIC) throw databaseError(`${path} is not a toil database (not an SQLite file)`)
  const raw = header.readUInt16BE(16)
  const pageSize = raw === 1 ? 65_536 : raw
  // An SQLite file whose header was cut off or half written (the magic, then zeros): damaged, so
  // restore may replace it. The payload fractions (bytes 21-23) are 64, 32, 32 in every SQLite file.
  const validPageSize = pageSize >= 512 && pageSize <= 65_536 && (pageSize & (pageSize - 1)) === 0
  if (read < 100 || !validPageSize || header[21] !== 64 || header[22] !== 32 || header[23] !== 32) {
    throw new DamagedDatabaseError(`${path} has a damaged header; restore it from a backup (toil restore)`)
  }
  const pages = header.readUInt32BE(28)
  const sizeValid = header.readUInt32BE(24) === header.readUInt32BE(92)
  if (sizeValid && pages > 0 && size < pages * pageSize) {
    // A checkpoint writes the header before it extends the file. Read in this order
    // (header, then the WAL's presence, then the size) a live checkpoint is never
    // mistaken for truncation: with no WAL left, the file has reached its size.
    if (existsSync(`${path}-wal`)) return 'sqlite'
    const now = statSync(path).size
    if (now < pages * pageSize) throw new DamagedDatabaseError(`${path} is truncated (${now} of ${pages * pageSize} bytes); restore it from a backup (toil restore)`)
  }
  return 'sqlite'
}

/** What a database file says of itself: its application id, schema version, and whether it has any table yet. */
export interface FileIds {
  applicationId: number
  userVersion: number
  schemaEmpty: boolean
}

/**
 * `application_id` and `user_version` as the file's header holds them, read
 * without SQLite: a read-only SQLite connection to a WAL file leaves -wal and
 * -shm files behind, so a file toil refuses is checked before it is opened.
 * Undefined when a -wal file exists (it may hold a newer header).
 */
export function headerIds(path: string): FileIds | undefined {
  if (existsSync(`${path}-wal`)) return undefined
  // The 100-byte file header, then page 1's b-tree header: the schema table's page type and cell count.
  const header = Buffer.alloc(108)
  const fd = openSync(path, 'r')
  try {
    if (readSync(fd, header, 0, 108, 0) < 108) return undefined
  } finally {
    closeSync(fd)
  }
  const schemaEmpty = header[100] === 0x0d && header.readUInt16BE(103) === 0
  return {applicationId: header.readUInt32BE(68), userVersion: header.readUInt32BE(60), schemaEmpty}
}
