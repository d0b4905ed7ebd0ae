import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest';

function tests(task: RunnerTask): RunnerTask[] {
  return 'tasks' in task && Array.isArray(task.tasks) ? task.tasks.flatMap(tests) : [task];
}

/** Ends the run with the plain `N passed, N failed, N skipped` line that CI reads. */
export default class ClosingLineReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const all = files.flatMap(tests);
    const passed = all.filter((task) => task.result?.state === 'pass').length;
    const failed =
      all.filter((task) => task.result?.state === 'fail').length +
      files.filter((file) => file.result?.state === 'fail' && tests(file).every((task) => task.result?.state !== 'fail')).length;
    const skipped = all.filter((task) => task.mode === 'skip' || task.mode === 'todo').length;
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
