// npm run token -- --sub alice [--ttl 1h]: a sign-in token for development, signed (HS256) with
// JWT_SECRET from the environment or .env, with config/config.json's auth.issuer and audience.

import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { ConfigError, loadConfig, MIN_JWT_SECRET_BYTES } from '../src/config/load.js';

const { values } = parseArgs({
  options: { sub: { type: 'string' }, ttl: { type: 'string', default: '1h' } },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (values.sub === undefined || values.sub === '') {
  fail('usage: npm run token -- --sub SUBJECT [--ttl 1h]');
}
let auth;
try {
  auth = loadConfig().config.auth;
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const secret = process.env.JWT_SECRET ?? '';
if (Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
  fail(`JWT_SECRET: set it (in the environment or .env) to at least ${MIN_JWT_SECRET_BYTES} bytes`);
}
let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(values.sub).setIssuedAt();
if (auth.issuer !== null) jwt = jwt.setIssuer(auth.issuer);
if (auth.audience !== null) jwt = jwt.setAudience(auth.audience);
try {
  jwt = jwt.setExpirationTime(values.ttl);
} catch {
  fail(`--ttl: a duration such as 30m, 1h or 7d (got ${JSON.stringify(values.ttl)})`);
}
console.log(await jwt.sign(new TextEncoder().encode(secret)));
