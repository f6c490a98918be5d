// The one way a generator run changes a project's files. After a generator has written its new
// files into Yeoman's in-memory file system, this decides for each what reaches the disk, using
// the generation record (record.ts) to tell the user's edits from the generator's changes:
//
//   add        new file                          unchanged  already as the generator writes it
//   replace    the user never changed it         merge      both changed it; merged cleanly
//   conflict   both changed the same lines       keep       the user's version stays
//   remove     no longer generated and never changed by the user
//
// Then it writes the record anew. The app generator (first run and re-run), `:config` and
// `upgrade` all go through here, so the copied schema, validator and types move together.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { YoResolve } from '@yeoman/conflicter';
import type Generator from 'yeoman-generator';
import { isDryRun } from '../answers/generator-options.js';
import { mergePackageJson, mergeText } from './merge.js';
import { generatorVersion } from './package-json.js';
import {
  BASE_DIR,
  RECORD_FILE,
  hashOf,
  isRecordPath,
  readBase,
  readRecord,
  recordText,
  type GenerationRecord,
} from './record.js';

export type FileAction =
  'add' | 'replace' | 'merge' | 'conflict' | 'keep' | 'remove' | 'unchanged' | 'resolve';

export interface PlannedFile {
  path: string;
  action: FileAction;
  /** Why, where the action alone does not say it. */
  note?: string;
}

export interface ReconcileOptions {
  /**
   * The run wrote every file the generator ships (app generator, upgrade), so a recorded file it
   * did not write was dropped by the generator. `:config` writes only some files.
   */
  complete: boolean;
  /** Overwrite edited files instead of merging (the app generator's --force). */
  overwrite: boolean;
  /** Decide and report only: nothing is written. */
  dryRun: boolean;
}

export interface Reconciled {
  plan: PlannedFile[];
  /** The project had no record (made by an older generator): its files were taken as the base. */
  legacy: boolean;
  /** The generator version recorded before this run, if any. */
  previousVersion?: string;
  /**
   * Writes the new record. Call it once Yeoman has written the files (from `end()`): written
   * straight to disk, so Yeoman does not list each base copy, and only once the run succeeded.
   */
  saveRecord(): void;
}

/** Files Yeoman or the user own outright: never recorded, never merged. */
const NOT_RECORDED = new Set(['.yo-rc.json', '.yo-rc-global.json', '.yo-resolve', '.env']);

interface PendingFile {
  path: string;
  contents?: Buffer | null;
  state?: string;
  conflicter?: string;
}

export async function reconcile(
  generator: Generator,
  options: ReconcileOptions,
): Promise<Reconciled> {
  const root = generator.destinationPath();
  const record = readRecord(root);
  const version = generatorVersion();
  const next: GenerationRecord = {
    version,
    files: options.complete || !record ? {} : { ...record.files },
  };
  const bases = new Map<string, Buffer>();
  const plan: PlannedFile[] = [];
  const yoResolve = new YoResolve();
  const pending = pendingFiles(generator, root);

  for (const { file, path } of pending) {
    if (file.state === 'deleted' || !file.contents) {
      // Removed by the run itself (`:config --no-redis`): no longer the generator's.
      Reflect.deleteProperty(next.files, path);
      continue;
    }
    if (file.conflicter === 'skip') {
      // An earlier step kept the user's file (`:config` dropping a file the user changed).
      Reflect.deleteProperty(next.files, path);
      continue;
    }
    const theirs = file.contents;
    // Files the generator owns outright (the config, its schema, validator and types) are
    // marked `force` by the writer: they are replaced, never merged.
    const { merged, ...decision } = await decide(path, theirs, file.conflicter === 'force');
    plan.push(decision);
    next.files[path] = hashOf(theirs);
    bases.set(path, theirs);
    apply(file, decision.action, merged);
  }

  if (options.complete && record) {
    const written = new Set(pending.map(({ path }) => path));
    for (const path of Object.keys(record.files).sort()) {
      if (written.has(path)) continue;
      const dropped = dropDecision(path);
      if (dropped) plan.push(dropped);
    }
  }

  return {
    plan,
    legacy: record === undefined,
    ...(record ? { previousVersion: record.version } : {}),
    saveRecord: () => {
      if (!options.dryRun) writeRecord(root, record, next, bases);
    },
  };

  async function decide(
    path: string,
    theirs: Buffer,
    owned: boolean,
  ): Promise<PlannedFile & { merged?: Buffer }> {
    const target = generator.destinationPath(path);
    if (!existsSync(target)) {
      // A generated file the user deleted stays deleted; a new one is added.
      return record?.files[path] !== undefined
        ? { path, action: 'keep', note: 'you deleted it; it stays deleted' }
        : { path, action: 'add' };
    }
    const ours = readFileSync(target);
    if (ours.equals(theirs)) return { path, action: 'unchanged' };
    if ((await yoResolve.getStatusForFile(target)) !== undefined) {
      return { path, action: 'resolve', note: '.yo-resolve decides' };
    }
    if (owned) return { path, action: 'replace', note: 'written by the generator only' };
    if (options.overwrite) return { path, action: 'replace', note: '--force' };
    // Without a record, the files as this generator writes them are taken as the base: a file
    // that differs from them counts as the user's edit and is kept.
    const base = record ? readBase(root, record, path) : theirs;
    if (base === undefined)
      return { path, action: 'keep', note: 'not in the record: taken as yours' };
    if (ours.equals(base)) return { path, action: 'replace' };
    const { text, conflict } = mergeFile(path, base, ours, theirs);
    const merged = Buffer.from(text);
    if (merged.equals(ours)) return { path, action: 'keep', note: 'your edits kept' };
    return conflict
      ? { path, action: 'conflict', note: 'both changed the same lines', merged }
      : { path, action: 'merge', merged };
  }

  function mergeFile(path: string, base: Buffer, ours: Buffer, theirs: Buffer) {
    if (path === 'package.json') {
      const merged = mergePackageJson(
        JSON.parse(base.toString('utf8')) as Record<string, unknown>,
        JSON.parse(ours.toString('utf8')) as Record<string, unknown>,
        JSON.parse(theirs.toString('utf8')) as Record<string, unknown>,
      );
      return { text: `${JSON.stringify(merged, null, 2)}\n`, conflict: false };
    }
    return mergeText(
      base.toString('utf8'),
      ours.toString('utf8'),
      theirs.toString('utf8'),
      `generator-actionhero-ws ${version}`,
    );
  }

  /** A recorded file this run did not write: removed if untouched, else left to the user. */
  function dropDecision(path: string): PlannedFile | undefined {
    const target = generator.destinationPath(path);
    if (!existsSync(target)) return undefined;
    const base = readBase(root, record, path);
    if (base === undefined || !readFileSync(target).equals(base)) {
      return { path, action: 'keep', note: 'no longer generated, but you changed it: yours now' };
    }
    if (!options.dryRun) {
      generator.fs.delete(target);
      markForce(generator, target);
    }
    return { path, action: 'remove', note: 'no longer generated' };
  }

  function apply(file: PendingFile, action: FileAction, merged: Buffer | undefined): void {
    if (options.dryRun || action === 'keep') file.conflicter = 'skip';
    else if (merged) {
      file.contents = merged;
      file.conflicter = 'force';
    } else if (action === 'replace') file.conflicter = 'force';
    // add and unchanged need no say: Yeoman creates the one and leaves the other.
  }
}

