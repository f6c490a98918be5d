// The schema is the single source: prompts offer its choices and defaults, and the Config type
// and the projects' copies are generated from it, never edited apart from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { answerSpecs, transportChoices } from '../../src/answers/answers.js';
import { schemaDefault } from '../../src/config-schema.js';
import { withDefaults } from '../../src/answers/resolve.js';
import { registry } from '../../src/answers/answer-registry.js';
import { validateConfig } from '../../src/config-schema.js';
import { renderConfigTypes } from '../../scripts/gen-config-types.js';
import { repoRoot } from '../helpers/generator.js';

interface RawSchema {
  properties: {
    webSockets: {
      properties: {
        logLevel: { enum: string[] };
        options: { properties: { transports: { items: { enum: string[] } } } };
      };
    };
  };
  definitions: { flag: { enum: string[] } };
}

const spec = (name: string) => {
  const found = answerSpecs.find((candidate) => candidate.name === name);
  assert.ok(found, `answer ${name} exists`);
  return found;
};

describe('prompts and schema agree', () => {
  it('log levels, settings and transports are the schema enums', () => {
    // Read the schema file itself, not through the module the prompts use.
    const raw = JSON.parse(
      readFileSync(`${repoRoot}schema/config.schema.json`, 'utf8'),
    ) as RawSchema;
    const webSockets = raw.properties.webSockets.properties;
    assert.deepEqual(
      spec('logLevel')
        .choices?.()
        .map((choice) => choice.value),
      webSockets.logLevel.enum,
    );
    assert.deepEqual(
      spec('settings')
        .choices?.()
        .map((choice) => choice.value),
      raw.definitions.flag.enum,
    );
    const transports = webSockets.options.properties.transports.items.enum;
    for (const choice of transportChoices()) {
      const list = choice.value.split(',');
      assert.ok(list.length >= 1 && list.every((t) => transports.includes(t)), choice.value);
    }
    assert.equal(transportChoices().length, 4);
  });

  it('every default answer is the schema default', () => {
    const answers = withDefaults({}, 'my-app');
    assert.equal(
      answers.transport,
      schemaDefault<string[]>('webSockets.options.transports').join(','),
    );
    assert.equal(answers.port, schemaDefault('servers.web.port'));
    assert.equal(answers.https, schemaDefault('servers.web.secure'));
    assert.equal(answers.redis, schemaDefault('redis.enable'));
    assert.equal(answers.redisUrl, schemaDefault('redis.url'));
    assert.deepEqual(answers.settings, schemaDefault('webSockets.settings'));
    assert.equal(answers.logLevel, schemaDefault('webSockets.logLevel'));
    assert.equal(answers.welcomeMessage, schemaDefault('general.welcomeMessage'));
  });

  it('the default answers make a config equal to the schema defaults but for the name', () => {
    const fromAnswers = validateConfig(registry.toConfig(withDefaults({}, 'my-app')).config);
    const fromSchema = validateConfig({
      $schema: './config.schema.json',
      general: { serverName: 'my-app' },
    });
    assert.ok(fromAnswers.ok && fromSchema.ok);
    assert.deepEqual(fromAnswers.config, fromSchema.config);
  });

  it('every prompt has a flag and every flag is unique', () => {
    const flags = answerSpecs.map((answer) => answer.flag);
    assert.equal(new Set(flags).size, flags.length);
  });
});

describe('generated from the schema', () => {
  it('src/shared/config-types.ts is up to date (npm run gen:types)', async () => {
    const committed = readFileSync(`${repoRoot}src/shared/config-types.ts`, 'utf8');
    assert.equal(committed, await renderConfigTypes());
  });
});
