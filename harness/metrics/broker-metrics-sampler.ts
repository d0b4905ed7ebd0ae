import { type BrokerSecond, brokerSecond, parsePrometheusText, Scrape } from './broker-metrics.ts';

/** A broker whose metrics page the sampler scrapes. */
export interface ScrapedBroker {
  name: string;
  url: string;
}

/** One broker's seconds over a cell: `second` counts from the cell's start, as the other time series do. */
export interface BrokerMetricsSeries {
  name: string;
  second: number[];
  figures: BrokerSecond[];
  /** Scrapes that failed (a killed broker, a page that did not answer within the second). */
  failedScrapes: number;
}

/** How long one scrape may take: a slower one is dropped, so scrapes never pile up. */
const scrapeTimeoutMs = 900;

/** Scrapes every broker's metrics page once a second from `startAt` until stopped; each second is the increase since the previous scrape. */
export function sampleBrokerMetrics(
  brokers: ScrapedBroker[],
  startAt: number,
  onSample?: (broker: string, figures: BrokerSecond) => void,
): { stop(): Promise<BrokerMetricsSeries[]> } {
  const series = brokers.map((broker) => ({
    ...broker,
    last: undefined as Scrape | undefined,
    out: { name: broker.name, second: [] as number[], figures: [] as BrokerSecond[], failedScrapes: 0 },
  }));
  const scrape = async (one: (typeof series)[number]) => {
    try {
      const response = await fetch(one.url, { signal: AbortSignal.timeout(scrapeTimeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const now = new Scrape(parsePrometheusText(await response.text()), performance.now());
      if (one.last) {
        one.out.second.push(Math.round((Date.now() - startAt) / 1000));
        one.out.figures.push(brokerSecond(one.last, now));
        onSample?.(one.name, one.out.figures.at(-1)!);
      }
      one.last = now;
    } catch {
      one.out.failedScrapes++;
      one.last = undefined;
    }
  };
  let scraping: Promise<unknown> = Promise.all(series.map(scrape));
  const timer = setInterval(() => {
    scraping = Promise.all(series.map(scrape));
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await scraping;
      return series.map((one) => one.out);
    },
  };
}
