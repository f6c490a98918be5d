// Where this package keeps what it copies into projects; resolved from the compiled file, so it
// works from dist/ in a checkout, in node_modules and under tsx alike (src/ and dist/ are siblings).
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const paths = {
  root,
  packageJson: `${root}package.json`,
  schema: `${root}schema/config.schema.json`,
  /** TypeScript shared verbatim between the generator and every project's src/config/. */
  shared: `${root}src/shared/`,
  templates: (name: string): string => `${root}templates/${name}/`,
} as const;
