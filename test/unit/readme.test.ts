// The README documents every flag the generator takes, so the two cannot drift apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { answerSpecs } from '../../src/answers/answers.js';
import { repoRoot } from '../helpers/generator.js';

it('README.md lists every answer flag', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  for (const spec of answerSpecs) assert.ok(readme.includes(`\`--${spec.flag}`), `--${spec.flag}`);
  for (const flag of ['--defaults', '--answers', '--interactive', '--tls-passphrase']) {
    assert.ok(readme.includes(flag), flag);
  }
});
