import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {type Browser, chromium} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempDb, toil} from './cli.js'

// The HTML report of a demo database, opened in Debian's chromium: the charts render,
// the page is self-contained (no request but the file itself) and error-free.

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

describe('the HTML report in a browser', () => {
  let t: ReturnType<typeof tempDb>
  let browser: Browser | undefined
  let page: Awaited<ReturnType<Browser['newPage']>>
  let url: string
  const requests: string[] = []
  const errors: string[] = []

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`)
    t = tempDb()
    const file = join(t.dir, 'report.html')
    const demo = await toil(['demo', '--as-of', '2026-11-23', '--db', t.db, '--format', 'html', '--out', file])
    expect(demo.code, demo.stderr).toBe(0)
    url = pathToFileURL(file).href
    browser = await chromium.launch({executablePath: CHROMIUM, args: ARGS})
    page = await browser.newPage({viewport: {width: 1100, height: 900}})
    page.on('request', (request) => requests.push(request.url()))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(url, {waitUntil: 'load'})
  })
  afterAll(async () => {
    await browser?.close()
    t?.cleanup()
  })

  it('draws both charts with a size', async () => {
    for (const selector of ['#trend-chart svg', '#forecast-chart svg']) {
      const box = await page.locator(selector).boundingBox()
      expect(box, selector).not.toBeNull()
      expect(box!.width, selector).toBeGreaterThan(100)
      expect(box!.height, selector).toBeGreaterThan(100)
    }
  })

  it('requests nothing but the file itself and logs no error', () => {
    expect(requests).toEqual([url])
    expect(errors).toEqual([])
  })

  it('shows the threshold line on both charts and the candidate table', async () => {
    for (const chart of ['#trend-chart', '#forecast-chart']) {
      const line = await page.locator(`${chart} svg line.threshold`).boundingBox()
      expect(line!.width, chart).toBeGreaterThan(100)
      expect(await page.locator(`${chart} svg`).textContent()).toContain('50% threshold')
    }
    const candidates = page.locator('h2#candidates + table')
    expect(await candidates.locator('thead th').allTextContents()).toEqual(['#', 'Task', 'Net h/mo', 'Cost', 'Payback', '12-mo net', 'Break-even'])
    expect(await candidates.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.locator('h1').textContent()).toBe('Toil report — payments — October 2026 (2026-10-01 to 2026-10-31)')
  })

  it('renders to a screenshot', async () => {
    const png = join(t.dir, 'report.png')
    await page.screenshot({path: png, fullPage: true})
    const bytes = readFileSync(png)
    expect(bytes.subarray(1, 4).toString()).toBe('PNG')
    // The full page is taller than the viewport: every section laid out, none collapsed.
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(900)
    if (process.env.TOIL_KEEP_SCREENSHOT) await page.screenshot({path: process.env.TOIL_KEEP_SCREENSHOT, fullPage: true})
  })
})
