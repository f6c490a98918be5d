// `yo actionhero-ws:middleware NAME [--kind action|connection|chat] [--description TEXT]`: adds
// src/middleware/NAME.ts and test/middleware/NAME.test.ts. The name is checked as `:action` checks
// action names, and nothing is overwritten: a bad or taken name is refused before any file is
// written.
import { existsSync } from 'node:fs';
import { checkFileName, literal, type NamedFile } from '../../project/action-spec.js';
import { CommandGenerator, type CommandOptions } from '../../cli/command-generator.js';
import { UsageError } from '../../cli/errors.js';
import { existingFiles } from '../../project/existing-files.js';
import { writeScaffold } from '../../project/format.js';
import { paths } from '../../project/paths.js';
import type { ConfigIssue } from '../../shared/config-validation.js';

const KINDS = ['action', 'connection', 'chat'] as const;
type Kind = (typeof KINDS)[number];

const MIDDLEWARE_FILE: NamedFile = {
  noun: 'middleware',
  article: 'a',
  folder: 'src/middleware',
  command: 'yo actionhero-ws:middleware NAME --kind action|connection|chat',
};

/** Where the running server reads middleware from: a project made before has none of it. */
const RUNTIME = 'src/core/middleware.ts';

type MiddlewareOptions = CommandOptions & { name?: string; kind?: string; description?: string };

function isKind(value: unknown): value is Kind {
  return KINDS.some((kind) => kind === value);
}

export default class MiddlewareGenerator extends CommandGenerator<object, MiddlewareOptions> {
  private kind: Kind = 'action';

  constructor(args: string[], options: MiddlewareOptions) {
    super(args, options);
    this.desc(
      'Adds a middleware (src/middleware/NAME.ts) and its test (test/middleware/NAME.test.ts) to the project in this folder.',
    );
    this.argument('name', { type: String, required: false, description: 'the middleware name' });
    this.option('kind', {
      type: String,
      description: `what it runs around: ${KINDS.join(', ')} (default action)`,
    });
    this.option('description', { type: String, description: 'what the middleware does' });
  }

  initializing(): void {
    this._refuseUnknownFlags();
    const root = this.destinationRoot();
    if (!existsSync(this.destinationPath('src/actions'))) {
      throw new UsageError([
        `src/actions/ is missing in ${root}: run this inside a project made by yo actionhero-ws`,
      ]);
    }
    if (!existsSync(this.destinationPath(RUNTIME))) {
      throw new UsageError([
        `${RUNTIME} is missing in ${root}: this project was made before middleware existed; run actionhero-ws upgrade first`,
      ]);
    }
    const issues: ConfigIssue[] = [
      ...checkFileName(
        this.options.name,
        existingFiles(this.destinationPath('src/middleware')),
        MIDDLEWARE_FILE,
      ),
    ];
    const kind = this.options.kind ?? 'action';
    if (isKind(kind)) this.kind = kind;
    else {
      issues.push({
        path: '--kind',
        message: `must be ${KINDS.join(', ')} (got ${JSON.stringify(kind)})`,
      });
    }
    const test = `test/middleware/${String(this.options.name)}.test.ts`;
    if (issues.length === 0 && existsSync(this.destinationPath(test))) {
      issues.push({
        path: 'NAME',
        message: `${test} already exists; remove it or choose another name`,
      });
    }
    if (issues.length > 0) throw UsageError.fromIssues(issues);
  }

  async writing(): Promise<void> {
    const name = String(this.options.name);
    const description = this.options.description ?? `The ${name} ${this.kind} middleware.`;
    const context = {
      name,
      nameLiteral: literal(name),
      descriptionComment: description.replace(/[\r\n\u2028\u2029]+/g, ' '),
    };
    const templates = paths.templates('middleware');
    await writeScaffold(
      this,
      [
        { template: `${templates}${this.kind}.ts.ejs`, target: `src/middleware/${name}.ts` },
        {
          template: `${templates}${this.kind}.test.ts.ejs`,
          target: `test/middleware/${name}.test.ts`,
        },
      ],
      context,
    );
  }

  end(): void {
    const name = String(this.options.name);
    const where =
      this.kind === 'action'
        ? ` It runs for the actions that list it: middleware: ['${name}'] (or set global: true).`
        : '';
    this.log.ok(
      `Added src/middleware/${name}.ts (${this.kind} middleware) and test/middleware/${name}.test.ts; it is loaded at the next start.${where}`,
    );
  }
}
