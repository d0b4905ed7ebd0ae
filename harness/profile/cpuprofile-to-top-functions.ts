import path from 'node:path';
import type { PositionMapper } from './source-maps.ts';

/** The parts of V8's .cpuprofile format (`--cpu-prof`) this reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number; scriptId?: string | number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** One function's share of a profile: self time (at the top of the stack) and total time (anywhere on it). */
export interface TopFunction {
  function: string;
  location: string;
  selfMs: number;
  totalMs: number;
  selfPercent: number;
  totalPercent: number;
  /** A native frame's most frequent caller (`function file:line`): a native frame alone says nothing of whose work it did. */
  caller?: string;
}

/** V8's pseudo-frames: (idle) is the process waiting, not work, so it is left out of the percentages. */
const idle = '(idle)';

/** `file:line` of a frame, relative to the repository, through the source maps where the process left them. */
export function locationOf(callFrame: CpuProfile['nodes'][number]['callFrame'], root: string, mapPosition?: PositionMapper): string {
  // No file: V8's builtins and native code (script 0), or code made at run time with eval/new Function — protobufjs
  // and avsc generate their encoders and decoders so — which deserves its own name, not "native".
  if (!callFrame.url) return callFrame.scriptId !== undefined && String(callFrame.scriptId) !== '0' ? '(generated code)' : '(native)';
  const mapped = mapPosition?.(callFrame.url, callFrame.lineNumber, callFrame.columnNumber ?? 0);
  const url = mapped?.url ?? callFrame.url;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const shown = file.startsWith(root) ? path.relative(root, file) : file;
  return `${shown}:${mapped?.line ?? callFrame.lineNumber + 1}`;
}

/**
 * Aggregates samples by function (name + file + line). A sample counts once towards the total of every
 * distinct function on its stack, so recursion is not counted twice; self goes to the top frame.
 */
export function cpuprofileToTopFunctions(
  profile: CpuProfile,
  options: { root: string; limit?: number; by?: 'self' | 'total'; mapPosition?: PositionMapper },
): { busyMs: number; idleMs: number; functions: TopFunction[] } {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (id: number) => {
    const { callFrame } = byId.get(id)!;
    return `${callFrame.functionName || '(anonymous)'}\u0000${locationOf(callFrame, options.root, options.mapPosition)}`;
  };
  const self = new Map<string, number>();
  const callers = new Map<string, Map<string, number>>();
  const total = new Map<string, number>();
  let busyMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (byId.get(id)?.callFrame.functionName === idle) {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const leaf = keyOf(id);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    const up = parent.get(id);
    if (
      (leaf.endsWith('\u0000(native)') || leaf.endsWith('\u0000(generated code)')) &&
      !leaf.startsWith('(') &&
      up !== undefined &&
      !keyOf(up).startsWith('(root)')
    ) {
      const byCaller = callers.get(leaf) ?? callers.set(leaf, new Map()).get(leaf)!;
      const caller = keyOf(up).replace('\u0000', ' ');
      byCaller.set(caller, (byCaller.get(caller) ?? 0) + ms);
    }
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(at);
      if (seen.has(key) || key.startsWith('(root)')) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const percent = (ms: number) => (busyMs > 0 ? Math.round((1000 * ms) / busyMs) / 10 : 0);
  const by = options.by ?? 'self';
  const functions = [...total.keys()]
    .map((key): TopFunction => {
      const [name, location] = key.split('\u0000') as [string, string];
      const selfMs = self.get(key) ?? 0;
      const totalMs = total.get(key)!;
      const caller = [...(callers.get(key) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0];
      return {
        ...(caller ? { caller } : {}),
        function: name,
        location,
        selfMs: Math.round(selfMs),
        totalMs: Math.round(totalMs),
        selfPercent: percent(selfMs),
        totalPercent: percent(totalMs),
      };
    })
    .sort((a, b) => (by === 'self' ? b.selfMs - a.selfMs : b.totalMs - a.totalMs))
    .slice(0, options.limit ?? 20);
  return { busyMs: Math.round(busyMs), idleMs: Math.round(idleMs), functions };
}
