// The admin view (adminUi.enable): @socket.io/admin-ui on its own namespace, signed in with
// adminUi.username and the bcrypt hash in ADMIN_PASSWORD_HASH, its UI served by this server.
// app.ts imports this module only when the view is on: other projects never load admin-ui.

import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { AppServer } from '../app-state.js';
import type { Config } from '../config/config-types.js';
import { StartupError } from '../core/startup-error.js';
import { checkPasswordHash } from './password-hash.js';
import { ADMIN_NAMESPACE, createAdminPages, type AdminPages } from './pages.js';
import { createSessionStore } from './sessions.js';

export interface AdminView {
  /** The page and its files, at adminUi.path (for the HTTP router). */
  pages: AdminPages;
  /** Instruments socket.io; its connections stay on the admin namespace, outside the app's. */
  attach(io: AppServer): void;
}

/**
 * Throws a StartupError when ADMIN_PASSWORD_HASH is missing or not a bcrypt hash, or when
 * socket.io is off (the view would have nothing to watch).
 * `passwordHash` defaults to the environment's (which .env has filled by now).
 */
export async function prepareAdminView(
  config: Config,
  log: Logger,
  passwordHash = process.env.ADMIN_PASSWORD_HASH,
): Promise<AdminView> {
  if (!config.webSockets.enable) {
    throw new StartupError(
      'adminUi.enable is true but webSockets.enable is false: the admin view watches socket.io ' +
        'connections; turn webSockets on or adminUi off',
    );
  }
  const hash = checkPasswordHash(passwordHash);
  const { instrument } = await import('@socket.io/admin-ui');
  const sessions = createSessionStore();
  // admin-ui's development mode sends the UI each socket and each event, which costs every event
  // of every connection something even with no admin watching; production mode sends only
  // totals (connections, packets, bytes) every 2 s. NODE_ENV=production (the Dockerfile's)
  // therefore means totals only.
  const mode = process.env.NODE_ENV === 'production' ? 'production' : 'development';
  return {
    pages: createAdminPages(config),
    attach(io) {
      const namespace = io.of(ADMIN_NAMESPACE);
      // Before admin-ui's own check: a handshake with neither a password nor a live session
      // (the page's automatic first try) is asked to sign in, instead of "invalid credentials".
      namespace.use((socket, next) => {
        const auth = socket.handshake.auth as { username?: unknown; sessionId?: unknown };
        if (typeof auth.username === 'string' || sessions.has(auth.sessionId)) next();
        else next(new Error('sign in with the username and password'));
      });
      instrument(io as unknown as Server, {
        namespaceName: ADMIN_NAMESPACE,
        auth: { type: 'basic', username: config.adminUi.username, password: hash },
        readonly: config.adminUi.readonly,
        mode,
        store: sessions,
      });
      log.info(
        { path: config.adminUi.path, readonly: config.adminUi.readonly, mode },
        'admin view on',
      );
    },
  };
}
