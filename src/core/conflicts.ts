// GEN-04: on a re-run without a terminal, a user's file that differs from the template is kept
// (Yeoman would otherwise ask "Overwrite?", which nobody can answer). --force overwrites, and a
// .yo-resolve entry decides for the files it names, through @yeoman/conflicter's own reader.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { YoResolve } from '@yeoman/conflicter';
import type Generator from 'yeoman-generator';

/** Yeoman's own files: it always rewrites them (@yeoman/conflicter's forceYoFiles), never keeps them. */
const YEOMAN_FILES = new Set(['.yo-rc.json', '.yo-rc-global.json', '.yo-resolve']);

interface PendingFile {
  path: string;
  contents?: Buffer | null;
  conflicter?: string;
}

/**
 * Marks every pending file that already exists with other contents as `skip`, unless the
 * generator already decided (generator-owned files are `force`) or .yo-resolve names it.
 * Returns the project-relative paths kept as the user left them.
 */
export async function keepUserFiles(generator: Generator): Promise<string[]> {
  const yoResolve = new YoResolve();
  const kept: string[] = [];
  const files = generator.env.sharedFs.all() as PendingFile[];
  for (const file of files) {
    if (file.conflicter !== undefined || !file.contents || !existsSync(file.path)) continue;
    if (YEOMAN_FILES.has(basename(file.path))) continue;
    if (readFileSync(file.path).equals(file.contents)) continue;
    if ((await yoResolve.getStatusForFile(file.path)) !== undefined) continue;
    file.conflicter = 'skip';
    kept.push(
      generator.destinationPath() === file.path ? file.path : relative(generator, file.path),
    );
  }
  return kept;
}

function relative(generator: Generator, path: string): string {
  const root = `${generator.destinationPath()}/`;
  return path.startsWith(root) ? path.slice(root.length) : path;
}
