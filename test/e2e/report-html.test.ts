import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {type Browser, type Page, chromium} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempDb, toil} from './cli.js'

// The HTML report of a demo database, opened in Debian's chromium as a manager reads it at a
// review: at 1200 and 800 px wide, nothing overflows the page, every chart keeps its threshold
// and its labels, and no number or date wraps across two lines. Screenshots go to
// $TOIL_SCREENSHOTS when set (to look at), else to the test's temporary folder.

const CHROMIUM = process.env.TOIL_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
const AS_OF = ['--as-of', '2026-12-02']
const WIDTHS = [1200, 800]

/**
 * The reports: the demo's team in trouble, a low-toil team that began logging in September, a team
 * with a toil budget and a what-if, and all teams together (the longest title).
 */
const REPORTS = {
  payments: ['--team', 'payments'],
  data: ['--team', 'data'],
  platform: ['--team', 'platform', '--automate', '2'],
  all: [],
} as const
type Name = keyof typeof REPORTS

/** What the page says about its own layout, measured in the browser. */
interface Layout {
  scrollWidth: number
  innerWidth: number
  /** Elements (outside a table's own scroll box) whose right edge is past the page's. */
  overflowing: string[]
  /** Numbers and dates that a line break splits, with the text around them. */
  splitValues: string[]
  titleLines: number
  charts: {
    id: string
    width: number
    threshold: {top: number; bottom: number; width: number} | null
    thresholdLabel: string
    thresholdLabelInside: boolean
    budgetLabel: string
    yLabels: string[]
    xLabels: string[]
    svgTop: number
    svgBottom: number
  }[]
}

