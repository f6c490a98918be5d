// The old `general` block: the keys today's config still has are kept, the others dropped with
// the reason legacy-keys.ts gives.
import { DROPPED_GENERAL_KEYS, entryOf } from '../legacy-keys.js';
import { keyPath, propertyNames, type MigrationContext } from './context.js';

export function general(ctx: MigrationContext, block: unknown): void {
  if (!ctx.isBlock('general', block)) return;
  const known = propertyNames('general');
  for (const [key, value] of Object.entries(block)) {
    if (known.includes(key)) ctx.keep(`general.${key}`, value);
    else
      ctx.drop(
        keyPath('general', key),
        entryOf(DROPPED_GENERAL_KEYS, key) ?? 'not an actionhero-ws setting',
      );
  }
}
