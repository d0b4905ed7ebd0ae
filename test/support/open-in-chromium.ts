/// <reference lib="dom" />
// The callbacks given to page.evaluate run in the browser, where `document` exists.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `npm run setup`; playwright-core downloads no browser of its own. */
const executablePath = '/usr/bin/chromium';

/** What a report looks like once the browser has run its scripts. */
export interface RenderedReport {
  consoleErrors: string[];
  /** Per chart container: how many drawn marks (bars, lines, points) its SVG holds. */
  marksPerChart: Record<string, number>;
  /** Per chart container: how wide its drawing is, and the labels Vega cut short with "…". */
  layout: Array<{ chart: string; width: number; cutLabels: string[] }>;
  /** The width of the page's content column, in CSS pixels, at a 1,300-pixel-wide window. */
  pageWidth: number;
  page: Page;
}

/**
 * Opens an HTML file from disk in headless Chromium and waits until vega-embed has drawn every chart.
 * The flags keep Chromium off the network, which this machine closes.
 */
export async function withReportInChromium<T>(file: string, inspect: (report: RenderedReport) => Promise<T>): Promise<T> {
  return withChromium(async (browser) => {
    const { page, errors: consoleErrors } = await pageCollectingErrors(browser);
    await page.goto(pathToFileURL(file).href);
    const charts = await page.locator('div.chart').count();
    // vega-embed draws asynchronously: wait until each chart has its SVG or says it failed.
    await page.waitForFunction(
      (n) => document.querySelectorAll('div.chart svg').length + document.querySelectorAll('div.chart:not(:has(svg)):not(:empty)').length >= n,
      charts,
      { timeout: 30_000 },
    );
    const marksPerChart = await page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('div.chart')).map((chart) => [
          chart.id,
          chart.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect').length,
        ]),
      ),
    );
    const { layout, pageWidth } = await page.evaluate(() => ({
      layout: Array.from(document.querySelectorAll('div.chart')).map((chart) => ({
        chart: chart.id,
        width: chart.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        cutLabels: Array.from(chart.querySelectorAll('svg text'))
          .map((text) => text.textContent ?? '')
          .filter((text) => text.endsWith('…')),
      })),
      pageWidth:
        document.body.clientWidth -
        Number.parseFloat(getComputedStyle(document.body).paddingLeft) -
        Number.parseFloat(getComputedStyle(document.body).paddingRight),
    }));
    return await inspect({ consoleErrors, marksPerChart, layout, pageWidth, page });
  });
}

/** A 1,300 × 900 page that keeps every console error and uncaught exception it sees. */
export async function pageCollectingErrors(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** Launches Debian's Chromium off the network, hands it over, and closes it whatever happens. */
export async function withChromium<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: run npm run setup (it installs Debian's chromium)`);
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    return await use(browser);
  } finally {
    // Playwright gives the browser a fresh profile of its own and removes it on close.
    await browser.close();
  }
}
