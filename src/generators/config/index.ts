// `yo actionhero-ws:config [flags] [--from OLD.json]`: rewrites config/config.json,
// config/config.schema.json and .yo-rc.json (secrets to .env) and nothing else. It starts from
// the config on disk, so hand edits survive; the flags given change only their own fields.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { AnswerName, Answers, Secrets } from '../../core/answers.js';
import { applyAnswers, configToAnswers } from '../../core/config-update.js';
import { mergeEnv } from '../../core/env-file.js';
import { UsageError } from '../../core/errors.js';
import { answersFromFlags, answersFromObject, type RawOptions } from '../../core/flags.js';
import { registerAnswerOptions } from '../../core/generator-options.js';
import { formatMigrationLine, migrateLegacyConfig, MigrationError } from '../../core/migrate.js';
import { paths } from '../../core/paths.js';
import { withDefaults } from '../../core/resolve.js';
import { validateConfig } from '../../core/schema.js';
import { checkTransport, withFlag } from '../../core/to-config.js';
import { forceWrite } from '../../core/write.js';
import type { Config } from '../../shared/config-types.js';
import type { ConfigIssue } from '../../shared/config-validation.js';
import { formatIssue } from '../../shared/config-validation.js';

const STORE_KEY = 'answers';
const CONFIG_FILE = 'config/config.json';

type ConfigOptions = BaseOptions & { from?: string; tlsPassphrase?: string };
type Json = Record<string, unknown>;

export default class ConfigGenerator extends Generator<{ answers?: Answers }, ConfigOptions> {
  private config_?: Config;
  private stored?: Answers;
  private env_: Record<string, string> = {};
  private report: string[] = [];

  constructor(args: string[], options: ConfigOptions) {
    super(args, options);
    registerAnswerOptions(this);
    this.option('from', {
      type: String,
      description: 'import an actionHero config of the socket.io 0.9 era (JSON)',
    });
  }

  initializing(): void {
    const flags = answersFromFlags(this.options as RawOptions);
    if (flags.issues.length > 0) throw UsageError.fromIssues(flags.issues);
    const given = Object.keys(flags.answers) as AnswerName[];
    const stored = this._readStoredAnswers();
    const known: Partial<Answers> = { ...stored, ...flags.answers };
    // --https without key paths: the development pair's defaults apply, not the stored nulls.
    if (flags.answers.https === true) {
      if (flags.answers.keyFile === undefined) delete known.keyFile;
      if (flags.answers.certFile === undefined) delete known.certFile;
    }
    const folderName = basename(this.destinationRoot());
    const answers = withDefaults(known, folderName);
    const secrets: Secrets = {};
    if (typeof this.options.tlsPassphrase === 'string') {
      secrets.tlsPassphrase = this.options.tlsPassphrase;
    }

    const { base, everything } = this._readBase();
    const merged = applyAnswers(base, answers, everything ? allAnswers() : given, secrets);
    const issues: ConfigIssue[] = given.includes('transport')
      ? checkTransport(answers.transport)
      : [];
    const result = validateConfig(merged.config);
    issues.push(...result.errors.map(withFlag));
    if (!result.ok || !result.config || issues.length > 0) {
      throw UsageError.fromIssues(issues, `Nothing was written: ${CONFIG_FILE} is unchanged.`);
    }
    for (const warning of result.warnings) this.report.push(`warning: ${formatIssue(warning)}`);
    this.config_ = result.config;
    this.env_ = { ...this.env_, ...merged.env };
    this.stored = configToAnswers(result.config, known, folderName);
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

  /** The config to start from: --from (migrated), else config/config.json, else the answers alone. */
  _readBase(): { base: Json; everything: boolean } {
    const from = this.options.from;
    if (from !== undefined) {
      const file = resolve(this.env.cwd ?? process.cwd(), from);
      const migration = (() => {
        try {
          return migrateLegacyConfig(readJson(file, `--from ${from}`));
        } catch (error) {
          if (error instanceof MigrationError) {
            throw new UsageError([`--from ${from}: ${error.message}`], 'Nothing was written.');
          }
          throw error;
        }
      })();
      this.report.push(
        `Importing ${from}:`,
        ...migration.lines.map((l) => `  ${formatMigrationLine(l)}`),
      );
      this.env_ = { ...migration.env };
      return { base: migration.config, everything: false };
    }
    const file = this.destinationPath(CONFIG_FILE);
    if (!existsSync(file)) return { base: {}, everything: true };
    const base = readJson(file, CONFIG_FILE);
    if (base === null || typeof base !== 'object' || Array.isArray(base)) {
      throw new UsageError([`${CONFIG_FILE}: must hold a JSON object`]);
    }
    return { base: base as Json, everything: false };
  }

  _writeOwned(file: string, text: string): void {
    const path = this.destinationPath(file);
    this.fs.write(path, text);
    forceWrite(this, path);
  }

  /** Read straight from disk, as the app generator does. */
  _readStoredAnswers(): Partial<Answers> {
    const file = this.destinationPath('.yo-rc.json');
    if (!existsSync(file)) return {};
    const stored = readJson(file, '.yo-rc.json') as Record<string, Json | undefined>;
    const answers = stored[this.rootGeneratorName()]?.[STORE_KEY];
    if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) return {};
    return answersFromObject(answers as Json, '.yo-rc.json').answers;
  }
}

function readJson(file: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError([`${label}: cannot read ${file} (${code})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError([`${label}: is not valid JSON (${reason}); fix the file and run again`]);
  }
}

function allAnswers(): AnswerName[] {
  return [
    'transport',
    'https',
    'keyFile',
    'certFile',
    'port',
    'redis',
    'redisUrl',
    'settings',
    'options',
    'logLevel',
    'serverName',
    'welcomeMessage',
  ];
}
