// Runs one of this package's generators through yeoman-environment, so no global `yo` is needed
// (and root may run it: only `yo` itself refuses root).
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';

export const COMMANDS = {
  new: 'app',
  config: 'config',
  action: 'action',
} as const;

export type Command = keyof typeof COMMANDS;

/** Yeoman's own flags, which belong to the environment as well as to the generator. */
const ENVIRONMENT_FLAGS: Record<string, string> = {
  '--skip-install': 'skipInstall',
  '--force': 'force',
  '--dry-run': 'dryRun',
  '--bail': 'bail',
  '--skip-yo-resolve': 'skipYoResolve',
};

export async function runGenerator(command: Command, args: string[]): Promise<void> {
  const name = COMMANDS[command];
  const generatorPath = fileURLToPath(new URL(`../generators/${name}/index.js`, import.meta.url));
  const namespace = `actionhero-ws:${name}`;
  const env = createEnv();
  env.register(generatorPath, { namespace });
  const options: Record<string, boolean> = {};
  for (const arg of args) {
    const option = ENVIRONMENT_FLAGS[arg];
    if (option) options[option] = true;
  }
  if (args.includes('--help') || args.includes('-h')) options.help = true;
  await env.run([namespace, ...args], options);
}

/** Prints a failure the way a user wants it: the message, without a stack, and exit code 1. */
export function exitWithError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