/** The files this run wrote (or deleted) inside the project, in path order. */
function pendingFiles(generator: Generator, root: string): { file: PendingFile; path: string }[] {
  const prefix = `${root}/`;
  return (generator.env.sharedFs.all() as PendingFile[])
    .filter(
      (file) =>
        file.path.startsWith(prefix) && (file.state === 'modified' || file.state === 'deleted'),
    )
    .map((file) => ({ file, path: file.path.slice(prefix.length).split('\\').join('/') }))
    .filter(({ path }) => !isRecordPath(path) && !NOT_RECORDED.has(path))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** generated.json and the base copies (base copies of files no longer recorded go). */
function writeRecord(
  root: string,
  previous: GenerationRecord | undefined,
  next: GenerationRecord,
  bases: ReadonlyMap<string, Buffer>,
): void {
  for (const [path, content] of bases) {
    const target = join(root, BASE_DIR, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  for (const path of Object.keys(previous?.files ?? {})) {
    if (next.files[path] === undefined) rmSync(join(root, BASE_DIR, path), { force: true });
  }
  writeFileSync(join(root, RECORD_FILE), recordText(next));
}

function markForce(generator: Generator, path: string): void {
  (generator.env.sharedFs.get(path) as PendingFile).conflicter = 'force';
}

/** The engine as the app generator and `:config` run it: --force overwrites, --dry-run plans. */
export async function reconcileRun(generator: Generator, complete: boolean): Promise<Reconciled> {
  const options = generator.options as Readonly<Record<string, unknown>>;
  const reconciled = await reconcile(generator, {
    complete,
    overwrite: options.force === true,
    dryRun: isDryRun(options),
  });
  for (const line of planReport(reconciled, false)) generator.log.info(line);
  return reconciled;
}

/** One line per file, as `upgrade` prints its plan; `all` includes plain additions and replacements. */
export function formatPlan(plan: readonly PlannedFile[], all: boolean): string[] {
  const quiet: readonly FileAction[] = all
    ? ['unchanged']
    : ['unchanged', 'add', 'replace', 'resolve'];
  return plan
    .filter((entry) => !quiet.includes(entry.action))
    .map(
      (entry) => `${entry.action.padEnd(9)} ${entry.path}${entry.note ? `  (${entry.note})` : ''}`,
    );
}

/** What a person needs to hear about a run: the plan, and why edits were kept without a record. */
export function planReport(reconciled: Reconciled, all: boolean): string[] {
  const lines = formatPlan(reconciled.plan, all);
  const existed = reconciled.plan.some((entry) => entry.action !== 'add');
  if (reconciled.legacy && existed) {
    lines.unshift(
      `No record of what an earlier generator wrote (${RECORD_FILE} is new): files that differ ` +
        'from these templates are taken as your edits and kept as they are.',
    );
  }
  return lines;
}

/** The failure that ends a run which left conflict markers, one hint per file. */
export function conflictLines(plan: readonly PlannedFile[]): string[] {
  return plan
    .filter((entry) => entry.action === 'conflict')
    .map(
      (entry) =>
        `conflict in ${entry.path}: keep what you need between <<<<<<< and >>>>>>>, delete the markers, then commit`,
    );
}
