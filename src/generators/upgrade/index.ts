// `yo actionhero-ws:upgrade` / `actionhero-ws upgrade [--dry-run] [--force]`: brings this
// generator's templates into an existing project without losing an edit. The project is made
// again from its stored answers, then each file goes through the engine (core/reconcile.ts):
// untouched files are replaced, edited ones merged three ways over what was generated before,
// conflicts written with markers and listed (exit code 1), dropped files removed only when
// untouched, package.json merged as JSON.
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import type { Answers } from '../../answers/answers.js';
import { registry } from '../../answers/answer-registry.js';
import { buildProject, type BuiltProject } from '../../project/build.js';
import { CommandGenerator, type CommandOptions } from '../../cli/command-generator.js';
import { UsageError } from '../../cli/errors.js';
import { isDryRun } from '../../answers/generator-options.js';
import { generatorVersion } from '../../project/package-json.js';
import { readExistingConfig, readStoredAnswers, STORE_KEY } from '../../project/project-files.js';
import { conflictLines, planReport, reconcile, type Reconciled } from '../../project/reconcile.js';
import { withDefaults } from '../../answers/resolve.js';
import { writeProject } from '../../project/write.js';
import { formatIssue } from '../../shared/config-validation.js';

type UpgradeOptions = CommandOptions & { force?: boolean };

export default class UpgradeGenerator extends CommandGenerator<
  { answers?: Answers },
  UpgradeOptions
> {
  private project?: BuiltProject;
  private reconciled?: Reconciled;

  constructor(args: string[], options: UpgradeOptions) {
    super(args, options);
    this.desc(
      "Brings this generator's templates into the project here, keeping every edit: files you never changed are replaced, files you changed are merged, conflicts are marked and listed. --dry-run prints the plan only; --force allows a work tree with uncommitted changes.",
    );
  }

  initializing(): void {
    this._refuseUnknownFlags();
    const root = this.destinationRoot();
    const stored = readStoredAnswers(root, this.rootGeneratorName());
    const config = readExistingConfig(root);
    if (Object.keys(stored).length === 0 || config === undefined) {
      throw new UsageError([
        `${root} holds no actionhero-ws project (.yo-rc.json and config/config.json): run upgrade inside one`,
      ]);
    }
    if (!isDryRun(this.options) && this.options.force !== true) refuseDirtyTree(root);
    const result = buildProject({
      answers: withDefaults(stored, basename(root)),
      base: config,
      given: [],
    });
    if (!result.ok) {
      throw UsageError.fromIssues(
        result.errors,
        'Nothing was written. Fix config/config.json (or run actionhero-ws config with the flag named), then upgrade again.',
      );
    }
    this.project = result.project;
    const added = registry.specs.filter(
      (spec) => spec.question !== undefined && !Object.hasOwn(stored, spec.name),
    );
    for (const spec of added) {
      const value = JSON.stringify((result.project.answers as Record<string, unknown>)[spec.name]);
      this.log.info(
        `new answer ${spec.name} = ${value} (its default; change it with actionhero-ws config --${spec.flag})`,
      );
    }
    for (const warning of result.project.warnings)
      this.log.info(`warning: ${formatIssue(warning)}`);
  }

  configuring(): void {
    if (this.project) this.config.set(STORE_KEY, this.project.storedAnswers);
  }

  writing(): void {
    if (!this.project) throw new Error('initializing did not run');
    writeProject(this, this.project);
  }

  async conflicts(): Promise<void> {
    const dryRun = isDryRun(this.options);
    this.reconciled = await reconcile(this, { complete: true, overwrite: false, dryRun });
    const from = this.reconciled.previousVersion ?? 'an unrecorded version';
    const lines = planReport(this.reconciled, true);
    this.log.info(`Upgrade from generator-actionhero-ws ${from} to ${generatorVersion()}:`);
    for (const line of lines.length > 0 ? lines : ['nothing to change']) this.log.info(`  ${line}`);
    if (dryRun) this.log.info('Dry run: nothing was written.');
  }

  end(): void {
    if (isDryRun(this.options)) return;
    this.reconciled?.saveRecord();
    const conflicts = conflictLines(this.reconciled?.plan ?? []);
    if (conflicts.length > 0) {
      throw new UsageError(
        conflicts,
        'Everything else was written; resolve these, run the project’s checks, then commit.',
      );
    }
    this.log.ok(`Upgraded to generator-actionhero-ws ${generatorVersion()}. Review with git diff.`);
  }
}

/** An upgrade's changes should be reviewable and revertible on their own: refuse a dirty tree. */
function refuseDirtyTree(root: string): void {
  let status: string;
  try {
    status = execFileSync('git', ['status', '--porcelain', '--', '.'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return; // not a git work tree (or no git): nothing to protect
  }
  const dirty = status.split('\n').filter((line) => line.trim() !== '');
  if (dirty.length === 0) return;
  throw new UsageError([
    `the work tree has ${dirty.length} uncommitted change${dirty.length === 1 ? '' : 's'} (${dirty
      .slice(0, 3)
      .map((line) => line.slice(3))
      .join(
        ', ',
      )}${dirty.length > 3 ? ', ...' : ''}): commit or stash them first, so the upgrade can be reviewed and undone on its own, or pass --force`,
  ]);
}
