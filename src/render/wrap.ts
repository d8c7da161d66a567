import wrapAnsi from 'wrap-ansi'

import {outputWidth} from './text.js'

/** Prose is wrapped to 80 columns, or fewer where the output is narrower. */
export const PROSE_WIDTH = 80

/**
 * A paragraph wrapped at word boundaries, its first line indented by `indent`, the others by `hanging`.
 * A word longer than the width (a path, a URL) stays whole rather than break where it cannot be copied.
 */
export function wrap(text: string, indent = '', hanging = indent): string {
  // A number stays on the line of its unit: "26.9 h", "3 months", "× 12".
  const glued = text.replaceAll(/(\d) (?=(h|mo|months?|days?|points?)\b)/g, '$1\u00a0').replaceAll(/ (?=[×÷] \d)/g, '\u00a0')
  return wrapAnsi(glued, Math.min(PROSE_WIDTH, outputWidth()) - Math.max(indent.length, hanging.length), {trim: true, hard: false})
    .replaceAll('\u00a0', ' ')
    .split('\n')
    .map((line, i) => `${i === 0 ? indent : hanging}${line}`)
    .join('\n')
}
