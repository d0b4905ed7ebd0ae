import { describe, expect, it } from 'vitest';
import type { CpuProfile } from '../../harness/profile/cpuprofile-to-top-functions.ts';
import { diffProfiles } from '../../harness/profile/profile-diff.ts';
import { positionMapper } from '../../harness/profile/source-maps.ts';

/** A profile of `main` calling `encode` and `send`, with the given sample counts on top of each (and idle ones). */
function profile(counts: { encode: number; send: number; main: number; idle: number; compress?: number }): CpuProfile {
  const frame = (id: number, functionName: string, children: number[] = [], url = 'file:///app/pipeline.js') => ({
    id,
    callFrame: { functionName, url, lineNumber: id, columnNumber: 0 },
    children,
  });
  const nodes = [
    frame(1, '(root)', [2, 5], ''),
    frame(2, 'main', [3, 4, 6]),
    frame(3, 'encode'),
    frame(4, 'send'),
    frame(5, '(idle)', [], ''),
    frame(6, 'compress'),
  ];
  const samples = [
    ...Array(counts.encode).fill(3),
    ...Array(counts.send).fill(4),
    ...Array(counts.main).fill(2),
    ...Array(counts.idle).fill(5),
    ...Array(counts.compress ?? 0).fill(6),
  ];
  return { nodes, samples, timeDeltas: samples.map(() => 1000) };
}

describe('differential profiles', () => {
  it("compares each side's share of its own busy samples, so a longer profile is not hotter for being longer", () => {
    const before = profile({ encode: 50, send: 40, main: 10, idle: 500 });
    // Three times the samples, the same shares, except encode got cheaper and compress is new.
    const after = profile({ encode: 60, send: 120, main: 30, idle: 10, compress: 90 });
    const diff = diffProfiles([{ profile: before }], [{ profile: after }], { root: '/app' });
    expect(diff.samples).toEqual({ before: 100, after: 300 });
    const byName = Object.fromEntries(diff.changed.map((f) => [f.function, f]));
    expect(byName.encode!.beforeSelf).toBeCloseTo(50);
    expect(byName.encode!.afterSelf).toBeCloseTo(20);
    expect(byName.encode!.change).toBeCloseTo(-30);
    expect(byName.compress!.change).toBeCloseTo(30);
    expect(byName.send!.change).toBeCloseTo(0);
    expect(byName.encode!.location).toBe('pipeline.js:4');
    // Ranked by the size of the change, either way; idle never appears.
    expect(
      diff.changed
        .slice(0, 2)
        .map((f) => f.function)
        .sort(),
    ).toEqual(['compress', 'encode']);
    expect(diff.changed.map((f) => f.function)).not.toContain('(idle)');
    // The graph shaped by the changed side: widths are its totals, colours the change in self share.
    const main = diff.after.children.find((child) => child.name.startsWith('main '))!;
    expect(main.value).toBeCloseTo(100);
    const compress = main.children.find((child) => child.name.startsWith('compress '))!;
    expect(compress.value).toBeCloseTo(30);
    expect(compress.delta).toBeCloseTo(30);
    // The graph shaped by the baseline still has compress's absence and encode's fall to show.
    const mainBefore = diff.before.children.find((child) => child.name.startsWith('main '))!;
    expect(mainBefore.children.map((child) => child.name.split(' ')[0]).sort()).toEqual(['encode', 'send']);
    expect(mainBefore.children.find((child) => child.name.startsWith('encode '))!.delta).toBeCloseTo(-30);
  });

  it('merges several repetitions of a side into one set of shares', () => {
    const one = profile({ encode: 10, send: 10, main: 0, idle: 0 });
    const other = profile({ encode: 30, send: 10, main: 0, idle: 0 });
    const diff = diffProfiles([{ profile: one }, { profile: other }], [{ profile: one }], { root: '/app' });
    expect(diff.samples.before).toBe(60);
    expect(diff.changed.find((f) => f.function === 'encode')!.beforeSelf).toBeCloseTo((100 * 40) / 60);
  });

  it('places frames of compiled TypeScript at their source line through the source map the process left', () => {
    // Line 0 of the compiled file: column 0 → source line 0, column 10 → line 10, column 20 → line 15 (VLQ by hand).
    const mapPosition = positionMapper({
      'file:///app/harness/task.ts': {
        version: 3,
        file: 'task.ts',
        sources: ['file:///app/harness/task.ts'],
        names: [],
        mappings: 'AAAA,UAUA,UAKA',
        sourceRoot: '',
        sourcesContent: [],
      },
    });
    expect(mapPosition('file:///app/harness/task.ts', 0, 12)).toEqual({ url: 'file:///app/harness/task.ts', line: 11 });
    expect(mapPosition('file:///app/harness/task.ts', 0, 25)).toEqual({ url: 'file:///app/harness/task.ts', line: 16 });
    expect(mapPosition('file:///app/other.js', 0, 25)).toBeUndefined();
    const compiled: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2] },
        { id: 2, callFrame: { functionName: 'transform', url: 'file:///app/harness/task.ts', lineNumber: 0, columnNumber: 22 } },
      ],
      samples: [2, 2],
      timeDeltas: [1000, 1000],
    };
    const diff = diffProfiles([{ profile: compiled }], [{ profile: compiled, mapPosition }], { root: '/app' });
    expect(diff.after.children[0]!.name).toBe('transform harness/task.ts:16');
    expect(diff.before.children[0]!.name).toBe('transform harness/task.ts:1');
  });

  it("names code made at run time (protobufjs's generated decoders) apart from V8's native code", () => {
    const generated: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, scriptId: '0' }, children: [2, 3] },
        { id: 2, callFrame: { functionName: '', url: '', lineNumber: 0, scriptId: '1204' } },
        { id: 3, callFrame: { functionName: 'writeBuffer', url: '', lineNumber: -1, scriptId: '0' } },
      ],
      samples: [2, 3],
      timeDeltas: [1000, 1000],
    };
    const { changed } = diffProfiles([{ profile: generated }], [{ profile: generated }], { root: '/app' });
    expect(changed.map((f) => `${f.function} ${f.location}`).sort()).toEqual(['(anonymous) (generated code)', 'writeBuffer (native)']);
  });
});
