/**
 * Every file toil writes for a user (export --out, report --out, backups, restore's copies)
 * goes through here: a regular file is written whole under a temporary name beside it and
 * renamed into place, so a failed or killed write leaves the old file (or none), never half
 * of one; a FIFO, a device or a socket is written in place, and a symbolic link is followed
 * to its target, which is replaced while the link stays a link. A folder is refused.
 */
import {createWriteStream, lstatSync, realpathSync, rmSync, statSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'

import {inputError} from '../domain/errors.js'
import {commit, partialPath} from '../store/atomic.js'
import {systemReason} from './errors.js'

export type OutputTarget =
  | {kind: 'replace'; path: string; fileMode?: number}
  | {kind: 'in-place'; path: string}

/**
 * How `path` is to be written; checked before anything is read or written, so a path that
 * cannot be written (a folder, a missing folder) is refused as bad input naming `field`.
 */
export function outputTarget(path: string, field = 'out'): OutputTarget {
  try {
    return target(path, field)
  } catch (error) {
    const reason = systemReason((error as NodeJS.ErrnoException).code)
    if (reason !== undefined) throw inputError(field, path, `cannot be written: ${reason}`)
    throw error
  }
}

function target(path: string, field: string): OutputTarget {
  const absolute = resolve(path)
  let stat
  try {
    stat = statSync(absolute)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    // A link to a file that does not exist yet: writing through it creates the target.
    const dangling = (() => {
      try {
        return lstatSync(absolute).isSymbolicLink()
      } catch {
        return false
      }
    })()
    if (dangling) return {kind: 'in-place', path: absolute}
    // The folder must exist: its error (ENOENT, ENOTDIR, EACCES) is the one to report.
    if (!statSync(dirname(absolute)).isDirectory()) throw Object.assign(new Error('not a folder'), {code: 'ENOTDIR'})
    return {kind: 'replace', path: absolute}
  }
  if (stat.isDirectory()) throw inputError(field, path, 'is a folder; give a file name')
  if (!stat.isFile()) return {kind: 'in-place', path: absolute}
  return {kind: 'replace', path: realpathSync(absolute), fileMode: stat.mode & 0o7777}
}

/**
 * Writes text or a stream of chunks to a user's output file (see above); an unwritable path is bad input (exit 2) naming `field`.
 * `newFileMode`: the permissions of a file created anew (0600 for a history only its owner should read); a file replaced keeps its own.
 */
export async function writeOutput(path: string, data: string | Iterable<string> | AsyncIterable<string>, field = 'out', newFileMode?: number): Promise<void> {
  const source = () => Readable.from(typeof data === 'string' ? [data] : data)
  try {
    const target = outputTarget(path, field)
    if (target.kind === 'in-place') {
      await pipeline(source(), createWriteStream(target.path))
      return
    }
    const temp = partialPath(target.path)
    try {
      // Created with the final permissions when they are private, so no other user can open it meanwhile.
      await pipeline(source(), createWriteStream(temp, {mode: newFileMode ?? 0o666}))
      commit(temp, target.path, target.fileMode ?? newFileMode)
    } catch (error) {
      rmSync(temp, {force: true})
      throw error
    }
  } catch (error) {
    const reason = systemReason((error as NodeJS.ErrnoException).code)
    if (reason !== undefined) throw inputError(field, path, `cannot be written: ${reason}`)
    throw error
  }
}
