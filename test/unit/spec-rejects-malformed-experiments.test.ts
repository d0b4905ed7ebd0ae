import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../harness/errors.ts';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'malformed-experiments');
// Each fixture's first line says the error it must give: `# expect: <regular expression>`.
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const expected = /^# expect: (.+)$/m.exec(text)?.[1];
    if (!expected) throw new Error(`${file} has no "# expect:" line`);
    return { file, text, expected: new RegExp(expected) };
  });

function errorOf(file: string, text: string): UserError {
  try {
    parseExperiment(`malformed/${file}`, text);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('experiment files that must be refused', () => {
  it('has at least 20 of them', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (_name, fixture) => {
    const error = errorOf(fixture.file, fixture.text);
    expect(error.exitCode).toBe(ExitCode.badInput);
    const shown = `${error.message}\n${error.details ?? ''}`;
    expect(shown).toMatch(fixture.expected);
    // Every error names the file and carries a fix.
    expect(error.what).toContain(`malformed/${fixture.file}`);
    expect(error.hint.length).toBeGreaterThan(5);
  });
});
