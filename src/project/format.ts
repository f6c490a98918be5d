// Formats files a generator wrote with the project's own prettier and config, so what `:action`
// writes for a long name or description still passes the project's `prettier --check`. The
// project's prettier is used, not one of ours: the same version that checks the files formats them.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Generator from 'yeoman-generator';

interface Prettier {
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
  format(source: string, options: Record<string, unknown>): Promise<string>;
}

/** The project's prettier, or undefined before `npm install` (the files are then left as written). */
function projectPrettier(root: string): Prettier | undefined {
  try {
    return createRequire(join(root, 'package.json'))('prettier') as Prettier;
  } catch {
    return undefined;
  }
}

/** Formats `files` (project-relative) in Yeoman's in-memory file system; true when prettier ran. */
export async function formatWritten(
  generator: Generator,
  files: readonly string[],
): Promise<boolean> {
  const prettier = projectPrettier(generator.destinationRoot());
  if (prettier === undefined) return false;
  for (const file of files) {
    const path = generator.destinationPath(file);
    const source = generator.fs.read(path);
    if (source === null) continue;
    const config = (await prettier.resolveConfig(path)) ?? {};
    generator.fs.write(path, await prettier.format(source, { ...config, filepath: path }));
  }
  return true;
}

/** One file a scaffold writes: an ejs template and the project-relative path it becomes. */
export interface ScaffoldFile {
  template: string;
  target: string;
}

/**
 * Writes what `:action` and `:middleware` add (a file and its test) from their templates, then
 * formats them with the project's prettier, so a long name or description keeps the project's
 * `npm run lint` green.
 */
export async function writeScaffold(
  generator: Generator,
  files: readonly ScaffoldFile[],
  context: Record<string, unknown>,
): Promise<void> {
  for (const { template, target } of files) {
    generator.fs.copyTpl(template, generator.destinationPath(target), context);
  }
  await formatWritten(
    generator,
    files.map((file) => file.target),
  );
}
