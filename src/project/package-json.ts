// The project's package.json, built as an object: the template's scripts and dependency names,
// with versions taken from this package's own package.json so both move together.
import { readFileSync } from 'node:fs';
import { paths } from './paths.js';
import { NODE_FLAGS_PLACEHOLDER, NODE_START_FLAGS } from './start-flags.js';

type Json = Record<string, unknown>;
type Deps = Record<string, string>;

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** This generator's version, as recorded in every project it writes. */
export function generatorVersion(): string {
  return String(readJson(paths.packageJson).version);
}

export function projectPackageJson(name: string, templateRoot: string): Json {
  const own = readJson(paths.packageJson);
  const versions: Deps = { ...(own.devDependencies as Deps), ...(own.dependencies as Deps) };
  const template = readJson(`${templateRoot}package.template.json`);
  const pin = (names: unknown): Deps =>
    Object.fromEntries(
      Object.keys((names ?? {}) as Deps)
        .sort()
        .map((dependency) => {
          const version = versions[dependency];
          if (!version)
            throw new Error(`${dependency} is not in generator-actionhero-ws's package.json`);
          return [dependency, version];
        }),
    );
  return {
    name,
    version: '0.1.0',
    private: true,
    ...template,
    scripts: withStartFlags(template.scripts as Record<string, string>),
    dependencies: pin(template.dependencies),
    devDependencies: pin(template.devDependencies),
  };
}

/** The template's scripts, with the node start flags (start-flags.ts) where it asks for them. */
function withStartFlags(scripts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(scripts).map(([name, command]) => [
      name,
      command.replaceAll(NODE_FLAGS_PLACEHOLDER, NODE_START_FLAGS.join(' ')),
    ]),
  );
}
