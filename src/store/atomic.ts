/** Files written whole: a temporary file beside the target, renamed into place; stray ones of dead processes removed. */
import {chmodSync, closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

/** The temporary name a file is written under before it is renamed to `target`. */
export function partialPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
}

/** What `partialPath` writes, and what SQLite adds beside such a file while it writes it. */
const PARTIAL = /^\.(.+)\.(\d+)\.partial(-journal|-wal|-shm)?$/

function fsyncPath(path: string, flags: string): void {
  let fd: number | undefined
  try {
    fd = openSync(path, flags)
    fsyncSync(fd)
  } catch {
    // Durability is best effort where the file system cannot sync (a FIFO, some network mounts).
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Syncs the temporary file, renames it to `target` and syncs the folder. */
export function commit(temp: string, target: string, fileMode?: number): void {
  if (fileMode !== undefined) chmodSync(temp, fileMode)
  fsyncPath(temp, 'r+')
  renameSync(temp, target)
  fsyncPath(dirname(target), 'r')
}

/** Fills a temporary file beside `target` with `fill`, then renames it into place; on failure nothing is left. */
export function replaceFileSync(target: string, fill: (temp: string) => void, fileMode?: number): void {
  const temp = partialPath(target)
  try {
    rmSync(temp, {force: true})
    fill(temp)
    commit(temp, target, fileMode)
  } catch (error) {
    for (const f of [temp, `${temp}-journal`]) rmSync(f, {force: true})
    throw error
  }
}


/** Whether a process of this id runs (one of another user's counts). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temporary files in `dir` that a killed or failed writer left behind: those of
 * targets `ours` accepts, written by a process that is no longer running. Returns their names.
 */
export function removeStrayPartials(dir: string, ours: (target: string) => boolean): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const match = PARTIAL.exec(name)
    if (!match || !ours(match[1]!) || processAlive(Number(match[2]))) continue
    rmSync(join(dir, name), {force: true})
    removed.push(name)
  }
  return removed
}
