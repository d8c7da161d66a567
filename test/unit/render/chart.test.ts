import {describe, expect, it} from 'vitest'

import {barChart} from '../../../src/render/chart.js'
import {svgChart} from '../../../src/render/svg.js'

describe('barChart', () => {
  const rows = [
    {label: 'May 26', value: 0.25},
    {label: 'Jun 26', value: 0.5, upper: 0.6},
    {label: 'Jul 26', value: null},
    {label: 'Aug 26', value: 0.6},
  ]
  const lines = barChart(rows, 0.5, 40)

  it('fits 80 columns', () => {
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80)
  })

  it('draws bars proportional to the share, with the threshold marker at the same column on every line', () => {
    const bar = (line: string) => [...line].filter((c) => c === '█').length
    expect(bar(lines[1]!)).toBe(2 * bar(lines[0]!))
    const marker = lines[0]!.indexOf('│')
    expect(marker).toBeGreaterThan(0)
    expect(lines[2]!.indexOf('│')).toBe(marker)
    expect(lines.at(-1)!.indexOf('└')).toBe(marker)
  })

  it('draws the threshold marker over a bar that passes it', () => {
    const over = lines[3]!
    expect(over.indexOf('│')).toBe(lines[0]!.indexOf('│'))
    expect(over.slice(0, over.indexOf('│'))).toMatch(/█$/)
    expect(over.slice(over.indexOf('│') + 1)).toMatch(/^█+ +60\.0%$/)
  })

  it('shows the possible-toil range lighter and says when the share is unknown', () => {
    expect(lines[1]).toContain('░')
    expect(lines[1]).toMatch(/50\.0%–60\.0%$/)
    expect(lines[2]).toMatch(/no capacity$/)
    expect(lines.join('\n')).not.toMatch(/NaN|Infinity/)
  })
})

describe('svgChart', () => {
  const svg = svgChart({
    title: 'Toil <share>',
    categories: ['2026-01', '2026-02', '2026-03'],
    threshold: 0.5,
    series: [
      {name: 'toil', values: [0.2, 0.3, null], kind: 'bar', color: '#00f'},
      {name: 'projection', values: [null, 0.3, 0.45], kind: 'dashed', color: '#f00'},
    ],
  })

  it('is a self-contained SVG with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('Toil &lt;share&gt;')
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
  })

  it('draws one bar per known value, a dashed line without gaps and the threshold line', () => {
    expect(svg.match(/<rect [^>]*fill="#00f"/g)).toHaveLength(2 + 1)
    expect(svg.match(/<polyline /g)).toHaveLength(1)
    expect(svg).toContain('stroke-dasharray="6 4"')
    expect(svg).toContain('50% threshold')
    expect(svg).not.toMatch(/NaN|Infinity/)
  })
})
