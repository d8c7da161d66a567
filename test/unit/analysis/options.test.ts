import {describe, expect, it} from 'vitest'

import {parseAnalysisOptions, parseOverrun, parseThreshold} from '../../../src/domain/analysis/options.js'
import {ToilError} from '../../../src/domain/errors.js'

describe('analyzer options', () => {
  it('defaults: window 6, horizon 12, threshold 50%, overrun 1, trend model, no what-if', () => {
    expect(parseAnalysisOptions({}, '2026-11-20', null)).toEqual({
      asOf: '2026-11-20', team: null, window: 6, horizon: 12, threshold: 0.5, growth: null, headcountGrowth: null, automate: 0, overrun: 1,
      basis: 'toil', sort: 'payback', partialThrough: null,
    })
  })

  it('parses --basis and --sort, refusing anything else in one line', () => {
    expect(parseAnalysisOptions({basis: 'operational', sort: 'net'}, '2026-11-20', null)).toMatchObject({basis: 'operational', sort: 'net'})
    expect(() => parseAnalysisOptions({basis: 'ops'}, '2026-11-20', null)).toThrow(/basis.*toil, operational/)
    expect(() => parseAnalysisOptions({sort: 'cost'}, '2026-11-20', null)).toThrow(/sort.*payback, net, hours/)
  })

  it('parses percentages and factors', () => {
    const o = parseAnalysisOptions({threshold: '40%', growth: '4%', 'headcount-growth': '-1%', overrun: '1.3', automate: '3', window: '12', horizon: '24'}, '2026-11-20', 'platform')
    expect(o).toMatchObject({threshold: 0.4, growth: 0.04, headcountGrowth: -0.01, overrun: 1.3, automate: 3, window: 12, horizon: 24, team: 'platform'})
    expect(parseThreshold('0.5')).toBe(0.5)
    expect(parseOverrun('130%')).toBeCloseTo(1.3, 12)
    expect(parseOverrun('1.3x')).toBe(1.3)
  })

  it.each([
    [{threshold: '0%'}, 'threshold: "0%" must be more than 0%'],
    [{threshold: '150%'}, 'threshold: "150%" is more than 100%'],
    [{window: '2'}, 'window: "2" must be a whole number of months from 3 to 60'],
    [{horizon: '0'}, 'horizon: "0" must be a whole number of months from 1 to 120'],
    [{automate: '0'}, 'automate: "0" must be a whole number of tasks from 1 to 100'],
    [{window: '6.5'}, 'window: "6.5" must be a whole number of months'],
    [{overrun: '0'}, 'overrun: "0" is not a cost factor'],
    [{overrun: 'lots'}, 'overrun: "lots" is not a cost factor'],
    [{growth: 'fast'}, 'growth: "fast" is not a rate'],
  ])('refuses %j naming the field, the value and what is accepted', (values, message) => {
    expect(() => parseAnalysisOptions(values, '2026-11-20', null)).toThrow(ToilError)
    expect(() => parseAnalysisOptions(values, '2026-11-20', null)).toThrow(message)
  })
})
