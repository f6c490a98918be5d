// The bin's commands, and the rule that tells a command from a folder name: a word that is not a
// command is taken as the folder of a new project only where no project is, and only when it is not
// a near miss of a command (`confg`), so a typo never quietly writes a nested project.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closest } from '../shared/config-validation.js';

export const COMMANDS = {
  new: {
    generator: 'app',
    usage: 'new [dir] [flags]',
    does: 'create a project (the default command)',
  },
  config: {
    generator: 'config',
    usage: 'config [flags]',
    does: 'change answers of the project here (--from OLD.json imports)',
  },
  upgrade: {
    generator: 'upgrade',
    usage: 'upgrade [--dry-run] [--force]',
    does: 'bring a newer generator into the project here, keeping your edits',
  },
  action: {
    generator: 'action',
    usage: 'action NAME [flags]',
    does: 'add src/actions/NAME.ts and its test',
  },
  middleware: {
    generator: 'middleware',
    usage: 'middleware NAME [flags]',
    does: 'add src/middleware/NAME.ts (--kind action, connection or chat) and its test',
  },
} as const;

export type Command = keyof typeof COMMANDS;

export function isCommand(word: string): word is Command {
  return Object.hasOwn(COMMANDS, word);
}

export function usage(bin: string): string {
  const commands = Object.values(COMMANDS).map((command) => `${bin} ${command.usage}`);
  // Every description starts in one column, two spaces after the longest command.
  const width = Math.max(...commands.map((command) => command.length)) + 2;
  const rows = Object.values(COMMANDS).map(
    (command, i) => `  ${(commands[i] ?? '').padEnd(width)}${command.does}`,
  );
  return ['Usage:', ...rows, '', `\`${bin} COMMAND --help\` lists the flags of a command.`].join(
    '\n',
  );
}

/** What the bin should do with its arguments. */
export type Dispatch =
  | { kind: 'help' }
  | { kind: 'run'; command: Command; args: string[] }
  | { kind: 'refuse'; lines: string[] };

export function dispatch(bin: string, args: readonly string[], cwd: string): Dispatch {
  const [first, ...rest] = args;
  if (first === 'help' || ((first === '--help' || first === '-h') && rest.length === 0)) {
    return { kind: 'help' };
  }
  if (first === undefined || first.startsWith('-'))
    return { kind: 'run', command: 'new', args: [...args] };
  if (isCommand(first)) return { kind: 'run', command: first, args: rest };
  const names = Object.keys(COMMANDS);
  const close = closest(first, names);
  const list = `Commands: ${names.join(', ')} (\`${bin} --help\` says what each does).`;
  if (isProjectDir(cwd)) {
    return {
      kind: 'refuse',
      lines: [
        `"${first}" is not a command${close ? `; did you mean "${close}"?` : '.'}`,
        list,
        `This folder holds a project already; to create another inside it: ${bin} new ${first}`,
      ],
    };
  }
  if (close) {
    return {
      kind: 'refuse',
      lines: [
        `"${first}" is not a command; did you mean "${close}"?`,
        list,
        `To create a project in a folder named "${first}": ${bin} new ${first}`,
      ],
    };
  }
  return { kind: 'run', command: 'new', args: [...args] };
}

/** A folder holds a project of this generator when its .yo-rc.json has the generator's key. */
export function isProjectDir(dir: string): boolean {
  const file = join(dir, '.yo-rc.json');
  if (!existsSync(file)) return false;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && 'generator-actionhero-ws' in parsed;
  } catch {
    return false;
  }
}
