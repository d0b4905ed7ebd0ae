import { ExitCode, UserError } from '../errors.ts';
import { formatPath, type SpecPath, type YamlSource } from './yaml-source.ts';

/** One thing wrong with an experiment file: where, what, and how to fix it. */
export interface SpecProblem {
  path: SpecPath;
  message: string;
  hint: string;
}

/** Collects every problem of a file, then throws them as one error naming the file, lines and paths. */
export class SpecProblems {
  private readonly problems: SpecProblem[] = [];

  constructor(private readonly source: YamlSource) {}

  add(path: SpecPath, message: string, hint: string): void {
    if (!this.problems.some((p) => formatPath(p.path) === formatPath(path) && p.message === message)) this.problems.push({ path, message, hint });
  }

  get count(): number {
    return this.problems.length;
  }

  /** `file:line: path: message`, the what of an error. */
  private whereAndWhat(problem: SpecProblem): string {
    const line = this.source.lineOf(problem.path);
    const where = `${this.source.file}${line ? `:${line}` : ''}`;
    return `${where}: ${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.message}`;
  }

  throwIfAny(): void {
    const [only, ...more] = this.problems;
    if (!only) return;
    if (more.length === 0) throw new UserError(this.whereAndWhat(only), only.hint);
    const lines = this.problems.map((problem) => `${this.whereAndWhat(problem)} (${problem.hint})`);
    throw new UserError(
      `${this.source.file} has ${this.problems.length} problems; nothing was started`,
      'fix each one listed below',
      ExitCode.badInput,
      lines.join('\n'),
    );
  }
}
