// `yo actionhero-ws:config [flags] [--from OLD.json]`: rewrites config/config.json,
// config/config.schema.json and .yo-rc.json (secrets to .env). It starts from the config on disk,
// so hand edits survive; the flags given change only their own fields. An answer that changes
// which files a project has (--redis brings deploy/) adds them, or removes those left as
// generated; code is never touched.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Answers, Secrets } from '../../answers/answers.js';
import { buildProject } from '../../project/build.js';
import { CommandGenerator, type CommandOptions } from '../../cli/command-generator.js';
import { UsageError } from '../../cli/errors.js';
import { registry } from '../../answers/answer-registry.js';
import { registerAnswerOptions } from '../../answers/generator-options.js';
import { formatMigrationLine, migrateLegacyConfig, MigrationError } from '../../legacy/migrate.js';
import {
  CONFIG_FILE,
  STORE_KEY,
  readExistingConfig,
  readJson,
  readStoredAnswers,
} from '../../project/project-files.js';
import { givenNames, knownAnswers, withDefaults } from '../../answers/resolve.js';
import { reconcileRun, type Reconciled } from '../../project/reconcile.js';
import {
  removeEmptyFolders,
  updateAnswerFiles,
  writeConfigFiles,
  writeEnv,
  type AnswerFileChanges,
} from '../../project/write.js';
import type { BuiltProject } from '../../project/build.js';
import type { Config } from '../../shared/config-types.js';
import { formatIssue } from '../../shared/config-validation.js';

type ConfigOptions = CommandOptions & { from?: string; tlsPassphrase?: string; force?: boolean };

export default class ConfigGenerator extends CommandGenerator<
  { answers?: Answers },
  ConfigOptions
> {
  private config_?: Config;
  private project?: BuiltProject;
  /** The answers .yo-rc.json held before this run: the files the project has follow them. */
  private previous?: Answers;
  private reconciled?: Reconciled;
  private changes?: AnswerFileChanges;
  private env_: Record<string, string> = {};
  private report: string[] = [];

  constructor(args: string[], options: ConfigOptions) {
    super(args, options);
    this.desc(
      'Rewrites the config files of the project in this folder from its stored answers and the flags given; hand edits of config/config.json are kept. Files an answer brings (deploy/ with --redis) are added, and removed when it is switched off unless you changed them.',
    );
    registerAnswerOptions(this);
    this.option('from', {
      type: String,
      description: 'import an actionHero config of the socket.io 0.9 era (JSON)',
    });
  }

  initializing(): void {
    this._refuseUnknownFlags();
    const flags = registry.fromFlags(this.options);
    if (flags.issues.length > 0) throw UsageError.fromIssues(flags.issues);
    const folderName = basename(this.destinationRoot());
    const stored = readStoredAnswers(this.destinationRoot(), this.rootGeneratorName());
    const known = knownAnswers({ flags: flags.answers, file: {}, stored });
    const secrets: Secrets = {};
    if (typeof this.options.tlsPassphrase === 'string') {
      secrets.tlsPassphrase = this.options.tlsPassphrase;
    }
    const result = buildProject({
      answers: withDefaults(known, folderName),
      secrets,
      base: this._readBase(),
      given: givenNames(flags.answers),
    });
    if (!result.ok) {
      throw UsageError.fromIssues(
        result.errors,
        `Nothing was written: ${CONFIG_FILE} is unchanged.`,
      );
    }
    const { project } = result;
    for (const warning of project.warnings) this.report.push(`warning: ${formatIssue(warning)}`);
    this.config_ = project.config;
    this.env_ = { ...this.env_, ...project.env };
    this.project = project;
    this.previous = withDefaults(stored, folderName);
  }

  configuring(): void {
    for (const line of this.report) this.log.info(line);
    if (this.project) this.config.set(STORE_KEY, this.project.storedAnswers);
  }

  writing(): void {
    if (!this.config_ || !this.project || !this.previous)
      throw new Error('initializing did not run');
    // The config with the schema, validator and types it is checked by: they move together.
    writeConfigFiles(this, this.project);
    writeEnv(this, this.env_);
    this.changes = updateAnswerFiles(this, this.previous, this.project);
  }

  /** The same engine as the app generator: this run's files, merged or replaced, and recorded. */
  async conflicts(): Promise<void> {
    this.reconciled = await reconcileRun(this, false);
  }

  end(): void {
    this.reconciled?.saveRecord();
    const { removed = [], kept = [] } = this.changes ?? {};
    // Only what really went (not with --dry-run).
    const gone = removed.filter((file) => !existsSync(this.destinationPath(file)));
    removeEmptyFolders(this, gone);
    for (const file of gone) this.log.info(`removed ${file}: the new answers do not use it`);
    for (const file of kept) {
      this.log.info(
        `kept ${file}: the new answers do not use it, but you changed it; delete it if you no longer need it`,
      );
    }
  }

  // Yeoman runs every method not starting with `_` as a task.

  /** The config to start from: --from (migrated), else config/config.json, else none. */
  _readBase(): Record<string, unknown> | undefined {
    const from = this.options.from;
    if (from === undefined) return readExistingConfig(this.destinationRoot());
    let migration: ReturnType<typeof migrateLegacyConfig>;
    try {
      migration = migrateLegacyConfig(
        readJson(resolve(this.env.cwd ?? process.cwd(), from), `--from ${from}`),
      );
    } catch (error) {
      if (error instanceof MigrationError)
        throw new UsageError([`--from ${from}: ${error.message}`]);
      throw error;
    }
    this.report.push(
      `Importing ${from}:`,
      ...migration.lines.map((l) => `  ${formatMigrationLine(l)}`),
    );
    this.env_ = { ...migration.env };
    return migration.config;
  }
}
