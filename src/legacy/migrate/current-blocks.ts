// Blocks only today's config has (sign-in, rate limits, health endpoints, metrics): actionHero 0.9
// had none of them. Their known keys are kept as they are and others dropped, so `--from` on a config
// of today carries them over unchanged.
import { keyPath, propertyNames, type MigrationContext } from './context.js';

/** The top-level blocks of today that no 0.9 config had. */
export const CURRENT_ONLY_BLOCKS = ['auth', 'limits', 'health', 'metrics', 'adminUi'] as const;

export function isCurrentOnlyBlock(key: string): boolean {
  return (CURRENT_ONLY_BLOCKS as readonly string[]).includes(key);
}

export function currentBlock(ctx: MigrationContext, name: string, block: unknown): void {
  if (!ctx.isBlock(name, block)) return;
  const known = propertyNames(name);
  for (const [key, value] of Object.entries(block)) {
    if (known.includes(key)) ctx.keep(`${name}.${key}`, value);
    else ctx.drop(keyPath(name, key), 'not an actionhero-ws setting');
  }
}
