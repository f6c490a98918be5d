// The `auth` block (sign-in) is today's only: actionHero 0.9 had none. Its known keys are kept,
// others dropped, so `--from` on a config of today carries sign-in over unchanged.
import { keyPath, propertyNames, type MigrationContext } from './context.js';

export function auth(ctx: MigrationContext, block: unknown): void {
  if (!ctx.isBlock('auth', block)) return;
  const known = propertyNames('auth');
  for (const [key, value] of Object.entries(block)) {
    if (known.includes(key)) ctx.keep(`auth.${key}`, value);
    else ctx.drop(keyPath('auth', key), 'not an actionhero-ws setting');
  }
}
