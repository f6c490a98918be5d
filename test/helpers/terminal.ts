// A real terminal for tests: the program runs on a pseudo-terminal (node-pty), so it sees a TTY
// exactly as it would for a person, and its output is drawn by a headless xterm, so the test reads
// the screen as the person sees it (prompts redrawn in place, not a stream of escape codes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';

const artifacts = fileURLToPath(new URL('../../test-artifacts/terminal/', import.meta.url));

const KEYS = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  space: ' ',
  backspace: '\x7f',
  'ctrl-c': '\x03',
} as const;

export type Key = keyof typeof KEYS;

export interface Exit {
  exitCode: number;
  signal: number | undefined;
}

export interface TerminalOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
}

export class Terminal {
  private readonly pty: IPty;
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private pending = Promise.resolve();
  /** Resolves when the program ends. */
  readonly exited: Promise<Exit>;

  constructor(command: string, args: string[], options: TerminalOptions) {
    const cols = options.cols ?? 100;
    const rows = options.rows ?? 40;
    this.term = new xterm.Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
    this.pty = spawn(command, args, {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: options.cwd,
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    });
    this.pty.onData((data) => {
      // xterm parses asynchronously; chaining keeps the screen in the order the bytes came.
      this.pending = this.pending.then(
        () => new Promise<void>((resolve) => this.term.write(data, resolve)),
      );
    });
    this.exited = new Promise((resolve) =>
      this.pty.onExit(({ exitCode, signal }) => resolve({ exitCode, signal })),
    );
  }

  /** Every line written so far, scrollback included, trailing blanks trimmed. */
  async screen(): Promise<string> {
    await this.pending;
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    }
    return lines.join('\n').replace(/\s+$/, '');
  }

  /** Lines the terminal had to wrap because the program wrote them wider than its width. */
  async wrappedLines(): Promise<string[]> {
    await this.pending;
    const buffer = this.term.buffer.active;
    const wrapped: string[] = [];
    for (let i = 1; i < buffer.length; i++) {
      if (buffer.getLine(i)?.isWrapped)
        wrapped.push(buffer.getLine(i - 1)?.translateToString() ?? '');
    }
    return wrapped;
  }

  /** Waits until the screen shows `text` (a hang guard, not a speed check); returns the screen. */
  async waitFor(text: string | RegExp, ms = 60_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const screen = await this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > end) {
        throw new Error(`the terminal never showed ${String(text)}; it shows:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Types text as a person would, one key at a time. */
  type(text: string): void {
    for (const char of text) this.pty.write(char);
  }

  press(key: Key, times = 1): void {
    for (let i = 0; i < times; i++) this.pty.write(KEYS[key]);
  }

  /** Answers the question whose text is `question`: waits for it, then types and presses keys. */
  async answer(question: string, ...input: (Key | { text: string })[]): Promise<void> {
    await this.waitFor(new RegExp(`\\? ${escape(question)}`));
    for (const step of input) {
      if (typeof step === 'string') this.press(step);
      else this.type(step.text);
    }
    await this.waitFor(new RegExp(`✔ ${escape(question)}`));
  }

  /** Waits for the end, the screen settled; kills the program if it outstays `ms`. */
  async end(ms = 120_000): Promise<Exit> {
    const timer = setTimeout(() => this.pty.kill('SIGKILL'), ms);
    const exit = await this.exited;
    clearTimeout(timer);
    await this.pending;
    return exit;
  }

  /** Saves the screen under test-artifacts/terminal/ for a person to read. */
  async save(name: string): Promise<string> {
    const screen = await this.screen();
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, `${name}.txt`), `${screen}\n`);
    return screen;
  }

  kill(): void {
    this.pty.kill('SIGKILL');
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
