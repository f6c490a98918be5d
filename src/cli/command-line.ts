// What a generator accepts on the command line, read from the options it registered with Yeoman:
// its help text, in the bin's own words and a terminal's width, and the refusal of a flag it does
// not know (a typo such as --trasport would otherwise be ignored and the default taken).
import { closest } from '../shared/config-validation.js';

/** The parts of a Yeoman option or argument spec that help and flag checks read. */
export interface OptionSpec {
  name: string;
  type?: unknown;
  alias?: string;
  description?: string;
  hide?: boolean;
}

export interface ArgumentSpec {
  name: string;
  required?: boolean;
  description?: string;
}

/** Flags of Yeoman and of `yo` itself, which every generator accepts. */
const YEOMAN_FLAGS = [
  'skip-install',
  'force-install',
  'skip-cache',
  'ask-answered',
  'local-config-only',
  'force',
  'dry-run',
  'whitespace',
  'bail',
  'skip-yo-resolve',
  'cwd',
  'help',
  'debug',
  'insight',
  'update-notifier',
  'color',
] as const;

/** Yeoman's flags worth listing in help; the others are rarely wanted. */
const SHOWN_YEOMAN_FLAGS = ['skip-install', 'force', 'dry-run', 'bail', 'skip-yo-resolve'];

/** Keys yeoman-environment, yo and the bin put into a generator's options, never typed by a user. */
const INTERNAL_KEYS = new Set([
  '_',
  '_meta',
  'env',
  'resolved',
  'namespace',
  'sharedData',
  'sharedFs',
  'destinationRoot',
  'forwardErrorToEnvironment',
  'skipLocalCache',
  'skipParseOptions',
  'experimental',
  'logCwd',
  'usage',
  'nodePackageManager',
  'initialGenerator',
  'composeWithArguments',
]);

export interface FlagCheckInput {
  /** The command as the user typed it, for the hint: `actionhero-ws new`. */
  command: string;
  options: readonly OptionSpec[];
  /** The raw arguments (the bin passes the command line through here). */
  args: readonly string[];
  /** The options the generator was started with (`yo` passes parsed flags here). */
  initOptions: Readonly<Record<string, unknown>>;
}

/** One line per flag the generator does not know, with the closest known flag where there is one. */
export function unknownFlagLines({
  command,
  options,
  args,
  initOptions,
}: FlagCheckInput): string[] {
  const known = [...options.map((option) => option.name), ...YEOMAN_FLAGS];
  const accepted = new Set<string>();
  for (const name of known) {
    accepted.add(name);
    accepted.add(camelCase(name));
  }
  for (const option of options) if (option.alias) accepted.add(option.alias);
  const given = new Set<string>();
  for (const arg of args) {
    if (arg === '--') break;
    const flag = /^--?([^=]+)/.exec(arg)?.[1];
    if (flag !== undefined && !/^-?\d/.test(arg.slice(1))) given.add(flag);
  }
  for (const key of Object.keys(initOptions)) if (!INTERNAL_KEYS.has(key)) given.add(key);
  const lines: string[] = [];
  for (const flag of given) {
    const dashed = dashCase(flag);
    if (accepted.has(flag) || (dashed.startsWith('no-') && accepted.has(dashed.slice(3)))) continue;
    const close = closest(dashed, known);
    lines.push(
      `--${dashed}: is not a flag of ${command}; ` +
        (close ? `did you mean --${close}? ` : '') +
        `\`${command} --help\` lists them`,
    );
  }
  return lines;
}

export interface HelpInput {
  usage: string;
  description?: string;
  args: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** Columns to fit; lines wrap below this width. */
  width?: number;
}

/** Help in plain columns: usage, arguments, flags, then Yeoman's flags on one line. */
export function helpText({ usage, description, args, options, width = 80 }: HelpInput): string {
  const yeoman = new Set<string>(YEOMAN_FLAGS);
  const own = options.filter((option) => !option.hide && !yeoman.has(option.name));
  const argumentList = args.map((arg) => (arg.required ? `<${arg.name}>` : `[${arg.name}]`));
  const out = [
    `Usage: ${[usage, ...argumentList, own.length > 0 ? '[flags]' : ''].join(' ').trim()}`,
  ];
  if (description) out.push('', ...wrap(description, width));
  if (args.length > 0) {
    out.push('', 'Arguments:');
    out.push(
      ...table(
        args.map((arg) => [arg.name, arg.description ?? '']),
        width,
      ),
    );
  }
  if (own.length > 0) {
    out.push('', 'Flags:');
    out.push(
      ...table(
        own.map((option) => [flagLabel(option), option.description ?? '']),
        width,
      ),
    );
  }
  out.push(
    '',
    ...wrap(`Yeoman's flags: ${SHOWN_YEOMAN_FLAGS.map((f) => `--${f}`).join(', ')}`, width),
  );
  return out.join('\n');
}

function flagLabel(option: OptionSpec): string {
  const alias = option.alias ? `-${option.alias}, ` : '';
  if (option.type === Boolean) return `${alias}--[no-]${option.name}`;
  return `${alias}--${option.name} VALUE`;
}

/** Two columns; the second wraps under itself, or below the first when the first is long. */
function table(rows: readonly [string, string][], width: number): string[] {
  const first = Math.min(28, Math.max(...rows.map(([label]) => label.length)) + 4);
  const lines: string[] = [];
  for (const [label, text] of rows) {
    const indent = ' '.repeat(first);
    const body = wrap(text, width - first);
    if (label.length + 4 > first) {
      lines.push(`  ${label}`, ...body.map((line) => `${indent}${line}`));
    } else {
      const [head = '', ...tail] = body;
      lines.push(`  ${label.padEnd(first - 2)}${head}`, ...tail.map((line) => `${indent}${line}`));
    }
  }
  return lines;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > Math.max(width, 20)) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function dashCase(flag: string): string {
  return flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
