// npm run cert: a self-signed key and certificate for local https, in certs/ (git-ignored).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';

const dir = fileURLToPath(new URL('../certs/', import.meta.url));
const keyFile = join(dir, 'dev-key.pem');
const certFile = join(dir, 'dev-cert.pem');

if (existsSync(keyFile) && existsSync(certFile) && !process.argv.includes('--force')) {
  console.log(
    `certs/dev-key.pem and certs/dev-cert.pem exist already (pass --force to replace them).`,
  );
} else {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  console.log(
    'Wrote certs/dev-key.pem and certs/dev-cert.pem (self-signed, for development only).',
  );
  console.log(
    'Use them with servers.web.secure: true and keyFile/certFile, or TLS_KEY_FILE/TLS_CERT_FILE.',
  );
}
