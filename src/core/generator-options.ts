// The answer flags (SPEC section 3) as Yeoman options, registered the same way by every
// generator that takes answers, from the one registry in answers.ts.
import type Generator from 'yeoman-generator';
import { answerSpecs } from './answers.js';

export function registerAnswerOptions(generator: Generator): void {
  for (const spec of answerSpecs) {
    generator.option(spec.flag, {
      type:
        spec.kind === 'boolean'
          ? Boolean
          : spec.kind === 'string'
            ? String
            : (value: string) => value,
      description: spec.description,
    });
  }
  generator.option('tls-passphrase', {
    type: String,
    description: 'passphrase of the TLS key; written to .env only',
  });
}
