// One entry in the answer registry is all a new answer needs: a registry with one extra entry
// (the default chat room, a config field no answer sets today) gets its flag, its question, its
// config field, its `:config` update, its stored answer and the flag named in its errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Generator from 'yeoman-generator';
import { AnswerRegistry } from '../../src/answers/answer-registry.js';
import { answerSpecs, type AnswerSpec, type Answers } from '../../src/answers/answers.js';
import { buildProject } from '../../src/project/build.js';
import { registerAnswerOptions } from '../../src/answers/generator-options.js';
import { questionsFor } from '../../src/answers/prompts.js';
import { openQuestions, withDefaults } from '../../src/answers/resolve.js';
import { schemaDefault } from '../../src/config-schema.js';

const chatRoom: AnswerSpec<'defaultChatRoom', 'string'> = {
  name: 'defaultChatRoom',
  flag: 'default-chat-room',
  kind: 'string',
  description: 'the room every connection joins',
  question: 'Default chat room',
  promptType: 'input',
  path: 'general.defaultChatRoom',
  defaultValue: () => schemaDefault<string>('general.defaultChatRoom'),
};
const registry = new AnswerRegistry([...answerSpecs, chatRoom]);

/** Answers of this test's registry, which has one answer more than the `Answers` type. */
function answersWith(extra: Record<string, unknown>): Answers {
  return withDefaults(extra, 'app', registry);
}

function configOf(answers: Answers, base?: Record<string, unknown>, given: string[] = []) {
  const result = buildProject({ answers, registry, ...(base ? { base, given } : {}) });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.project;
}

describe('a new answer is one registry entry', () => {
  it('has a flag, with its help text', () => {
    const registered: string[] = [];
    const recorder = {
      option: (name: string, spec: { description: string }) => {
        registered.push(`${name}: ${spec.description}`);
      },
    };
    registerAnswerOptions(recorder as unknown as Generator, registry);
    assert.ok(registered.includes('default-chat-room: the room every connection joins'));
    const parsed = registry.fromFlags({ 'default-chat-room': 'lobby' });
    assert.deepEqual(parsed, { answers: { defaultChatRoom: 'lobby' }, issues: [] });
  });

  it('is asked, with its default shown and its answer checked by the schema', () => {
    const known = withDefaults({}, 'app');
    const open = openQuestions(known, registry);
    assert.deepEqual(
      open.map((spec) => spec.name),
      ['defaultChatRoom'],
    );
    const [question] = questionsFor(open, { known, folderName: 'app', registry });
    assert.ok(question);
    assert.equal(question.message, 'Default chat room');
    assert.equal(question.default({}), 'defaultRoom');
    assert.equal(question.validate('lobby'), true);
    const refusal = question.validate('');
    assert.equal(typeof refusal, 'string');
    assert.match(
      String(refusal),
      /^general\.defaultChatRoom: .*; set it with --default-chat-room$/,
    );
  });

  it('reaches the config, is stored, and :config changes only its own field', () => {
    const project = configOf(answersWith({ defaultChatRoom: 'lobby' }));
    assert.equal(project.config.general.defaultChatRoom, 'lobby');
    assert.equal((project.storedAnswers as Record<string, unknown>).defaultChatRoom, 'lobby');

    const edited = structuredClone(project.config) as unknown as Record<string, unknown>;
    (edited.general as Record<string, unknown>).welcomeMessage = 'edited by hand';
    const updated = configOf(answersWith({ defaultChatRoom: 'hall' }), edited, ['defaultChatRoom']);
    assert.equal(updated.config.general.defaultChatRoom, 'hall');
    assert.equal(updated.config.general.welcomeMessage, 'edited by hand');
  });

  it('names its flag in errors', () => {
    const result = buildProject({ answers: answersWith({ defaultChatRoom: 42 }), registry });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.ok(
      result.errors.some(
        (issue) =>
          issue.path === 'general.defaultChatRoom' &&
          issue.message.endsWith('set it with --default-chat-room'),
      ),
      JSON.stringify(result.errors),
    );
  });
});
