import type { CellResult } from '../runner/cell-result.ts';
import type { RunRecord } from '../runner/run-folder.ts';
import { ratioText, throughput, twinVariants } from './profiling-overhead.ts';

/** A variant's msgs/s against a yardstick measured in the same run: the instrument's own cost, in one line. */
export interface HarnessCost {
  variant: string;
  yardstick: string;
  ratio?: number;
  low?: number;
  high?: number;
  text: string;
}

const generatorOf = (cell: CellResult) => cell.params.workload.generator;
const withoutGenerator = (cell: CellResult) => ({ ...cell.params, workload: { ...cell.params.workload, generator: undefined } });
const withoutGeneratorOrClient = (cell: CellResult) => ({ ...withoutGenerator(cell), producer: { ...cell.params.producer, client: undefined } });

function costLine(record: RunRecord, variant: string, yardstick: string, describe: (ratio: string) => string): HarnessCost {
  const ratio = ratioText(throughput(record, variant), throughput(record, yardstick));
  return { variant, yardstick, ...(ratio ? { ratio: ratio.ratio, low: ratio.low, high: ratio.high } : {}), text: describe(ratio?.text ?? 'not measured') };
}

/**
 * Two yardsticks, each where the run has a twin that differs only in it: a harness generator against the same
 * client's bare loop (`workload.generator: bare`; near 1, the harness measures the client), and every Node
 * producer against Kafka's ProducerPerformance (near 1, it measures the broker).
 */
export function harnessCosts(record: RunRecord): HarnessCost[] {
  const clientOf = (variant: string) => record.cells.find((cell) => cell.variant === variant)!.params.producer.client;
  const versusBare = twinVariants(record, (cell) => generatorOf(cell) === 'harness', (cell) => generatorOf(cell) === 'bare', withoutGenerator)
    .map(([harness, bare]) => costLine(record, harness, bare, (ratio) => `harness generator (${harness}) = ${ratio} bare ${clientOf(bare)} loop (${bare}), msgs/s`));
  const versusTool = twinVariants(record, (cell) => generatorOf(cell) !== 'producer-performance', (cell) => generatorOf(cell) === 'producer-performance', withoutGeneratorOrClient)
    .map(([node, tool]) => costLine(record, node, tool, (ratio) => `${node} = ${ratio} Kafka's ProducerPerformance (${tool}), records/s`));
  return [...versusBare, ...versusTool];
}
