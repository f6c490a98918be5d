// `yo actionhero-ws:action NAME [--description TEXT] [--inputs key:required,other]`: adds
// src/actions/NAME.ts and test/actions/NAME.test.ts. It never overwrites anything: a bad or
// taken name is refused before a single file is written.
import { existsSync } from 'node:fs';
import {
  actionTemplateContext,
  checkActionName,
  parseInputs,
  type InputSpec,
} from '../../project/action-spec.js';
import { CommandGenerator, type CommandOptions } from '../../cli/command-generator.js';
import { UsageError } from '../../cli/errors.js';
import { existingFiles } from '../../project/existing-files.js';
import { writeScaffold } from '../../project/format.js';
import { paths } from '../../project/paths.js';

type ActionOptions = CommandOptions & { name?: string; description?: string; inputs?: string };

export default class ActionGenerator extends CommandGenerator<object, ActionOptions> {
  private inputs: InputSpec[] = [];

  constructor(args: string[], options: ActionOptions) {
    super(args, options);
    this.desc(
      'Adds an action (src/actions/NAME.ts) and its test (test/actions/NAME.test.ts) to the project in this folder.',
    );
    this.argument('name', { type: String, required: false, description: 'the action name' });
    this.option('description', { type: String, description: 'what the action does' });
    this.option('inputs', {
      type: String,
      description: 'inputs, comma-separated: NAME[:required][:string|number|integer|boolean]',
    });
  }

  initializing(): void {
    this._refuseUnknownFlags();
    const actionsDir = this.destinationPath('src/actions');
    if (!existsSync(actionsDir)) {
      throw new UsageError([
        `src/actions/ is missing in ${this.destinationRoot()}: run this inside a project made by yo actionhero-ws`,
      ]);
    }
    const issues = [...checkActionName(this.options.name, existingFiles(actionsDir))];
    const parsed = parseInputs(this.options.inputs);
    issues.push(...parsed.issues);
    const name = String(this.options.name);
    const test = `test/actions/${name}.test.ts`;
    if (issues.length === 0 && existsSync(this.destinationPath(test))) {
      issues.push({
        path: 'NAME',
        message: `${test} already exists; remove it or choose another name`,
      });
    }
    if (issues.length > 0) throw UsageError.fromIssues(issues);
    this.inputs = parsed.inputs;
  }

  async writing(): Promise<void> {
    const name = String(this.options.name);
    const description = this.options.description ?? `The ${name} action.`;
    const templates = paths.templates('action');
    await writeScaffold(
      this,
      [
        { template: `${templates}action.ts.ejs`, target: `src/actions/${name}.ts` },
        { template: `${templates}action.test.ts.ejs`, target: `test/actions/${name}.test.ts` },
      ],
      actionTemplateContext(name, description, this.inputs),
    );
  }

  end(): void {
    const name = String(this.options.name);
    this.log.ok(
      `Added src/actions/${name}.ts and test/actions/${name}.test.ts; it is loaded at the next start.`,
    );
  }
}
