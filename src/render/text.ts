import {formatDuration, roundHours} from '../domain/duration.js'
import type {Entry} from '../domain/types.js'
import {entryHours} from '../domain/types.js'

/** Colour only on a TTY and never with NO_COLOR. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
}

export function hours(value: number): string {
  return `${roundHours(value)} h`
}

export function percent(share: number | null, digits = 1): string {
  return share === null || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(digits)}%`
}

/** `3 × 15m` or `15m`. */
export function occurrence(entry: Pick<Entry, 'minutes' | 'count'>): string {
  return entry.count === 1 ? formatDuration(entry.minutes) : `${entry.count} × ${formatDuration(entry.minutes)}`
}

/**
 * The last 8 characters of an id: random in UUIDv4 and UUIDv7 alike, whereas a v7 id starts
 * with its timestamp, which entries logged within a minute share.
 */
export function shortId(id: string): string {
  return id.slice(-8)
}

/** One line describing an entry, as every write echoes it. */
export function describeEntry(entry: Entry): string {
  const tags = entry.tags.length > 0 ? ` [${entry.tags.join(', ')}]` : ''
  return `${shortId(entry.id)}  ${entry.day}  ${JSON.stringify(entry.task)}  ${occurrence(entry)} = ${hours(entryHours(entry))}  ${entry.engineer} (${entry.team})${tags}`
}
