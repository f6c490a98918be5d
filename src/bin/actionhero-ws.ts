#!/usr/bin/env node
// actionhero-ws [new] [dir] | config ... | action NAME | middleware NAME: this package's
// generators without `yo`.
import { dispatch, usage } from './commands.js';
import { exitWithError, runGenerator } from './run.js';

const BIN = 'actionhero-ws';
const decision = dispatch(BIN, process.argv.slice(2), process.cwd());

if (decision.kind === 'help') {
  process.stdout.write(`${usage(BIN)}\n`);
} else if (decision.kind === 'refuse') {
  process.stderr.write(`${decision.lines.join('\n')}\n`);
  process.exitCode = 1;
} else {
  runGenerator(decision.command, decision.args, `${BIN} ${decision.command}`).catch(exitWithError);
}
