// Builds the browser client from src/client/ into templates/app/public/javascript/, which every
// generated project ships:
//   actionHeroWebSocket.js     classic <script> and CommonJS: esbuild, IIFE, from script.ts
//   actionHeroWebSocket.mjs    ES module: esbuild, from actionHeroWebSocket.mts
//   actionHeroWebSocket.d.ts   tsc's declarations of script-types.ts
//   actionHeroWebSocket.d.mts  tsc's declarations of actionHeroWebSocket.mts
//   protocol/events.d.ts       tsc's declarations of the server's protocol the client is typed with
// Bundled but not minified, then formatted by prettier, so users can read what they run. Each
// entry's leading comment (how to use it) heads its built file.
// `--check` exits non-zero when a committed file differs from a fresh build.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import prettier from 'prettier';
import ts from 'typescript';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const clientOutputDir = join(repoRoot, 'templates/app/public/javascript');

/** Where the client's sources are, below a root laid out like this repository. */
const sources = {
  script: 'src/client/script.ts',
  module: 'src/client/actionHeroWebSocket.mts',
  scriptTypes: 'src/client/script-types.ts',
  /** The server's sources, which `rootDirs` overlays on src/client for the client's imports. */
  server: 'templates/app/src',
};

/** Built file name (relative to public/javascript) → its text. */
export type ClientFiles = Map<string, string>;

export interface ClientBuild {
  files: ClientFiles;
  /** The source files esbuild put in the two bundles, relative to the root. */
  bundled: string[];
}

/** Builds every client file from the sources below `root` (default: this repository). */
export async function buildClient(root: string = repoRoot): Promise<ClientBuild> {
  const files: ClientFiles = new Map();
  const bundled = new Set<string>();
  const bundles = [
    { name: 'actionHeroWebSocket.js', entry: sources.script, format: 'iife' as const },
    { name: 'actionHeroWebSocket.mjs', entry: sources.module, format: 'esm' as const },
  ];
  for (const { name, entry, format } of bundles) {
    const { text, inputs } = await bundle(root, entry, format);
    files.set(name, header(root, entry) + text);
    for (const input of inputs) bundled.add(input);
  }
  for (const [name, text] of declarations(root)) files.set(name, text);
  const options = (await prettier.resolveConfig(join(clientOutputDir, 'page.js'))) ?? {};
  for (const [name, text] of files) {
    const parser = name.endsWith('.ts') || name.endsWith('.mts') ? 'typescript' : 'babel';
    files.set(name, await prettier.format(text, { ...options, parser }));
  }
  return { files, bundled: [...bundled].sort() };
}

/** The built files that differ from the committed ones (or are missing). */
export async function staleClientFiles(): Promise<string[]> {
  const { files } = await buildClient();
  return [...files].flatMap(([name, text]) => {
    const path = join(clientOutputDir, name);
    return existsSync(path) && readFileSync(path, 'utf8') === text ? [] : [name];
  });
}

function header(root: string, entry: string): string {
  const lines = readFileSync(join(root, entry), 'utf8').split('\n');
  const end = lines.findIndex((line) => !line.startsWith('//'));
  const usage = lines.slice(0, end < 0 ? lines.length : end).join('\n');
  return `${usage}\n//\n// Built from ${entry} (generator-actionhero-ws) by scripts/build-client.ts.\n\n`;
}

async function bundle(
  root: string,
  entry: string,
  format: 'iife' | 'esm',
): Promise<{ text: string; inputs: string[] }> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format,
    // Every browser of the last years, and Node 20. Class fields become assignments in the
    // constructor, as tsc makes them for ES2020, so the output reads like the source. No
    // file-wide 'use strict': a page may concatenate this script with sloppy ones.
    target: 'es2020',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
    platform: 'neutral',
    charset: 'utf8',
    write: false,
    outfile: 'out.js',
    logLevel: 'silent',
    // The client reads `module` on purpose: Node's CommonJS module when Node requires the
    // classic-script form, absent everywhere else.
    logOverride: { 'commonjs-variable-in-esm': 'silent' },
    metafile: true,
  });
  if (result.warnings.length > 0) {
    const messages = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    throw new Error(`esbuild warned while building ${entry}:\n${messages.join('\n')}`);
  }
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return { text: output.text, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * tsc's declarations of the two typed entries, and of every server file they import (the
 * protocol), placed beside them at the path `rootDirs` resolved it by.
 */
function declarations(root: string): ClientFiles {
  const configPath = join(root, 'tsconfig.client.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  const entries = [sources.script, sources.module, sources.scriptTypes].map((p) => join(root, p));
  const program = ts.createProgram(entries, {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
  });
  const problems = ts.getPreEmitDiagnostics(program);
  if (problems.length > 0) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    };
    throw new Error(ts.formatDiagnostics(problems, host));
  }
  const names = new Map<string, string>([
    [join(root, sources.scriptTypes), 'actionHeroWebSocket.d.ts'],
    [join(root, sources.module), 'actionHeroWebSocket.d.mts'],
  ]);
  const server = join(root, sources.server);
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !file.fileName.startsWith(server + '/')) continue;
    // Shipped beside the client, a server file may import only other server files shipped too.
    for (const { fileName: specifier } of ts.preProcessFile(file.text).importedFiles) {
      if (!specifier.startsWith('.')) {
        throw new Error(`${file.fileName} imports ${specifier}, which the client cannot ship`);
      }
    }
    names.set(file.fileName, relative(server, file.fileName).replace(/\.ts$/, '.d.ts'));
  }
  const files: ClientFiles = new Map();
  for (const [source, name] of names) {
    const file = program.getSourceFile(source);
    if (!file) throw new Error(`${source} is not part of the client's program`);
    const from = relative(root, source);
    const banner = `// Declarations of ${from} (generator-actionhero-ws), emitted by tsc.\n`;
    program.emit(file, (_path, text) => files.set(name, banner + text), undefined, true);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = await staleClientFiles();
    if (stale.length > 0) {
      console.error(`stale in ${clientOutputDir}: ${stale.join(', ')}; run npm run build:client`);
      process.exit(1);
    }
  } else {
    for (const [name, text] of (await buildClient()).files) {
      const path = join(clientOutputDir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
}
