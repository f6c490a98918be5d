// npm run token -- --sub alice [--ttl 1h] [--rooms private:a,private:b]: a sign-in token for
// development, signed (HS256) with JWT_SECRET from the environment or .env, with
// config/config.json's auth.issuer and audience.

import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { publicKeySource } from '../src/auth/keys.js';
import { ConfigError, loadConfig, MIN_JWT_SECRET_BYTES } from '../src/config/load.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    ttl: { type: 'string', default: '1h' },
    // The private rooms (`private:NAME`) the token lets its holder into: its `rooms` claim.
    rooms: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (values.sub === undefined || values.sub === '') {
  fail('usage: npm run token -- --sub SUBJECT [--ttl 1h] [--rooms private:a,private:b]');
}
let auth;
try {
  auth = loadConfig().config.auth;
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
// With a public key the server refuses HS256 tokens: minting one here would only mislead.
const source = publicKeySource(auth);
if (source !== undefined) {
  fail(
    `npm run token signs HS256 tokens with JWT_SECRET, but this server checks RS256/ES256 tokens ` +
      `with auth.${source} (${auth[source] ?? ''}): tokens come from whoever holds the private ` +
      'key (your identity provider). ' +
      'Set auth.publicKeyFile and auth.jwksUrl to null to use JWT_SECRET and this script.',
  );
}
const secret = process.env.JWT_SECRET ?? '';
if (Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
  fail(`JWT_SECRET: set it (in the environment or .env) to at least ${MIN_JWT_SECRET_BYTES} bytes`);
}
const rooms = values.rooms
  ?.split(',')
  .map((room) => room.trim())
  .filter((room) => room !== '');
let jwt = new SignJWT(rooms === undefined ? {} : { rooms })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(values.sub)
  .setIssuedAt();
if (auth.issuer !== null) jwt = jwt.setIssuer(auth.issuer);
if (auth.audience !== null) jwt = jwt.setAudience(auth.audience);
try {
  jwt = jwt.setExpirationTime(values.ttl);
} catch {
  fail(`--ttl: a duration such as 30m, 1h or 7d (got ${JSON.stringify(values.ttl)})`);
}
console.log(await jwt.sign(new TextEncoder().encode(secret)));
