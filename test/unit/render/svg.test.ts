import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {AXIS_HEADROOM, AXIS_MAX_STEPS, shareAxis, svgChart} from '../../../src/render/svg.js'

describe('shareAxis', () => {
  it('scales to the data: a low-toil team gets 0–60% for its 50% threshold, not a fixed 0–70%', () => {
    expect(shareAxis([0.03, 0.048, 0.071], [0.5])).toMatchObject({top: 0.6, step: 0.1})
    expect(shareAxis([0.03, 0.048, 0.071], [0.5]).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
  })

  it('keeps the threshold and the budget inside, with room above the highest value', () => {
    // A team just over its threshold: 50.1% needs headroom, so the axis goes one step higher.
    expect(shareAxis([0.3165, 0.5011], [0.5]).top).toBe(0.6)
    // A low threshold and a lower budget: the axis follows them down.
    expect(shareAxis([0.04], [0.15, 0.1])).toMatchObject({top: 0.2, step: 0.05})
    // The projection heading for 70%: 80% in 10% steps.
    expect(shareAxis([0.4618, 0.696], [0.5])).toMatchObject({top: 0.8, step: 0.1})
  })

  it('stops at 100% when nothing passes it, and goes past it when something does', () => {
    expect(shareAxis([0.98], [0.5]).top).toBe(1)
    expect(shareAxis([1.3], [0.5]).top).toBeGreaterThanOrEqual(1.3 * (1 + AXIS_HEADROOM))
  })

  it('survives no data at all', () => {
    const axis = shareAxis([null, undefined, Number.NaN], [0.5])
    expect(axis.top).toBe(0.6)
    expect(shareAxis([], [null]).top).toBeGreaterThan(0)
  })

  it('for any shares and threshold: every value and mark inside, a whole number of nice steps, no step wasted', () => {
    const share = fc.double({min: 0, max: 3, noNaN: true})
    fc.assert(
      fc.property(fc.array(fc.option(share, {nil: null}), {maxLength: 24}), fc.double({min: 0.01, max: 1, noNaN: true}), fc.option(fc.double({min: 0.01, max: 1, noNaN: true}), {nil: null}), (values, threshold, budget) => {
        const {top, step, ticks} = shareAxis(values, [threshold, budget])
        const highest = Math.max(threshold, budget ?? 0, ...values.map((v) => v ?? 0))
        expect(threshold).toBeLessThanOrEqual(top)
        expect(highest).toBeLessThanOrEqual(top + 1e-9)
        // Headroom above the highest value, except where the axis stops at 100%.
        if (top !== 1) expect(top).toBeGreaterThanOrEqual(highest * (1 + AXIS_HEADROOM) - 1e-9)
        // Scaled to the data: one step less would not hold it with its headroom.
        expect(top - step).toBeLessThan(highest * (1 + AXIS_HEADROOM))
        expect(ticks.length - 1).toBeLessThanOrEqual(AXIS_MAX_STEPS)
        expect(ticks[0]).toBe(0)
        expect(ticks.at(-1)).toBe(top)
        expect(Math.abs(top / step - Math.round(top / step))).toBeLessThan(1e-6)
      }),
    )
  })
})

describe('svgChart', () => {
  const svg = svgChart({
    id: 'c',
    title: 'Toil share <of> capacity',
    description: 'Jun 26 not logging yet; Jul 26 5.0% (up to 7.0%)',
    categories: ['Jun 26', 'Jul 26', 'Aug 26'],
    threshold: 0.5,
    budget: 0.2,
    barLabels: true,
    missing: ['not logging yet', null, null],
    series: [{name: 'toil share', values: [null, 0.05, 0.04], upper: [null, 0.07, 0.04], upperName: 'possible toil (unanswered criteria)', kind: 'bar', color: '#00f'}],
  })

  it('draws one bar a month: the share solid, the range above it hatched, in the same column', () => {
    const solid = [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="([\d.]+)"/g)]
    const range = [...svg.matchAll(/<rect class="bar-range" x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)]
    expect(solid).toHaveLength(2)
    expect(range).toHaveLength(1)
    expect(range[0]![1]).toBe(solid[0]![1])
    // The range ends where the solid part begins.
    expect(Number(range[0]![2]) + Number(range[0]![3])).toBeCloseTo(Number(solid[0]![2]), 0)
    expect(svg).toMatch(/<\/rect><path class="hatch" d="M[^"]+" stroke="#00f"/)
    expect(svg).toContain('>5.0%–7.0%</text>')
    expect(svg).toContain('>4.0%</text>')
  })

  it('marks a month before logging as no data, not as a 0% bar', () => {
    expect(svg).toMatch(/<g class="missing"><rect [^>]*\/><path class="hatch" [^>]*\/><text [^>]*>not logging yet<\/text><\/g>/)
    expect(svg).toContain('not logging yet: no data')
    expect(svg).not.toContain('Jun 26: toil share')
  })

  it('labels the threshold and the budget, and titles itself for screen readers', () => {
    expect(svg).toMatch(/<line class="threshold" [^>]*y1="([\d.]+)"/)
    expect(svg).toContain('>50% threshold</text>')
    expect(svg).toContain('>20% toil budget</text>')
    expect(svg).toContain('aria-labelledby="c-title c-desc"')
    expect(svg).toContain('<title id="c-title">Toil share &lt;of&gt; capacity</title>')
    expect(svg).toContain('<desc id="c-desc">')
    // A 50% threshold on 0–60%: the top gridline is 60%.
    expect(svg).toContain('>60%</text>')
    expect(svg).not.toContain('>70%</text>')
    expect(svg).not.toMatch(/NaN|Infinity|undefined|url\(/)
  })
})
