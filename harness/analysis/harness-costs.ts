import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { ratioText, throughput, twinVariants } from './profiling-overhead.ts';
import { completedCells, harnessCpu } from './run-to-summary.ts';
import { consumerClientOf } from '../experiment-file/consumer-client.ts';

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

const processorKindOf = (cell: CellResult) => cell.params.processor.kind;
const withoutProcessorKind = (cell: CellResult) => ({ ...cell.params, processor: { ...cell.params.processor, kind: undefined } });
const withoutProcessorKindOrClient = (cell: CellResult) => ({ ...withoutProcessorKind(cell), consumer: { ...cell.params.consumer, client: undefined } });
const consumes = (cell: CellResult) => cell.params.workload.generator !== 'producer-performance' && cell.params.processor.consumers > 0;

function costLine(record: RunRecord, variant: string, yardstick: string, describe: (ratio: string) => string): HarnessCost {
  const ratio = ratioText(throughput(record, variant), throughput(record, yardstick));
  return { variant, yardstick, ...(ratio ? { ratio: ratio.ratio, low: ratio.low, high: ratio.high } : {}), text: describe(ratio?.text ?? 'not measured') };
}

/**
 * Processors' CPU per consumed message (core-µs), per completed cell: while a producer bounds what every consumer
 * gets, equal msgs/s hide what each spent on them.
 */
function processorMicrosPerMessage(record: RunRecord, variant: string): number[] {
  return completedCells(record, variant).flatMap((cell) => {
    const cpuPercent = harnessCpu(cell, record, ['processor']);
    const perSec = cell.throughput?.consumedPerSec;
    return cpuPercent && perSec ? [((cpuPercent / 100) * 1e6) / perSec] : [];
  });
}

function consumeCostLine(record: RunRecord, variant: string, yardstick: string, describe: (ratio: string) => string): HarnessCost {
  const line = costLine(record, variant, yardstick, describe);
  const cpu = ratioText(processorMicrosPerMessage(record, variant), processorMicrosPerMessage(record, yardstick));
  return cpu ? { ...line, text: `${line.text}; processor CPU per message ${cpu.text}` } : line;
}

/**
 * The yardsticks, each where the run has a twin that differs only in it: a harness generator against the same
 * client's bare loop (`workload.generator: bare`; near 1, the harness measures the client), every Node producer
 * against Kafka's ProducerPerformance (near 1, it measures the broker), and likewise on the consuming side a
 * harness processor against its client's bare consume loop (`processor.kind: bare`) and every Node consumer
 * against Kafka's ConsumerPerformance, each with the processors' CPU per message.
 */
export function harnessCosts(record: RunRecord): HarnessCost[] {
  const clientOf = (variant: string) => record.cells.find((cell) => cell.variant === variant)!.params.producer.client;
  const versusBare = twinVariants(
    record,
    (cell) => generatorOf(cell) === 'harness',
    (cell) => generatorOf(cell) === 'bare',
    withoutGenerator,
  ).map(([harness, bare]) =>
    costLine(record, harness, bare, (ratio) => `harness generator (${harness}) = ${ratio} bare ${clientOf(bare)} loop (${bare}), msgs/s`),
  );
  const versusTool = twinVariants(
    record,
    (cell) => generatorOf(cell) !== 'producer-performance',
    (cell) => generatorOf(cell) === 'producer-performance',
    withoutGeneratorOrClient,
  ).map(([node, tool]) => costLine(record, node, tool, (ratio) => `${node} = ${ratio} Kafka's ProducerPerformance (${tool}), records/s`));
  const consumerOf = (variant: string) => consumerClientOf(record.cells.find((cell) => cell.variant === variant)!.params);
  const processorVersusBare = twinVariants(
    record,
    (cell) => consumes(cell) && processorKindOf(cell) === 'harness',
    (cell) => consumes(cell) && processorKindOf(cell) === 'bare',
    withoutProcessorKind,
  ).map(([harness, bare]) =>
    consumeCostLine(
      record,
      harness,
      bare,
      (ratio) => `harness processor (${harness}) = ${ratio} bare ${consumerOf(bare)} consume loop (${bare}), consumed msgs/s`,
    ),
  );
  const consumerVersusTool = twinVariants(
    record,
    (cell) => consumes(cell) && processorKindOf(cell) !== 'consumer-performance',
    (cell) => consumes(cell) && processorKindOf(cell) === 'consumer-performance',
    withoutProcessorKindOrClient,
  ).map(([node, tool]) => consumeCostLine(record, node, tool, (ratio) => `${node} = ${ratio} Kafka's ConsumerPerformance (${tool}), consumed msgs/s`));
  return [...versusBare, ...versusTool, ...processorVersusBare, ...consumerVersusTool];
}
