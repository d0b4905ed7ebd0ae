import { type CpuProfile, locationOf } from './cpuprofile-to-top-functions.ts';
import type { PositionMapper } from './source-maps.ts';

/** A profile with the maps that place its frames in the TypeScript sources (absent for processes that left none). */
export interface MappedProfile {
  profile: CpuProfile;
  mapPosition?: PositionMapper;
}

/** One frame of a call tree merged over profiles: samples with this frame on top (self) and anywhere below it (total). */
interface FrameNode {
  name: string;
  self: number;
  total: number;
  children: Map<string, FrameNode>;
}

/** A frame as d3-flame-graph draws it: `value` is the width (% of the drawn side's busy samples), `delta` the colour. */
export interface DiffFrame {
  name: string;
  value: number;
  /** Self % in the changed side minus self % in the baseline, in percentage points: > 0 hotter (red), < 0 cooler (blue). */
  delta: number;
  /** Self and total % on each side, for the tooltip. */
  before: { self: number; total: number };
  after: { self: number; total: number };
  children: DiffFrame[];
}

/** One function's share of busy samples on both sides, by self time. */
export interface FunctionChange {
  function: string;
  location: string;
  beforeSelf: number;
  afterSelf: number;
  /** afterSelf − beforeSelf, percentage points. */
  change: number;
  beforeTotal: number;
  afterTotal: number;
}

export interface ProfileDiff {
  /** Busy (not idle) samples on each side: the denominators of every percentage. */
  samples: { before: number; after: number };
  /** Shaped by the changed side: what it spends, coloured by how that changed. */
  after: DiffFrame;
  /** Shaped by the baseline: shows what the changed side no longer spends (blue), which the first graph cannot. */
  before: DiffFrame;
  /** The functions whose self share changed most, either way. */
  changed: FunctionChange[];
}

const idle = '(idle)';
const rootName = '(root)';

const emptyNode = (name: string): FrameNode => ({ name, self: 0, total: 0, children: new Map() });

/** Merges profiles into one call tree of sample counts, frames named `function file:line`; idle samples are left out. */
function callTree(profiles: MappedProfile[], root: string): { tree: FrameNode; busy: number } {
  const tree = emptyNode('all');
  let busy = 0;
  for (const { profile, mapPosition } of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const label = new Map<number, string>();
    const labelOf = (id: number) => {
      let known = label.get(id);
      if (known === undefined) {
        const { callFrame } = byId.get(id)!;
        const name = callFrame.functionName || '(anonymous)';
        // V8's pseudo-frames ((garbage collector), (program)) have no place to name.
        known = callFrame.functionName.startsWith('(') ? name : `${name} ${locationOf(callFrame, root, mapPosition)}`;
        label.set(id, known);
      }
      return known;
    };
    for (const id of profile.samples) {
      if (byId.get(id)?.callFrame.functionName === idle) continue;
      busy++;
      const stack: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        if (byId.get(at)?.callFrame.functionName !== rootName) stack.push(labelOf(at));
      }
      let node = tree;
      node.total++;
      for (const name of stack.reverse()) {
        node = node.children.get(name) ?? node.children.set(name, emptyNode(name)).get(name)!;
        node.total++;
      }
      node.self++;
    }
  }
  return { tree, busy };
}

/** Frames narrower than this share of busy samples are left out of the drawing (their time stays in their parent's width). */
const narrowestPercent = 0.05;

const percentOf = (count: number, busy: number) => (busy > 0 ? (100 * count) / busy : 0);

/** `shape`'s tree with each frame's self share compared to the same call path in `other`. */
function diffFrames(shape: FrameNode, shapeBusy: number, other: FrameNode | undefined, otherBusy: number, shapeIsAfter: boolean): DiffFrame {
  const mine = { self: percentOf(shape.self, shapeBusy), total: percentOf(shape.total, shapeBusy) };
  const theirs = { self: percentOf(other?.self ?? 0, otherBusy), total: percentOf(other?.total ?? 0, otherBusy) };
  const [before, after] = shapeIsAfter ? [theirs, mine] : [mine, theirs];
  return {
    name: shape.name,
    value: mine.total,
    delta: after.self - before.self,
    before,
    after,
    children: [...shape.children.values()]
      .filter((child) => percentOf(child.total, shapeBusy) >= narrowestPercent)
      .map((child) => diffFrames(child, shapeBusy, other?.children.get(child.name), otherBusy, shapeIsAfter)),
  };
}

/** Self and total samples per function over a whole tree; a function counts once per stack towards its total. */
function byFunction(tree: FrameNode): Map<string, { self: number; total: number }> {
  const functions = new Map<string, { self: number; total: number }>();
  // How often each function is on the current path: recursion's inner calls are already in the outermost one's total.
  const onStack = new Map<string, number>();
  const walk = (node: FrameNode) => {
    for (const child of node.children.values()) {
      const entry = functions.get(child.name) ?? functions.set(child.name, { self: 0, total: 0 }).get(child.name)!;
      entry.self += child.self;
      const depth = onStack.get(child.name) ?? 0;
      if (depth === 0) entry.total += child.total;
      onStack.set(child.name, depth + 1);
      walk(child);
      onStack.set(child.name, depth);
    }
  };
  walk(tree);
  return functions;
}

function splitLabel(label: string): { function: string; location: string } {
  const space = label.lastIndexOf(' ');
  if (label.endsWith(' (native)') || label.endsWith(' (generated code)')) {
    const at = label.lastIndexOf(' (');
    return { function: label.slice(0, at), location: label.slice(at + 1) };
  }
  return space > 0 && /:\d+$/.test(label) ? { function: label.slice(0, space), location: label.slice(space + 1) } : { function: label, location: '(native)' };
}

/**
 * What changed between two sets of CPU profiles of the same processes (a baseline and a changed variant): each side
 * normalised by its own busy samples, so a longer or busier profile is not "hotter" for being longer.
 */
export function diffProfiles(before: MappedProfile[], after: MappedProfile[], options: { root: string; limit?: number }): ProfileDiff {
  const a = callTree(before, options.root);
  const b = callTree(after, options.root);
  const functionsA = byFunction(a.tree);
  const functionsB = byFunction(b.tree);
  const changed = [...new Set([...functionsA.keys(), ...functionsB.keys()])]
    .map((label): FunctionChange => {
      const was = functionsA.get(label) ?? { self: 0, total: 0 };
      const now = functionsB.get(label) ?? { self: 0, total: 0 };
      const beforeSelf = percentOf(was.self, a.busy);
      const afterSelf = percentOf(now.self, b.busy);
      return {
        ...splitLabel(label),
        beforeSelf,
        afterSelf,
        change: afterSelf - beforeSelf,
        beforeTotal: percentOf(was.total, a.busy),
        afterTotal: percentOf(now.total, b.busy),
      };
    })
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change))
    .slice(0, options.limit ?? 25);
  return {
    samples: { before: a.busy, after: b.busy },
    after: diffFrames(b.tree, b.busy, a.tree, a.busy, true),
    before: diffFrames(a.tree, a.busy, b.tree, b.busy, false),
    changed,
  };
}
