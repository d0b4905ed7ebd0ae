#!/usr/bin/env node
// The harness is TypeScript run through tsx, so there is no build step between an edit and a run.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli/main.ts');
