// `yo actionhero-ws:config [flags] [--from OLD.json]`: rewrites config/config.json,
// config/config.schema.json and .yo-rc.json (secrets to .env) and nothing else. It starts from
// the config on disk, so hand edits survive; the flags given change only their own fields.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Answers, Secrets } from '../../core/answers.js';
import { buildProject } from '../../core/build.js';
import { mergeEnv } from '../../core/env-file.js';
import { CommandGenerator, type CommandOptions } from '../../core/command-generator.js';
import { UsageError } from '../../core/errors.js';
import { answersFromFlags, type RawOptions } from '../../core/flags.js';
import { registerAnswerOptions } from '../../core/generator-options.js';
import { formatMigrationLine, migrateLegacyConfig, MigrationError } from '../../core/migrate.js';
import { paths } from '../../core/paths.js';
import {
  CONFIG_FILE,
  STORE_KEY,
  readExistingConfig,
  readJson,
  readStoredAnswers,
} from '../../core/project-files.js';
import { givenNames, knownAnswers, withDefaults } from '../../core/resolve.js';
import { forceWrite } from '../../core/write.js';
import type { Config } from '../../shared/config-types.js';
import { formatIssue } from '../../shared/config-validation.js';

type ConfigOptions = CommandOptions & { from?: string; tlsPassphrase?: string };

export default class ConfigGenerator extends CommandGenerator<
  { answers?: Answers },
  ConfigOptions
> {
  private config_?: Config;
  private stored?: Answers;
  private env_: Record<string, string> = {};
  private report: string[] = [];

  constructor(args: string[], options: ConfigOptions) {
    super(args, options);
    this.desc(
      'Rewrites the config files of the project in this folder from its stored answers and the flags given; hand edits of config/config.json are kept.',
    );
    registerAnswerOptions(this);
    this.option('from', {
      type: String,
      description: 'import an actionHero config of the socket.io 0.9 era (JSON)',
    });
  }

  initializing(): void {
    this._refuseUnknownFlags();
    const flags = answersFromFlags(this.options as RawOptions);
    if (flags.issues.length > 0) throw UsageError.fromIssues(flags.issues);
    const folderName = basename(this.destinationRoot());
    const known = knownAnswers({
      flags: flags.answers,
      file: {},
      stored: readStoredAnswers(this.destinationRoot(), this.rootGeneratorName()),
    });
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
    this.stored = project.storedAnswers;
  }

  configuring(): void {
    for (const line of this.report) this.log.info(line);
    if (this.stored) this.config.set(STORE_KEY, this.stored);
  }

  writing(): void {
    if (!this.config_) throw new Error('initializing did not run');
    const config = { $schema: './config.schema.json', ...this.config_ };
    this._writeOwned(CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`);
    this._writeOwned('config/config.schema.json', readFileSync(paths.schema, 'utf8'));
    if (Object.keys(this.env_).length > 0) {
      const envPath = this.destinationPath('.env');
      this.fs.write(envPath, mergeEnv(this.fs.read(envPath, { defaults: '' }) ?? '', this.env_));
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

  _writeOwned(file: string, text: string): void {
    const path = this.destinationPath(file);
    this.fs.write(path, text);
    forceWrite(this, path);
  }
}
