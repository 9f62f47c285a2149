#!/usr/bin/env node
// Runs the compiled CLI (dist/ is written by `npm run build`, which `npm install` runs in a clone).
import { run } from './run.js';

await run('../dist/spec/diff/cli.js', import.meta.url);
