import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { compareP99Methods, type P99MethodResult, type ScenarioResult, simulateScenario, standardScenarios } from './statistics-simulation.ts';

/** Monte-Carlo standard error of a share p over n runs, in percent. */
const monteCarloError = (p: number, n: number) => 100 * Math.sqrt((p * (1 - p)) / n);
const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

/**
 * `npm run bench statistics`: every standard scenario through the real verdict and stopping code, `runs` times each,
 * and the p99 methods side by side. Returns the lines it prints (the first two are the headline figures) and the
 * file it wrote.
 */
export async function benchStatistics(options: {
  runs: number;
  outDir: string;
  onProgress: (line: string) => void;
}): Promise<{ file: string; lines: string[]; scenarios: ScenarioResult[]; p99Methods: P99MethodResult[] }> {
  const scenarios: ScenarioResult[] = [];
  for (const scenario of standardScenarios()) {
    options.onProgress(`statistics: ${scenario.name} (${options.runs} runs)`);
    scenarios.push(await simulateScenario(scenario, options.runs));
  }
  // The bootstrap makes this the slow part: 2,000 runs put its rates within a point.
  const p99Methods = compareP99Methods(5, Math.min(options.runs, 2000));
  const autoAa = scenarios.filter((r) => r.scenario.difference === 0 && r.scenario.repetitions === 'auto' && !r.scenario.spending);
  const worst = autoAa.reduce((a, b) => (b.falsePositives > a.falsePositives ? b : a));
  const power = scenarios.find((r) => r.scenario.difference === 0.1 && r.scenario.cv === 0.05 && r.scenario.repetitions === 'auto' && !r.scenario.spending)!;
  const lines = [
    `false positives: ${percent(worst.falsePositives)} (family-wise, A/A, the worst of ${autoAa.length} scenarios with repetitions: auto and 2–6 variants: ${worst.scenario.name}; Monte-Carlo error ±${monteCarloError(worst.falsePositives, worst.runs).toFixed(1)} points)`,
    `power: ${percent(power.power)} (a true 10 % difference in msgs/s at CV 5 %, repetitions: auto, ${power.meanRepetitions.toFixed(1)} repetitions per variant on average; ±${monteCarloError(power.power, power.runs).toFixed(1)} points)`,
    ...scenarios.map(
      (r) =>
        `${r.scenario.name}: ${r.scenario.difference === 0 ? `false positives: ${percent(r.falsePositives)}` : `power: ${percent(r.power)}, wrong-direction or other false positives: ${percent(r.falsePositives)}`}, every verdict decided in ${percent(r.decided)} of runs, ${r.meanRepetitions.toFixed(1)} repetitions per variant on average`,
    ),
    ...p99Methods.map(
      (m) =>
        `p99 method, 5 repetitions a side, one in six cold: ${m.method}: false positives: ${percent(m.falsePositives)}, power for a true 2×: ${percent(m.power)}`,
    ),
  ];
  const file = path.join(options.outDir, `statistics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeJsonAtomic(file, { runs: options.runs, lines, scenarios, p99Methods });
  return { file, lines, scenarios, p99Methods };
}
