// The generation record: what the generator wrote into a project, file by file, kept inside the
// project (`.actionhero-ws/`) and committed with it. It lets a later run tell the user's edits
// from the generator's own changes: a file equal to its recorded content was never edited and
// may be replaced; an edited one is merged three ways with the recorded content as the base.
//
//   .actionhero-ws/generated.json   the generator's version and a hash of each file it wrote
//   .actionhero-ws/base/<path>      the exact content it wrote (the merge base)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RECORD_DIR = '.actionhero-ws';
export const RECORD_FILE = `${RECORD_DIR}/generated.json`;
export const BASE_DIR = `${RECORD_DIR}/base`;

export interface GenerationRecord {
  /** The generator version that wrote the files. */
  version: string;
  /** Project-relative path → `sha256:<hex>` of the content written. */
  files: Record<string, string>;
}

/** The record of the project in `dir`, or undefined for a project made before records existed. */
export function readRecord(dir: string): GenerationRecord | undefined {
  const file = join(dir, RECORD_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<GenerationRecord>;
  return {
    version: typeof parsed.version === 'string' ? parsed.version : 'unknown',
    files: parsed.files !== null && typeof parsed.files === 'object' ? { ...parsed.files } : {},
  };
}

/** The content recorded for `path`, when the record holds it and it is intact. */
export function readBase(
  dir: string,
  record: GenerationRecord | undefined,
  path: string,
): Buffer | undefined {
  const hash = record?.files[path];
  const file = join(dir, BASE_DIR, path);
  if (hash === undefined || !existsSync(file)) return undefined;
  const content = readFileSync(file);
  return hashOf(content) === hash ? content : undefined;
}

export function hashOf(content: Buffer | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** True for the paths that are the record itself, never recorded in it. */
export function isRecordPath(path: string): boolean {
  return path === RECORD_DIR || path.startsWith(`${RECORD_DIR}/`);
}

/** generated.json as written: sorted paths, one per line, so a diff shows which files moved. */
export function recordText(record: GenerationRecord): string {
  const files = Object.fromEntries(
    Object.entries(record.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return `${JSON.stringify({ version: record.version, files }, null, 2)}\n`;
}
