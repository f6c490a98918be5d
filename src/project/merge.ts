// Three-way merges of a user's file with the generator's new version of it, over what the
// generator wrote before (the base). Text goes through node-diff3 line by line; package.json is
// merged as JSON so a dependency bump never conflicts with a dependency the user added.
import { merge as diff3Merge } from 'node-diff3';
import { isRecord, type Json } from '../shared/json.js';

export interface TextMerge {
  text: string;
  /** True when both sides changed the same lines: `text` holds standard conflict markers. */
  conflict: boolean;
}

/**
 * Merges `theirs` (the generator's new content) into `ours` (the user's), both descended from
 * `base`. Conflicts are written the way git writes them, `<<<<<<<` ours, `>>>>>>>` theirs.
 */
export function mergeText(
  base: string,
  ours: string,
  theirs: string,
  theirsLabel: string,
): TextMerge {
  const { result, conflict } = diff3Merge(lines(ours), lines(base), lines(theirs), {
    label: { a: 'your version', b: theirsLabel },
  });
  return { text: result.join('\n'), conflict };
}

/** Lines with their ends kept apart, so a file's last newline survives the merge. */
function lines(text: string): string[] {
  return text.split('\n');
}

/**
 * The user's package.json with the generator's changes: for dependencies the generator ships,
 * its versions; for scripts and other keys, the generator's value where the user left the base
 * value alone; the user's own additions always kept; what the generator dropped removed unless
 * the user changed it.
 */
export function mergePackageJson(base: Json, ours: Json, theirs: Json): Json {
  const result: Json = { ...ours };
  for (const key of new Set([...Object.keys(base), ...Object.keys(theirs)])) {
    const dependencies = key === 'dependencies' || key === 'devDependencies';
    if (isRecord(theirs[key]) || isRecord(base[key])) {
      result[key] = mergeObject(
        asRecord(base[key]),
        asRecord(ours[key]),
        asRecord(theirs[key]),
        dependencies,
      );
    } else if (same(ours[key], base[key])) {
      if (theirs[key] === undefined) Reflect.deleteProperty(result, key);
      else result[key] = theirs[key];
    }
  }
  return result;
}

/**
 * One level of keys merged three ways: what the user left as it was follows the generator, what
 * the user changed or removed stays, except that `generatorWins` moves the version of every
 * dependency both still have to the generator's.
 */
function mergeObject(base: Json, ours: Json, theirs: Json, generatorWins: boolean): Json {
  const result: Json = { ...ours };
  for (const key of new Set([...Object.keys(base), ...Object.keys(theirs)])) {
    const next = theirs[key];
    if (
      same(ours[key], base[key]) ||
      (generatorWins && ours[key] !== undefined && next !== undefined)
    ) {
      if (next === undefined) Reflect.deleteProperty(result, key);
      else result[key] = next;
    }
  }
  return result;
}

function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
