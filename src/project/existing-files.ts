// What a project's src/actions/ or src/middleware/ already holds, for the name checks of
// `:action` and `:middleware` (src/project/action-spec.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { ExistingActions } from './action-spec.js';

/**
 * The .ts files of `dir` and the `name` each declares (a name can differ from its file name);
 * nothing when `dir` does not exist.
 */
export function existingFiles(dir: string): ExistingActions {
  if (!existsSync(dir)) return { files: [], names: [] };
  const files = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const names = files.flatMap((file) => {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const match = /^\s*name:\s*(['"])([^'"]+)\1/m.exec(text);
    return match?.[2] ? [match[2]] : [];
  });
  return { files, names };
}
