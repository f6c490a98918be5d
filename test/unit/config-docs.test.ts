// docs/CONFIG.md is generated from the schema and the generated server's table of environment
// variables: it must match a fresh render, and that table must name every variable the server reads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configDocsPath, renderConfigDocs } from '../../scripts/gen-config-docs.js';
import { environment } from '../../templates/app/src/config/env.js';
import { repoRoot } from '../helpers/generator.js';

const templateSrc = join(repoRoot, 'templates/app/src');

/**
 * The variables the template's code reads as `env.NAME` (or `process.env.NAME`). The config
 * fields a variable replaces are read by name from env.ts itself, so they are listed by design.
 */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  const files = readdirSync(templateSrc, { recursive: true, withFileTypes: true });
  for (const file of files.filter((entry) => entry.isFile() && /\.c?ts$/.test(entry.name))) {
    const source = readFileSync(join(file.parentPath, file.name), 'utf8');
    for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(match[1] ?? '');
  }
  return names;
}

describe('docs/CONFIG.md', () => {
  it('is up to date (node --import tsx/esm scripts/gen-config-docs.ts)', async () => {
    assert.equal(readFileSync(configDocsPath, 'utf8'), await renderConfigDocs());
  });

  it('lists every environment variable the generated server reads (its src/config/env.ts)', () => {
    const listed = new Set(Object.keys(environment));
    const read = variablesRead();
    assert.ok(read.size > 0, 'no env.NAME found: has the loader changed how it reads variables?');
    for (const name of read) assert.ok(listed.has(name), `${name} is read but not in env.ts`);
  });

  it("every variable is in the project's .env.example and README", () => {
    const example = readFileSync(join(repoRoot, 'templates/app/_env.example'), 'utf8');
    const readme = readFileSync(join(repoRoot, 'templates/app/README.md.ejs'), 'utf8');
    for (const name of Object.keys(environment)) {
      assert.match(example, new RegExp(`^# ${name}=`, 'm'), `.env.example: ${name}`);
      assert.ok(readme.includes(`\`${name}\``), `README.md: ${name}`);
    }
  });
});
