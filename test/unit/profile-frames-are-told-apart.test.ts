import { describe, expect, it } from 'vitest';
import { type CpuProfile, cpuprofileToTopFunctions } from '../../harness/profile/cpuprofile-to-top-functions.ts';
import { frameOwner } from '../../harness/profile/frame-owner.ts';

describe('top functions of a CPU profile', () => {
  it("tell the harness's own frames (tsx's loader, module loading, measuring) from the pipeline's", () => {
    expect(frameOwner('node:internal/modules/esm/hooks:585')).toBe('harness');
    expect(frameOwner('node_modules/tsx/dist/esm/index.mjs:2')).toBe('harness');
    expect(frameOwner('node_modules/hdr-histogram-js/dist/JsHistogram.js:563')).toBe('harness');
    expect(frameOwner('harness/metrics/sequence-set.ts:40')).toBe('harness');
    expect(frameOwner('node_modules/kafkajs/src/protocol/recordBatch/v0/index.js:10')).toBe('pipeline');
    expect(frameOwner('harness/serializers/json-serializer.ts:12')).toBe('pipeline');
    expect(frameOwner('node:buffer:241')).toBe('pipeline');
    expect(frameOwner('(native)')).toBe('pipeline');
  });

  it('name the caller a native frame spent its time for', () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
      id,
      callFrame: { functionName, url, lineNumber: 9 },
      children,
    });
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)', '', [2, 4]),
        frame(2, 'encode', 'file:///app/a.js', [3]),
        frame(3, 'writeBuffer', ''),
        frame(4, 'decode', 'file:///app/b.js', [5]),
        frame(5, 'writeBuffer', ''),
      ],
      samples: [3, 3, 3, 5, 2],
      timeDeltas: [1000, 1000, 1000, 1000, 1000],
    };
    const { functions } = cpuprofileToTopFunctions(profile, { root: '/app' });
    const native = functions.find((f) => f.function === 'writeBuffer')!;
    expect(native).toMatchObject({ selfMs: 4, caller: 'encode a.js:10' });
    expect(functions.find((f) => f.function === 'encode')!.caller).toBeUndefined();
  });
});
