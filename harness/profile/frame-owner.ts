/**
 * Whose work a profiled frame is, from its location: the harness's own (tsx compiling TypeScript on its loader
 * thread, Node loading modules, kafka-lab measuring — histograms, the runner's socket) or the pipeline's (the client,
 * the serializer, the task, the sink, Node's buffers and V8). A top-functions table that mixed them let a reader take
 * tsx's `waitForWorker` for work of the pipeline.
 */
const harnessLocations = [
  /^node:internal\/modules\//,
  /^node:internal\/deps\/cjs-module-lexer\//,
  /^node:internal\/bootstrap\//,
  /^node:internal\/process\/pre_execution/,
  /(^|\/)node_modules\/(tsx|esbuild|get-tsconfig)\//,
  /(^|\/)node_modules\/hdr-histogram-js\//,
  /(^|\/)harness\/metrics\//,
  /(^|\/)harness\/workload\/(ipc|worker-main|json-lines)\.ts/,
];

export type FrameOwner = 'harness' | 'pipeline';

export function frameOwner(location: string): FrameOwner {
  return harnessLocations.some((pattern) => pattern.test(location)) ? 'harness' : 'pipeline';
}
