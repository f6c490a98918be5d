// The answer flags as Yeoman options, registered the same way by every
// generator that takes answers, from the one registry in answers.ts.
import type Generator from 'yeoman-generator';
import { registry as defaultRegistry, type AnswerRegistry } from './answer-registry.js';

export function registerAnswerOptions(
  generator: Generator,
  registry: AnswerRegistry = defaultRegistry,
): void {
  for (const spec of registry.specs) {
    generator.option(spec.flag, {
      type:
        spec.kind === 'boolean'
          ? Boolean
          : spec.kind === 'list' || spec.kind === 'keyValues'
            ? (value: string) => value
            : String,
      description: spec.description,
    });
  }
  generator.option('tls-passphrase', {
    type: String,
    description: 'passphrase of the TLS key; written to .env only',
  });
}

/** Yeoman's --dry-run, as the bin passes it (dryRun) or as yo does (dry-run too). */
export function isDryRun(options: Readonly<Record<string, unknown>>): boolean {
  return options.dryRun === true || options['dry-run'] === true;
}
