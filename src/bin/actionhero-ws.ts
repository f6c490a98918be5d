#!/usr/bin/env node
// actionhero-ws [new] [dir] | config ... | action NAME: this package's generators without `yo`.
import { COMMANDS, exitWithError, runGenerator, type Command } from './run.js';

const USAGE = `Usage:
  actionhero-ws [new] [dir] [flags]   create a project (see --help for every flag)
  actionhero-ws config [flags]        regenerate config files; --from OLD.json imports an old config
  actionhero-ws action NAME [flags]   add src/actions/NAME.ts and its test

Add --help after a command for its flags.`;

const args = process.argv.slice(2);
const first = args[0];

if (first === 'help' || ((first === '--help' || first === '-h') && args.length === 1)) {
  process.stdout.write(`${USAGE}\n`);
} else {
  const command: Command =
    first !== undefined && Object.hasOwn(COMMANDS, first) ? (first as Command) : 'new';
  const rest = first !== undefined && Object.hasOwn(COMMANDS, first) ? args.slice(1) : args;
  runGenerator(command, rest).catch(exitWithError);
}
