import wrapAnsi from 'wrap-ansi'

/** Columns prose is wrapped to: the width every view's tables are kept within where they can be. */
export const PROSE_WIDTH = 80

/** A paragraph wrapped at word boundaries, its first line indented by `indent`, the others by `hanging`. */
export function wrap(text: string, indent = '', hanging = indent): string {
  return wrapAnsi(text, PROSE_WIDTH - Math.max(indent.length, hanging.length), {trim: true})
    .split('\n')
    .map((line, i) => `${i === 0 ? indent : hanging}${line}`)
    .join('\n')
}
