// The keys sign-in tokens are checked with, chosen once at start-up: JWT_SECRET (HS256), a PEM
// public key file (RS256 or ES256, by the key's type) or a JWKS URL (RS256 and ES256).

import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRemoteJWKSet, errors as joseErrors, importSPKI, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config/config-types.js';
import { StartupError } from '../core/startup-error.js';
import { keySourceConflict, MIN_JWT_SECRET_BYTES } from './key-source.js';

export { keySourceConflict, MIN_JWT_SECRET_BYTES, publicKeySource } from './key-source.js';

/** How tokens are checked: the algorithms accepted, and where the key comes from. */
export interface TokenKeys {
  /** Anything else is refused before a key is looked for: `none` always, HS256 with a public key. */
  algorithms: string[];
  getKey: JWTVerifyGetKey;
}

/** Throws a StartupError that says what is wrong and how to fix it. */
export async function loadTokenKeys(
  auth: Config['auth'],
  secret: string | undefined,
  root: string,
  log: Logger,
): Promise<TokenKeys> {
  const conflict = keySourceConflict(auth);
  if (conflict !== undefined) throw new StartupError(conflict);
  if (auth.publicKeyFile !== null) return fileKey(auth.publicKeyFile, root);
  if (auth.jwksUrl !== null) return remoteKeys(auth.jwksUrl, log);
  if (secret === undefined || Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
    throw new StartupError(
      `auth.mode is jwt: set JWT_SECRET (at least ${MIN_JWT_SECRET_BYTES} bytes), or auth.publicKeyFile or auth.jwksUrl`,
    );
  }
  const key = new TextEncoder().encode(secret);
  return { algorithms: ['HS256'], getKey: () => key };
}

const readErrors: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'a folder, not a file',
};

async function fileKey(file: string, root: string): Promise<TokenKeys> {
  const path = resolve(root, file);
  const named = `auth.publicKeyFile: ${JSON.stringify(file)}${path === file ? '' : ` (${path})`}`;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new StartupError(
      `${named} cannot be read (${readErrors[code] ?? code}): ` +
        'put the PEM public key of whoever signs the tokens there, or set the path (relative to the project folder)',
    );
  }
  // A private key would work (its public half can be derived) but must not sit on the server.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new StartupError(
      `${named} holds a private key: give the server only the public half ` +
        '(`openssl pkey -in private.pem -pubout -out public.pem`); the private key stays with whoever signs the tokens',
    );
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new StartupError(
      `${named} is not a PEM public key: expected a file that begins with -----BEGIN PUBLIC KEY-----`,
    );
  }
  const alg = algorithmOf(key, named);
  const spki = key.export({ type: 'spki', format: 'pem' }).toString();
  const imported = await importSPKI(spki, alg);
  return { algorithms: [alg], getKey: () => imported };
}

/** RSA keys sign RS256 and EC P-256 keys ES256; any other key is refused at start-up. */
function algorithmOf(key: KeyObject, named: string): 'RS256' | 'ES256' {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits >= 2048) return 'RS256';
    throw new StartupError(`${named} is a ${bits}-bit RSA key: RS256 needs at least 2048 bits`);
  }
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ES256';
  const curve = details.namedCurve === undefined ? '' : ` (curve ${details.namedCurve})`;
  throw new StartupError(
    `${named} holds a key of type ${key.asymmetricKeyType ?? 'unknown'}${curve}: ` +
      'sign-in takes an RSA key (RS256) or an EC P-256 key (ES256)',
  );
}

/**
 * jose fetches the set on first use, keeps it (10 minutes), and fetches it again when a token
 * names a `kid` it does not hold (at most every 30 s), so keys the provider rotates in are found.
 */
function remoteKeys(url: string, log: Logger): TokenKeys {
  const keySet = createRemoteJWKSet(new URL(url));
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (err) {
      // No key for the token's kid is the token's fault; anything else means the set could not
      // be fetched, so a token that may be fine is refused: say so, for whoever runs the server.
      if (
        !(err instanceof joseErrors.JWKSNoMatchingKey) &&
        !(err instanceof joseErrors.JWKSMultipleMatchingKeys)
      ) {
        log.warn(
          { jwksUrl: url, err: reason(err) },
          'sign-in refused: the keys at auth.jwksUrl cannot be fetched',
        );
      }
      throw err;
    }
  };
  return { algorithms: ['RS256', 'ES256'], getKey };
}

/** `fetch failed` says little; its cause says what happened (`connect ECONNREFUSED ...`). */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}
