import { repetitionLabel } from '../results/cell-result.ts';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { repetitionsTable } from '../report/model-to-html.ts';
import { repetitionRows } from '../report/repetition-rows.ts';
import { readVegaLibraries } from '../report/write-run-report.ts';
import type { RunRecord } from '../results/run-record.ts';
import type { RunEvents } from '../runner/run-experiment.ts';
import { livePage } from './live-page.ts';
import type { LiveChartId } from './live-charts.ts';

/** One point of a live chart: `t` is seconds since the run started. */
interface LivePoint {
  chart: LiveChartId;
  series: string;
  cell: string;
  t: number;
  value: number;
}

/** Events a page that connects late still needs; points beyond this are dropped oldest first (a day of a busy run). */
const historyLimit = 200_000;

export interface LiveView {
  url: string;
  /** The runner's events the view listens to. */
  events: RunEvents;
  /** Tells every open page the run ended, then stops serving. */
  close(ending: string): Promise<void>;
}

/**
 * Serves a page on 127.0.0.1 that follows the run as it goes: it listens to the runner's events and pushes them to
 * every open page as server-sent events, replaying what came before to a page that connects late.
 */
export async function startLiveView(experiment: string, port = 0): Promise<LiveView> {
  const page = livePage(experiment, await readVegaLibraries());
  const history: string[] = [];
  const clients = new Set<http.ServerResponse>();
  const send = (event: string, data: unknown) => {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    history.push(message);
    if (history.length > historyLimit) history.splice(0, history.length - historyLimit);
    for (const client of clients) client.write(message);
  };
  const startedAt = performance.now();
  const seconds = () => Math.round((performance.now() - startedAt) / 100) / 10;
  let cell = '';
  let runDir: string | undefined;
  const points = (...entries: Array<Omit<LivePoint, 't' | 'cell'>>) => {
    const t = seconds();
    send(
      'points',
      entries.map((entry) => ({ ...entry, cell, t })),
    );
  };

  const server = http.createServer((request, response) => {
    if (request.url === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      for (const message of history) response.write(message);
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new UserError(
              `--live ${port}: port ${port} on 127.0.0.1 is ${error.code === 'EADDRINUSE' ? 'taken' : 'not allowed'}`,
              'name a free port above 1023, or give --live no port to have one picked',
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });

  const events: RunEvents = {
    onRunFolder: (dir) => {
      runDir = dir;
    },
    onCellPhase: (which, phase) => {
      cell = `${which.variant} ${repetitionLabel(which.repetition)}`;
      send('phase', { text: `cell ${which.index + 1}/${which.total} ${which.variant} ${repetitionLabel(which.repetition)}: ${phase}` });
    },
    onLive: (second) =>
      points(
        { chart: 'rates', series: 'acknowledged', value: second.ackedPerSec },
        ...(second.processedPerSec === undefined ? [] : [{ chart: 'rates' as const, series: 'processed', value: second.processedPerSec }]),
        ...(second.p99Ms === undefined ? [] : [{ chart: 'endToEndP99Ms' as const, series: 'end-to-end p99', value: second.p99Ms }]),
      ),
    onReading: (reading) => points(reading),
    onCellDone: () => {
      if (!runDir) return;
      // run.json holds the cell the moment onCellDone is called: the table is the report's own per-repetition figures.
      readFile(path.join(runDir, 'run.json'), 'utf8')
        .then((text) => send('cells', { html: repetitionsTable(repetitionRows(JSON.parse(text) as RunRecord).rows) }))
        .catch(() => {});
    },
  };
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    events,
    async close(ending) {
      send('end', { text: ending });
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
