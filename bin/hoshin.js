#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is no separate build step for the server side.
import { register } from 'tsx/esm/api';

register();
// `hoshin … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
