// `yo actionhero-ws [dir]`: asks (or reads) the answers, validates them against the config
// schema, then writes the project. Everything that is not Yeoman's lifecycle lives in
// src/answers/ and src/project/; Yeoman runs every method not starting with `_` as a task, so helpers are `_`-prefixed.
import { basename, resolve } from 'node:path';
import type { AnswerName, Answers, Secrets } from '../../answers/answers.js';
import { buildProject, type BuiltProject } from '../../project/build.js';
import type Generator from 'yeoman-generator';
import { CommandGenerator, type CommandOptions } from '../../cli/command-generator.js';
import { UsageError } from '../../cli/errors.js';
import { registry } from '../../answers/answer-registry.js';
import { answersFromPrompts, questionsFor } from '../../answers/prompts.js';
import { registerAnswerOptions } from '../../answers/generator-options.js';
import {
  STORE_KEY,
  readAnswersFile,
  readExistingConfig,
  readStoredAnswers,
} from '../../project/project-files.js';
import {
  givenNames,
  knownAnswers,
  missingAnswersMessage,
  openQuestions,
  withDefaults,
} from '../../answers/resolve.js';
import { writeProject } from '../../project/write.js';
import { conflictLines, reconcileRun, type Reconciled } from '../../project/reconcile.js';
import { formatIssue } from '../../shared/config-validation.js';

type AppOptions = CommandOptions & {
  dir?: string;
  defaults?: boolean;
  answers?: string;
  interactive?: boolean;
  tlsPassphrase?: string;
  force?: boolean;
};

type Questions = Parameters<Generator['prompt']>[0];

export default class AppGenerator extends CommandGenerator<{ answers?: Answers }, AppOptions> {
  private targetDir = '';
  private known: Partial<Answers> = {};
  private given: AnswerName[] = [];
  private project?: BuiltProject;
  private reconciled?: Reconciled;

  constructor(args: string[], options: AppOptions) {
    super(args, options);
    this.desc(
      "Creates a socket.io server project that speaks actionHero's protocol: asks what it needs to know (or reads it from flags), checks the answers against the config schema, then writes the project and installs it.",
    );
    this.argument('dir', {
      type: String,
      required: false,
      description: 'folder to create the project in (default: the current one)',
    });
    registerAnswerOptions(this);
    this.option('defaults', {
      type: Boolean,
      description: 'take the default for every unanswered question',
    });
    this.option('answers', { type: String, description: 'read answers from a JSON file' });
    this.option('interactive', {
      type: Boolean,
      description: 'ask questions (default: when there is a terminal)',
    });
  }

  initializing(): void {
    this._refuseUnknownFlags();
    this.targetDir = resolve(this.destinationRoot(), this.options.dir ?? '.');
    const flags = registry.fromFlags(this.options);
    const file = readAnswersFile(this.options.answers);
    const issues = [...flags.issues, ...file.issues];
    if (issues.length > 0) throw UsageError.fromIssues(issues);
    this.given = givenNames(flags.answers, file.answers);
    this.known = knownAnswers({
      flags: flags.answers,
      file: file.answers,
      stored: readStoredAnswers(this.targetDir, this.rootGeneratorName()),
    });
  }

  async prompting(): Promise<void> {
    const open = openQuestions(this.known);
    if (open.length === 0 || this.options.defaults === true) return;
    if (!this._interactive()) throw new UsageError([missingAnswersMessage(open)]);
    const questions = questionsFor(open, {
      known: this.known,
      folderName: basename(this.targetDir),
      base: readExistingConfig(this.targetDir),
    });
    // The registry's questions are of several inquirer types at once, which its types cannot express.
    const asked: Record<string, unknown> = await this.prompt(questions as unknown as Questions);
    const parsed = answersFromPrompts(asked);
    if (parsed.issues.length > 0) throw UsageError.fromIssues(parsed.issues);
    this.known = { ...this.known, ...parsed.answers };
    this.given = [...new Set([...this.given, ...givenNames(parsed.answers)])];
  }

  configuring(): void {
    const secrets: Secrets = {};
    if (typeof this.options.tlsPassphrase === 'string') {
      secrets.tlsPassphrase = this.options.tlsPassphrase;
    }
    const result = buildProject({
      answers: withDefaults(this.known, basename(this.targetDir)),
      secrets,
      // A re-run keeps the config's hand edits: only the answers given now change it.
      base: readExistingConfig(this.targetDir),
      given: this.given,
    });
    if (!result.ok) throw UsageError.fromIssues(result.errors);
    for (const warning of result.project.warnings) {
      this.log.info(`warning: ${formatIssue(warning)}`);
    }
    this.project = result.project;
    // Only now, with valid answers, may the target folder come into being.
    this.destinationRoot(this.targetDir);
    this.env.cwd = this.targetDir;
    this.config.set(STORE_KEY, result.project.storedAnswers);
  }

  writing(): void {
    if (!this.project) throw new Error('configuring did not run');
    writeProject(this, this.project);
  }

  /**
   * Every file goes through the one engine: what you never changed is replaced, what you changed
   * is merged with the generator's changes, --force overwrites, .yo-resolve decides for the files
   * it names. The generation record is written with the run.
   */
  async conflicts(): Promise<void> {
    this.reconciled = await reconcileRun(this, true);
  }

  end(): void {
    this.reconciled?.saveRecord();
    const conflicts = conflictLines(this.reconciled?.plan ?? []);
    if (conflicts.length > 0) {
      throw new UsageError(conflicts, 'Everything else was written.');
    }
    const dir = this.options.dir;
    const steps = [
      dir ? `cd ${dir}` : undefined,
      this.options.skipInstall ? 'npm install' : undefined,
      'npm start',
    ];
    this.log.ok(`Project ready. Next: ${steps.filter(Boolean).join(' && ')}`);
  }

  _interactive(): boolean {
    return this.options.interactive ?? process.stdin.isTTY === true;
  }
}
