/** A profiler that starts the worker itself: `node <command...> -- node <flags> worker-main.ts`. */
export interface WorkerWrapper {
  /** A Node script and its arguments, e.g. 0x's or clinic's command line entry point. */
  command: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** How long the profiler may take after the worker exits (it analyses and writes its HTML then). */
  finishMs: number;
}

export interface WorkerLaunch {
  /** Node flags for the worker itself, e.g. --cpu-prof. */
  nodeFlags?: string[];
  wrapper?: WorkerWrapper;
}
