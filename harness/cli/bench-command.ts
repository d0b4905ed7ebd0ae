import { Command } from 'commander';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { benchClusterStartup } from '../bench/cluster-startup.ts';
import { integerIn } from './options.ts';
import { data, info, table } from './output.ts';

/** `kafka-lab bench`: benchmarks whose figures are written to a file, never asserted in tests. */
export function benchCommand(): Command {
  return new Command('bench')
    .description('measure the harness itself and write the figures to results/bench/ (today: cluster start-up time)')
    .option('--starts <n>', 'measured starts per shape, after one warm-up start', integerIn(1, 50), 5)
    .option('--out <dir>', 'where to write the results', path.join(repoRoot, 'results', 'bench'))
    .action(async (options: { starts: number; out: string }) => {
      const { file, summary } = await benchClusterStartup({ starts: options.starts, outDir: options.out, onProgress: info });
      data(table(['shape', 'median s', '95% CI s', 'min s', 'max s', 'starts'], summary.map((row) => [
        row.shape, row.medianS.toFixed(2), `±${row.ciHalfWidthS.toFixed(2)}`, row.minS.toFixed(2), row.maxS.toFixed(2), String(row.samples),
      ])));
      data(`written: ${file}`);
    });
}
