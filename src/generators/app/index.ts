// `yo actionhero-ws [dir]`: asks (or reads) the answers, validates them against the config
// schema, then writes the project. Everything that is not Yeoman's lifecycle lives in src/core/.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { Answers, Secrets } from '../../core/answers.js';
import { answerSpecs } from '../../core/answers.js';
import { UsageError } from '../../core/errors.js';
import { answersFromFlags, answersFromObject, type RawOptions } from '../../core/flags.js';
import {
  openQuestions,
  knownAnswers,
  missingAnswersMessage,
  withDefaults,
} from '../../core/resolve.js';
import { buildProject, type BuiltProject } from '../../core/build.js';
import { writeProject } from '../../core/write.js';
import { keepUserFiles } from '../../core/conflicts.js';
import { formatIssue } from '../../shared/config-validation.js';

const STORE_KEY = 'answers';

type AppOptions = BaseOptions & {
  dir?: string;
  defaults?: boolean;
  answers?: string;
  interactive?: boolean;
  tlsPassphrase?: string;
};

type StoredConfig = { answers?: Answers };

type Questions = Parameters<Generator['prompt']>[0];

export default class AppGenerator extends Generator<StoredConfig, AppOptions> {
  private targetDir = '';
  private known: Partial<Answers> = {};
  private project?: BuiltProject;

  constructor(args: string[], options: AppOptions) {
    super(args, options);
    this.argument('dir', {
      type: String,
      required: false,
      description: 'folder to create the project in (default: the current one)',
    });
    for (const spec of answerSpecs) {
      this.option(spec.flag, {
        type:
          spec.kind === 'boolean'
            ? Boolean
            : spec.kind === 'string'
              ? String
              : (value: string) => value,
        description: spec.description,
      });
    }
    this.option('tls-passphrase', {
      type: String,
      description: 'passphrase of the TLS key; written to .env only',
    });
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
    const dir = this.options.dir;
    this.targetDir = resolve(this.destinationRoot(), dir ?? '.');
    const issues = [];
    const flags = answersFromFlags(this.options as RawOptions);
    issues.push(...flags.issues);
    const file = this.readAnswersFile();
    issues.push(...file.issues);
    if (issues.length > 0) throw UsageError.fromIssues(issues);
    this.known = knownAnswers({
      flags: flags.answers,
      file: file.answers,
      stored: this.readStoredAnswers(),
      folderName: basename(this.targetDir),
    });
  }

  async prompting(): Promise<void> {
    const open = openQuestions(this.known);
    if (open.length === 0 || this.options.defaults === true) return;
    const interactive = this.options.interactive ?? process.stdin.isTTY === true;
    if (!interactive) throw new UsageError([missingAnswersMessage(open)]);
    const folderName = basename(this.targetDir);
    const questions = open.map((spec) => ({
      type: spec.promptType ?? 'input',
      name: spec.name,
      message: spec.question ?? spec.name,
      choices: spec.choices?.(),
      default: (sofar: Partial<Answers>) =>
        withDefaults({ ...this.known, ...sofar }, folderName)[spec.name],
      when: spec.when
        ? (sofar: Partial<Answers>) => spec.when?.({ ...this.known, ...sofar }) ?? true
        : undefined,
    }));
    // The registry's questions are of several inquirer types at once, which its types cannot express.
    const asked: Record<string, unknown> = await this.prompt(questions as unknown as Questions);
    const parsed = answersFromObject(asked, 'answer');
    if (parsed.issues.length > 0) throw UsageError.fromIssues(parsed.issues);
    this.known = { ...this.known, ...parsed.answers };
  }

  configuring(): void {
    const answers = withDefaults(this.known, basename(this.targetDir));
    const secrets: Secrets = {};
    if (typeof this.options.tlsPassphrase === 'string')
      secrets.tlsPassphrase = this.options.tlsPassphrase;
    const result = buildProject(answers, secrets);
    if (!result.ok) throw UsageError.fromIssues(result.errors);
    for (const warning of result.project.warnings)
      this.log.info(`warning: ${formatIssue(warning)}`);
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

  /** GEN-04: without a terminal, edited user files are kept unless --force or .yo-resolve. */
  async conflicts(): Promise<void> {
    const interactive = this.options.interactive ?? process.stdin.isTTY === true;
    if ((this.options as { force?: boolean }).force === true || interactive) return;
    for (const file of await keepUserFiles(this)) {
      this.log.info(
        `kept ${file}: it differs from the template (--force or .yo-resolve to overwrite)`,
      );
    }
  }

  end(): void {
    const dir = this.options.dir;
    const steps = [
      dir ? `cd ${dir}` : undefined,
      this.options.skipInstall ? 'npm install' : undefined,
      'npm start',
    ];
    this.log.ok(`Project ready. Next: ${steps.filter(Boolean).join(' && ')}`);
  }

  private readAnswersFile(): ReturnType<typeof answersFromObject> {
    const file = this.options.answers;
    if (file === undefined) return { answers: {}, issues: [] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(resolve(file), 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        answers: {},
        issues: [{ path: '--answers', message: `cannot read ${file}: ${reason}` }],
      };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return {
        answers: {},
        issues: [{ path: '--answers', message: `${file} must hold a JSON object of answers` }],
      };
    }
    return answersFromObject(parsed as Record<string, unknown>, file);
  }

  /** Read straight from disk: `this.config` would create the target folder before validation. */
  private readStoredAnswers(): Partial<Answers> {
    const file = resolve(this.targetDir, '.yo-rc.json');
    if (!existsSync(file)) return {};
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    const answers = stored[this.rootGeneratorName()]?.[STORE_KEY];
    if (answers === null || typeof answers !== 'object') return {};
    return answersFromObject(answers as Record<string, unknown>, '.yo-rc.json').answers;
  }
}