function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const doc = document.documentElement
    const right = doc.clientWidth + 0.5
    const overflowing: string[] = []
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.scroll') && !el.classList.contains('scroll')) continue
      if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue
      const box = el.getBoundingClientRect()
      if (box.width > 0 && box.right > right) overflowing.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} right ${box.right} > ${right}`)
    }
    // Every date, month and number (with its unit, or a range of two) in the page's text.
    const value = /(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|\d{4}-\d{2}(?:-\d{2})?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2}|[+−±]?\d+(?:\.\d+)?%?(?:–\d+(?:\.\d+)?%?)?(?: (?:h\/week|h|mo|points|months)\b)?/g
    const splitValues: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      if (node.parentElement?.closest('svg, style, title')) continue
      for (const m of text.matchAll(value)) {
        const range = document.createRange()
        range.setStart(node, m.index!)
        range.setEnd(node, m.index! + m[0].length)
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
        if (tops.size > 1) splitValues.push(`${m[0]} in "${text.trim().slice(0, 80)}"`)
      }
    }
    const h1 = document.createRange()
    h1.selectNodeContents(document.querySelector('h1')!)
    const titleLines = new Set([...h1.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size
    const charts = [...document.querySelectorAll('figure')].map((figure) => {
      const svg = figure.querySelector('svg')!.getBoundingClientRect()
      const line = figure.querySelector('svg line.threshold')?.getBoundingClientRect()
      const label = figure.querySelector('svg text.threshold-label')
      const labelBox = label?.getBoundingClientRect()
      const texts = (selector: string) => [...figure.querySelectorAll(selector)].map((t) => t.textContent ?? '')
      return {
        id: figure.id,
        width: svg.width,
        threshold: line ? {top: line.top, bottom: line.bottom, width: line.width} : null,
        thresholdLabel: label?.textContent ?? '',
        thresholdLabelInside: labelBox !== undefined && labelBox.right <= svg.right + 0.5 && labelBox.top >= svg.top && labelBox.bottom <= svg.bottom,
        budgetLabel: figure.querySelector('svg text.budget-label')?.textContent ?? '',
        yLabels: texts('svg text.y-label'),
        xLabels: texts('svg text.x-label'),
        svgTop: svg.top,
        svgBottom: svg.bottom,
      }
    })
    return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, overflowing, splitValues, titleLines, charts}
  })
}

describe('the HTML report in a browser', () => {
  let t: ReturnType<typeof tempDb>
  let browser: Browser | undefined
  let page: Page
  const urls = {} as Record<Name, string>
  const html = {} as Record<Name, string>
  const layouts = new Map<string, Layout>()
  const requests: string[] = []
  const errors: string[] = []
  const shots = () => process.env.TOIL_SCREENSHOTS ?? t.dir

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`)
    t = tempDb()
    const demo = await toil(['demo', ...AS_OF, '--db', t.db, '--format', 'html', '--out', join(t.dir, 'demo.html')])
    expect(demo.code, demo.stderr).toBe(0)
    const budget = await toil(['team', 'set', 'platform', '--toil-budget', '20%', '--db', t.db])
    expect(budget.code, budget.stderr).toBe(0)
    for (const [name, args] of Object.entries(REPORTS) as [Name, readonly string[]][]) {
      const file = join(t.dir, `${name}.html`)
      const result = await toil(['report', ...AS_OF, ...args, '--db', t.db, '--format', 'html', '--out', file])
      expect(result.code, result.stderr).toBe(0)
      urls[name] = pathToFileURL(file).href
      html[name] = readFileSync(file, 'utf8')
    }
    browser = await chromium.launch({executablePath: CHROMIUM, args: ARGS})
    page = await browser.newPage()
    page.on('request', (request) => requests.push(request.url()))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    for (const width of WIDTHS) {
      await page.setViewportSize({width, height: 900})
      for (const name of Object.keys(REPORTS) as Name[]) {
        await page.goto(urls[name], {waitUntil: 'load'})
        layouts.set(`${name} ${width}`, await measure(page))
        await page.screenshot({path: join(shots(), `report-${name}-${width}.png`), fullPage: true})
      }
    }
  })
  afterAll(async () => {
    await browser?.close()
    t?.cleanup()
  })

  it('requests nothing but the files themselves and logs no error', () => {
    expect(new Set(requests)).toEqual(new Set(Object.values(urls)))
    expect(errors).toEqual([])
  })

  for (const width of WIDTHS) {
    describe(`at ${width} px`, () => {
      for (const name of Object.keys(REPORTS) as Name[]) {
        it(`${name}: nothing overflows the page; a wide table scrolls in its own box`, () => {
          const layout = layouts.get(`${name} ${width}`)!
          expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth)
          expect(layout.overflowing).toEqual([])
        })

        it(`${name}: no number or date wraps across two lines`, () => {
          expect(layouts.get(`${name} ${width}`)!.splitValues).toEqual([])
        })

        it(`${name}: both charts show their threshold, labelled, and their axes' labels`, () => {
          const {charts} = layouts.get(`${name} ${width}`)!
          expect(charts.map((c) => c.id)).toEqual(['trend-chart', 'forecast-chart'])
          for (const chart of charts) {
            expect(chart.width, chart.id).toBeGreaterThan(width === 800 ? 700 : 760)
            expect(chart.threshold, chart.id).not.toBeNull()
            expect(chart.threshold!.width, chart.id).toBeGreaterThan(400)
            // Inside the chart, never clipped off its top.
            expect(chart.threshold!.top, chart.id).toBeGreaterThan(chart.svgTop + 30)
            expect(chart.threshold!.bottom, chart.id).toBeLessThan(chart.svgBottom)
            expect(chart.thresholdLabel, chart.id).toBe('50% threshold')
            expect(chart.thresholdLabelInside, chart.id).toBe(true)
            expect(chart.budgetLabel, chart.id).toBe(name === 'platform' ? '20% toil budget' : '')
            expect(chart.yLabels.length, chart.id).toBeGreaterThanOrEqual(4)
            for (const label of chart.yLabels) expect(label, chart.id).toMatch(/^\d+(\.\d+)?%$/)
            expect(chart.yLabels[0]).toBe('0%')
            expect(chart.xLabels.length, chart.id).toBeGreaterThanOrEqual(3)
            for (const label of chart.xLabels) expect(label, chart.id).toMatch(/^[A-Z][a-z]{2} \d{2}[*†]*$/)
          }
        })
      }

      it(width === 1200 ? "a team's title is on one line" : 'the title takes at most two lines', () => {
        for (const name of Object.keys(REPORTS) as Name[]) {
          const lines = layouts.get(`${name} ${width}`)!.titleLines
          if (width === 1200 && name !== 'all') expect(lines, name).toBe(1)
          else expect(lines, name).toBeLessThanOrEqual(2)
        }
      })
    })
  }

  it('the trend chart scales to the data: 0–60% with the 50% threshold, never a fixed 0–70%', () => {
    for (const name of Object.keys(REPORTS) as Name[]) {
      const trend = layouts.get(`${name} 1200`)!.charts[0]!
      expect(trend.yLabels.at(-1), name).toBe('60%')
    }
  })

  it('draws one bar a month: toil solid, the possible-toil range on top of it, no bar before logging', async () => {
    await page.setViewportSize({width: 1200, height: 900})
    await page.goto(urls.data, {waitUntil: 'load'})
    const bars = await page.locator('#trend-chart rect.bar').evaluateAll((rects) => rects.map((r) => ({box: r.getBoundingClientRect().toJSON(), title: r.querySelector('title')?.textContent})))
    const ranges = await page.locator('#trend-chart rect.bar-range').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().toJSON()))
    // The data team logs from September: three bars, each with its range above it in the same column.
    expect(bars.map((b) => b.title!.slice(0, 7))).toEqual(['Sep 26*', 'Oct 26*', 'Nov 26*'])
    expect(ranges).toHaveLength(3)
    for (const [i, range] of ranges.entries()) {
      expect(range.left).toBeCloseTo(bars[i]!.box.left, 0)
      expect(range.width).toBeCloseTo(bars[i]!.box.width, 0)
      expect(range.bottom).toBeCloseTo(bars[i]!.box.top, 0)
    }
    // June to August: no data, said so in the chart, not drawn as 0%.
    expect(await page.locator('#trend-chart g.missing').count()).toBe(3)
    expect(await page.locator('#trend-chart g.missing text').allTextContents()).toEqual(['not logging yet', 'not logging yet', 'not logging yet'])
    expect(await page.locator('#trend-chart svg').textContent()).toContain('possible toil (unanswered criteria): the upper end of the range')
    expect(await page.locator('#trend-chart text.value').allTextContents()).toEqual(['3.4%–5.9%', '4.8%–7.1%', '3.0%–4.8%'])
  })

  it('the projection is a compact table: a row a year, months in columns, the crossing month framed', async () => {
    await page.goto(urls.payments, {waitUntil: 'load'})
    const table = page.locator('#forecast-table')
    expect(await table.locator('thead th').allTextContents()).toEqual(['Year', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])
    expect(await table.locator('tbody th').allTextContents()).toEqual(['2026', '2027'])
    expect(await table.locator('tbody tr').nth(0).locator('td').allTextContents()).toEqual([...Array(11).fill(''), '46.5%'])
    expect(await table.locator('td.crossing').allTextContents()).toEqual(['50.7%'])
    expect(await page.locator('#forecast-chart text.marker-label').allTextContents()).toEqual(['reaches 50% in Feb 27'])
    // With a what-if: a second row each year.
    await page.goto(urls.platform, {waitUntil: 'load'})
    expect(await page.locator('#forecast-table tbody th').allTextContents()).toEqual(['2026', 'projected', 'top 2 automated', '2027', 'projected', 'top 2 automated'])
  })

  it('the candidate table and the title', async () => {
    await page.goto(urls.payments, {waitUntil: 'load'})
    const candidates = page.locator('h2#candidates + .scroll table')
    expect(await candidates.locator('thead th').allTextContents()).toEqual(['#', 'Task', 'Net h/mo', 'Cost', 'Payback', '12-mo net', 'Break-even'])
    expect(await candidates.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.locator('h1').textContent()).toBe('Toil report — payments — November 2026 (2026-11-01 to 2026-11-30)')
    expect(await page.title()).toBe('Toil report — payments — November 2026 (2026-11-01 to 2026-11-30)')
  })

  it('renders to full-page screenshots', () => {
    for (const width of WIDTHS) {
      const bytes = readFileSync(join(shots(), `report-payments-${width}.png`))
      expect(bytes.subarray(1, 4).toString()).toBe('PNG')
      expect(bytes.readUInt32BE(16)).toBe(width)
      // Taller than the viewport: every section laid out, none collapsed.
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(900)
    }
  })

  it('is self-contained: no script, stylesheet link, image, font or URL to fetch', () => {
    for (const page of Object.values(html)) expect(page).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\((?!#)|@import|@font-face/i)
  })
})
