// Reading what a project (or the user) already has on disk: JSON files with errors a user can
// act on, the answers stored in .yo-rc.json and an --answers file. Read straight from disk, not
// through Yeoman's storage, which would create the target folder before validation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../answers/answers.js';
import { UsageError } from '../cli/errors.js';
import { registry, type ParsedAnswers } from '../answers/answer-registry.js';
import { isRecord, type Json } from '../shared/json.js';

/** The key under the generator's name in .yo-rc.json. */
export const STORE_KEY = 'answers';
export const CONFIG_FILE = 'config/config.json';

export function readJson(file: string, label: string): unknown {
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

export function readJsonObject(file: string, label: string): Json {
  const value = readJson(file, label);
  if (!isRecord(value)) throw new UsageError([`${label}: must hold a JSON object`]);
  return value;
}

/** The answers an earlier run stored in `dir`/.yo-rc.json, if any. */
export function readStoredAnswers(dir: string, generatorName: string): Partial<Answers> {
  const file = join(dir, '.yo-rc.json');
  if (!existsSync(file)) return {};
  const stored = readJsonObject(file, '.yo-rc.json')[generatorName];
  const answers = isRecord(stored) ? stored[STORE_KEY] : undefined;
  if (!isRecord(answers)) return {};
  return registry.fromObject(answers, '.yo-rc.json').answers;
}

/** The answers of an --answers FILE.json. */
export function readAnswersFile(file: string | undefined): ParsedAnswers {
  if (file === undefined) return { answers: {}, issues: [] };
  return registry.fromObject(readJsonObject(file, `--answers ${file}`), file);
}

/** `dir`/config/config.json as the user left it, or undefined for a new project. */
export function readExistingConfig(dir: string): Json | undefined {
  const file = join(dir, CONFIG_FILE);
  return existsSync(file) ? readJsonObject(file, CONFIG_FILE) : undefined;
}
