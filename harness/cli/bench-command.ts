import { Command } from 'commander';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import { benchClusterStartup } from '../bench/cluster-startup.ts';
import { benchSerializerCodecs } from '../bench/serializer-codecs.ts';
import { benchHarnessCost } from '../bench/harness-cost.ts';
import { benchStatistics } from '../bench/statistics.ts';
import { integerIn } from './options.ts';
import { data, info } from './output.ts';
import { textTable } from '../report/text-table.ts';

const benches = ['serializers', 'harness-cost', 'cluster-startup', 'statistics'] as const;

/** `kafka-lab bench`: benchmarks whose figures are written to a file, never asserted in tests. */
export function benchCommand(): Command {
  return new Command('bench')
    .description(
      "measure the harness itself and write the figures to results/bench/: serializer encode/decode per message kind (tinybench), the generator's and processor's own cost per message against an in-memory broker, cluster start-up time, and the verdicts' own false-positive rate and power on simulated repetitions",
    )
    .argument('[benches...]', `which: ${benches.join(', ')} (default: all)`)
    .option('--starts <n>', 'cluster-startup: measured starts per shape, after one warm-up start', integerIn(1, 50), 5)
    .option('--time <ms>', 'serializers: sampling time per task', integerIn(50, 60_000), 1000)
    .option('--seconds <n>', 'harness-cost: seconds of generating per case and repeat', integerIn(1, 120), 3)
    .option('--repeats <n>', 'harness-cost: repeats per case (the median is reported)', integerIn(1, 20), 3)
    .option('--runs <n>', 'statistics: simulated runs per scenario', integerIn(100, 100_000), 2000)
    .option('--out <dir>', 'where to write the results', path.join(repoRoot, 'results', 'bench'))
    .action(async (chosen: string[], options: { starts: number; time: number; seconds: number; repeats: number; runs: number; out: string }) => {
      const unknown = chosen.filter((name) => !(benches as readonly string[]).includes(name));
      if (unknown.length) throw new UserError(`unknown bench ${unknown.join(', ')}`, `pick from ${benches.join(', ')}`);
      const run = (name: (typeof benches)[number]) => chosen.length === 0 || chosen.includes(name);
      if (run('serializers')) {
        const { file, summary } = await benchSerializerCodecs({ timeMs: options.time, outDir: options.out, onProgress: info });
        data(
          textTable(
            ['serializer', 'message', 'op', 'msgs/s', 'mean µs', 'p99 µs', '± %', 'bytes/msg'],
            summary.map((row) => [
              row.serializer,
              row.message,
              row.operation,
              Math.round(row.opsPerSec).toLocaleString('en-US'),
              (row.meanNs / 1000).toFixed(2),
              (row.p99Ns / 1000).toFixed(2),
              row.rmePercent.toFixed(1),
              row.bytesPerMessage.toFixed(0),
            ]),
          ),
        );
        data(`written: ${file}`);
      }
      if (run('harness-cost')) {
        const { file, summary } = await benchHarnessCost({ seconds: options.seconds, repeats: options.repeats, outDir: options.out, onProgress: info });
        data(
          textTable(
            ['case', 'side', 'msgs/s', 'CPU µs/msg', 'messages'],
            summary.map((row) => [
              row.case,
              row.side,
              Math.round(row.msgsPerSec).toLocaleString('en-US'),
              row.cpuMicrosPerMessage.toFixed(2),
              row.messages.toLocaleString('en-US'),
            ]),
          ),
        );
        data(`written: ${file}`);
      }
      if (run('statistics')) {
        const { file, lines } = await benchStatistics({ runs: options.runs, outDir: options.out, onProgress: info });
        for (const line of lines) data(line);
        data(`written: ${file}`);
      }
      if (run('cluster-startup')) {
        const { file, summary } = await benchClusterStartup({ starts: options.starts, outDir: options.out, onProgress: info });
        data(
          textTable(
            ['shape', 'median s', '95% CI s', 'min s', 'max s', 'starts'],
            summary.map((row) => [
              row.shape,
              row.medianS.toFixed(2),
              `±${row.ciHalfWidthS.toFixed(2)}`,
              row.minS.toFixed(2),
              row.maxS.toFixed(2),
              String(row.samples),
            ]),
          ),
        );
        data(`written: ${file}`);
      }
    });
}
