// What every generator of this package shares as a command: help in the words of the command the
// user typed (`actionhero-ws new`, or `yo actionhero-ws`), and a refusal of flags it does not know.
import Generator, { type BaseOptions } from 'yeoman-generator';
import { helpText, unknownFlagLines } from './command-line.js';
import { UsageError } from './errors.js';

export type CommandOptions = BaseOptions & {
  /** The command as the user typed it; the bin passes it, `yo` users get yo's form. */
  usage?: string;
};

export abstract class CommandGenerator<
  C extends object,
  O extends CommandOptions,
> extends Generator<C, O> {
  constructor(args: string[], options: O) {
    super(args, options);
    // Yeoman logs "An error occured while running <namespace>#<task>" before every failure;
    // our failures already say what went wrong and what to do, so that line is only noise.
    // (`--help` constructs the generator without a logger.)
    if (typeof this.log !== 'function') return;
    Object.defineProperty(this, 'log', {
      value: new Proxy(this.log, {
        get: (target, key, receiver): unknown =>
          key === 'error'
            ? (message: unknown, ...rest: unknown[]) =>
                typeof message === 'string' && message.startsWith('An error occured while running')
                  ? target
                  : target.error(message, ...(rest as []))
            : Reflect.get(target, key, receiver),
      }),
    });
  }

  override help(): string {
    return helpText({
      usage: this._command(),
      description: this.description,
      args: this._arguments.map((arg) => ({ ...arg, name: arg.name ?? '' })),
      options: Object.values(this._options),
      width: Math.min(process.stdout.columns || 80, 100),
    });
  }

  /** Throws the "did you mean" lines for every flag the command does not know. */
  _refuseUnknownFlags(): void {
    const lines = unknownFlagLines({
      command: this._command(),
      options: Object.values(this._options),
      args: this._args,
      initOptions: this._initOptions,
    });
    if (lines.length > 0) throw new UsageError(lines);
  }

  /** `actionhero-ws new` from the bin; `yo actionhero-ws` or `yo actionhero-ws:config` from yo. */
  _command(): string {
    if (typeof this.options.usage === 'string') return this.options.usage;
    const name = this._namespace.replace(/:app$/, '');
    return `yo ${name}`;
  }
}
