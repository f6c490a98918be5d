// Bundles the two bins (src/bin/*.ts, the generators and yeoman-environment/-generator they run)
// into dist/bin/actionhero-ws.js and dist/bin/create-actionhero-ws.js, replacing tsc's output for
// those two files. Why: unbundled, Node spends ~85% of `create-actionhero-ws` loading modules
// (yeoman-environment pulls in fly-import -> @npmcli/arborist, pacote, sigstore, ...; lodash-es
// is ~640 files). `yo` is unaffected: it loads the unbundled dist/generators/*/index.js.
// Runs after `tsc` in `npm run build`.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bins = ['actionhero-ws', 'create-actionhero-ws'];

/**
 * yeoman-environment and yeoman-generator read their own package.json relative to their module
 * file when loaded; in a bundle that path no longer exists. Each read (exact text, so an upgrade
 * that changes it fails the build instead of the bin) becomes the value, taken from the very
 * package.json being bundled.
 */
const OWN_PACKAGE_JSON_READS: {
  file: RegExp;
  text: string;
  value: (pkg: PackageJson) => string;
}[] = [
  {
    file: /[\\/]yeoman-environment[\\/]dist[\\/]module-lookup\.js$/,
    text: "JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json')).toString()).name",
    value: (pkg) => JSON.stringify(pkg.name),
  },
  {
    file: /[\\/]yeoman-environment[\\/]dist[\\/]environment-base\.js$/,
    text: "require('../package.json').version",
    value: (pkg) => JSON.stringify(pkg.version),
  },
  {
    file: /[\\/]yeoman-generator[\\/]dist[\\/]generator\.js$/,
    text: "JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))",
    value: (pkg) => `(${JSON.stringify({ name: pkg.name, version: pkg.version })})`,
  },
];

type PackageJson = { name: string; version: string };

const inlineOwnPackageJson: Plugin = {
  name: 'inline-own-package-json',
  setup(b) {
    for (const read of OWN_PACKAGE_JSON_READS) {
      b.onLoad({ filter: read.file }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const count = source.split(read.text).length - 1;
        if (count !== 1) {
          throw new Error(`expected "${read.text}" once in ${args.path}, found it ${count} times`);
        }
        const pkg = JSON.parse(
          readFileSync(join(dirname(args.path), '..', 'package.json'), 'utf8'),
        ) as PackageJson;
        return { contents: source.replace(read.text, read.value(pkg)), loader: 'js' };
      });
    }
  },
};

/**
 * yeoman-environment imports fly-import (and with it @npmcli/arborist, pacote, sigstore, ...)
 * statically, but only uses it to install generators from npm, which the bins never do: they
 * register this package's generator classes. In the bundle fly-import is a stand-in that keeps
 * the same API and loads the real package (from yeoman-environment's node_modules) on first use.
 */
const FLY_IMPORT_STAND_IN = `
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
let real;
const load = () => {
  if (!real) {
    const fromEnvironment = createRequire(createRequire(import.meta.url).resolve('yeoman-environment'));
    real = import(pathToFileURL(fromEnvironment.resolve('fly-import')).href);
  }
  return real;
};
export class FlyRepository {
  #config;
  #repository;
  constructor(config) {
    this.#config = config;
  }
  get repositoryPath() {
    return resolve(this.#config.repositoryPath);
  }
  async #real() {
    this.#repository ??= new (await load()).FlyRepository(this.#config);
    return this.#repository;
  }
  async load() {
    return (await this.#real()).load();
  }
  async install(spec) {
    return (await this.#real()).install(spec);
  }
  async import(spec) {
    return (await this.#real()).import(spec);
  }
}
export const flyImport = async (...args) => (await load()).flyImport(...args);
export const flyInstall = async (...args) => (await load()).flyInstall(...args);
`;

const standInFlyImport: Plugin = {
  name: 'stand-in-fly-import',
  setup(b) {
    b.onResolve({ filter: /^fly-import$/ }, () => ({ path: 'fly-import', namespace: 'stand-in' }));
    b.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
      contents: FLY_IMPORT_STAND_IN,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

// CommonJS dependencies expect require, __filename and __dirname, which an ESM file lacks. The
// banner provides them under prefixed names (bundled ESM modules declare their own __dirname at
// top level), and `define` points only the free (undeclared) references at them.
const banner = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { dirname as __bundleDirnameOf } from 'node:path';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __bundleFilename = __bundleFileURLToPath(import.meta.url);',
  'const __bundleDirname = __bundleDirnameOf(__bundleFilename);',
].join('\n');

// Chunk names carry a hash: drop the previous build's.
const binDir = join(root, 'dist/bin');
for (const file of readdirSync(binDir)) {
  if (file.startsWith('chunk-')) rmSync(join(binDir, file));
}

await build({
  entryPoints: bins.map((bin) => ({ in: join(root, 'src/bin', `${bin}.ts`), out: bin })),
  outdir: binDir,
  // Both bins run the same code: one shared chunk, not two 4 MB copies in the package.
  splitting: true,
  // Next to the bins, not in a subfolder: bundled code resolves paths from its import.meta.url
  // (run.ts: ../generators/NAME/index.js).
  chunkNames: 'chunk-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  treeShaking: true,
  banner: { js: banner },
  define: { __filename: '__bundleFilename', __dirname: '__bundleDirname' },
  plugins: [inlineOwnPackageJson, standInFlyImport],
  logLevel: 'warning',
});

// tsc's source maps describe the unbundled files this step replaced.
for (const bin of bins) rmSync(join(root, 'dist/bin', `${bin}.js.map`), { force: true });
