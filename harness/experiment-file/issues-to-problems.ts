import type { z } from 'zod';
import { didYouMean } from '../util/did-you-mean.ts';
import { enumValuesAt, knownKeysAt } from './schema-keys.ts';
import { hintFor } from './setup-hints.ts';
import type { SpecProblems } from './spec-problems.ts';
import type { SpecPath } from './yaml-source.ts';

function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/**
 * Turns zod issues on a setup into spec problems. `locate` maps a path inside the setup to the path in the
 * file (a variant's own key, or the base's); `value` reads what the setup held there.
 */
export function addSetupIssues(options: {
  problems: SpecProblems;
  issues: z.core.$ZodIssue[];
  locate: (path: SpecPath) => SpecPath;
  value: (path: SpecPath) => unknown;
  knownKeys?: (path: SpecPath) => readonly string[];
}): void {
  const knownKeys = options.knownKeys ?? knownKeysAt;
  for (const issue of options.issues) {
    const path = issue.path as SpecPath;
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(path);
      for (const key of issue.keys) {
        options.problems.add(options.locate([...path, key]), 'unknown key', `${didYouMean(key, known)}known keys here: ${known.join(', ')}`);
      }
      continue;
    }
    const got = options.value(path);
    const enumValues = enumValuesAt(path);
    if (issue.code === 'invalid_value' && enumValues.length > 0 && typeof got === 'string') {
      options.problems.add(options.locate(path), `unknown value ${shown(got)}`, `${didYouMean(got, enumValues)}${hintFor(path)}`);
      continue;
    }
    // zod's bare "Invalid input" (a failed union) says nothing the hint does not say better.
    const detail = issue.message === 'Invalid input' ? '' : `: ${issue.message.replace(/^Invalid input: /, '')}`;
    const message = got === undefined ? 'is required' : `${shown(got)} is not valid${detail}`;
    options.problems.add(options.locate(path), message, hintFor(path));
  }
}
