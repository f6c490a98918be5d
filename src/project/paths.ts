// Where this package keeps what it copies into projects. The root is found by walking up from
// this module to the package.json named generator-actionhero-ws, so it works from dist/project/, from
// the bundled bins in dist/bin/ (scripts/bundle-bins.ts), in node_modules and under tsx alike.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'generator-actionhero-ws';

function findRoot(from: URL): string {
  for (let dir = new URL('./', from); ; dir = new URL('../', dir)) {
    try {
      const { name } = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
      };
      if (name === PACKAGE_NAME) return fileURLToPath(dir);
    } catch {
      // no (readable) package.json here: keep walking up
    }
    if (new URL('../', dir).href === dir.href) {
      throw new Error(`${PACKAGE_NAME}: no package.json above ${fileURLToPath(from)}`);
    }
  }
}

const root = findRoot(new URL(import.meta.url));

export const paths = {
  root,
  packageJson: `${root}package.json`,
  schema: `${root}schema/config.schema.json`,
  /** TypeScript shared verbatim between the generator and every project's src/config/. */
  shared: `${root}src/shared/`,
  templates: (name: string): string => `${root}templates/${name}/`,
} as const;
