// Runs one of this package's generators through yeoman-environment, so no global `yo` is needed
// (and root may run it: only `yo` itself refuses root).
// The generator classes are imported statically, not registered by path, so that
// scripts/bundle-bins.ts can put them and yeoman-* into one file per bin (fast start-up); `yo`
// still loads the unbundled dist/generators/*/index.js.
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';
import ActionGenerator from '../generators/action/index.js';
import AppGenerator from '../generators/app/index.js';
import ConfigGenerator from '../generators/config/index.js';
import MiddlewareGenerator from '../generators/middleware/index.js';
import UpgradeGenerator from '../generators/upgrade/index.js';
import { COMMANDS, type Command } from './commands.js';
import { isPromptCancel, UsageError } from '../cli/errors.js';

const GENERATORS = {
  app: AppGenerator,
  config: ConfigGenerator,
  action: ActionGenerator,
  middleware: MiddlewareGenerator,
  upgrade: UpgradeGenerator,
} as const;

/** Yeoman's own flags, which belong to the environment as well as to the generator. */
const ENVIRONMENT_FLAGS: Record<string, string> = {
  '--skip-install': 'skipInstall',
  '--force': 'force',
  '--dry-run': 'dryRun',
  '--bail': 'bail',
  '--skip-yo-resolve': 'skipYoResolve',
};

/** Runs `command`'s generator; `usage` is the command as typed, for its help and error lines. */
export async function runGenerator(command: Command, args: string[], usage: string): Promise<void> {
  const name = COMMANDS[command].generator;
  // The path yo would register, so the generator's `resolved` is what it was when loaded by path
  // (from dist/bin/, unbundled or bundled alike).
  const resolved = fileURLToPath(new URL(`../generators/${name}/index.js`, import.meta.url));
  const namespace = `actionhero-ws:${name}`;
  const env = createEnv();
  env.register(GENERATORS[name], { namespace, resolved });
  const options: Record<string, boolean | string> = {
    usage,
    // Said, not guessed: Yeoman's guess fails in a new folder and prints an error-like line.
    nodePackageManager: packageManager(),
  };
  for (const arg of args) {
    const option = ENVIRONMENT_FLAGS[arg];
    if (option) options[option] = true;
  }
  if (args.includes('--help') || args.includes('-h')) options.help = true;
  await env.run([namespace, ...args], options);
}

/** The package manager that started us (`pnpm dlx`, `yarn create`), else npm. */
function packageManager(): string {
  const agent = /^(npm|yarn|pnpm|bun)\//.exec(process.env.npm_config_user_agent ?? '');
  return agent?.[1] ?? 'npm';
}

/** Prints a failure the way a user wants it: the message, without a stack, and exit code 1. */
export function exitWithError(error: unknown): never {
  // Ctrl-C at a question reaches here as inquirer's own error; say it plainly, as shells count it.
  const failure = isPromptCancel(error) ? UsageError.cancelled() : error;
  const message = failure instanceof Error ? failure.message : String(failure);
  process.stderr.write(`${message}\n`);
  process.exit(failure instanceof UsageError ? failure.exitCode : 1);
}
