#!/usr/bin/env node
// Runs the built CLI when there is one (an installed package), else the TypeScript source
// through tsx, so `sightline` works in the workspace without a build step.
import { existsSync } from 'node:fs';

const built = new URL('../dist/main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
