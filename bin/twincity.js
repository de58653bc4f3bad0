#!/usr/bin/env node
// The twincity command: runs the TypeScript client through tsx, as the rest of the project runs.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
