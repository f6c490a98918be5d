// Type-checks files with the TypeScript compiler, some of them replaced by text held in memory,
// and reports each error as `file:line: message`: for tests that expect code not to compile.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// Parsing TypeScript's libs and installed types takes seconds: each is parsed once per kind of
// program, as those files do not change while the tests run.
const parsed = new Map<string, Map<string, ts.SourceFile>>();
function cachedSourceFiles(options: ts.CompilerOptions): Map<string, ts.SourceFile> {
  const key = `${options.target}/${options.module}/${options.moduleDetection}`;
  let files = parsed.get(key);
  if (!files) parsed.set(key, (files = new Map<string, ts.SourceFile>()));
  return files;
}

export interface TypeProblem {
  /** Path relative to the repository. */
  file: string;
  line: number;
  message: string;
}

/** compilerOptions of a tsconfig file, with paths resolved against its folder. */
export function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig)).options;
}

/**
 * The errors of a program made of `roots`; `files` maps absolute paths to text that replaces (or
 * adds) the file there, and `aliases` lets a path read another file's text.
 */
export function typeErrors(
  roots: string[],
  options: ts.CompilerOptions,
  files: Record<string, string> = {},
  aliases: Record<string, string> = {},
): TypeProblem[] {
  const host = ts.createCompilerHost(options);
  const cached = cachedSourceFiles(options);
  const text = (path: string): string | undefined => {
    const full = resolve(path);
    if (full in files) return files[full];
    const alias = aliases[full];
    if (alias !== undefined) return readFileSync(alias, 'utf8');
    return undefined;
  };
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => text(path) !== undefined || fileExists(path);
  host.readFile = (path) => text(path) ?? readFile(path);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const content = text(path);
    if (content !== undefined) return ts.createSourceFile(path, content, languageVersion, true);
    if (!path.includes('/node_modules/')) {
      return getSourceFile(path, languageVersion, onError, shouldCreate);
    }
    let file = cached.get(path);
    if (!file) {
      file = getSourceFile(path, languageVersion, onError, shouldCreate);
      if (file) cached.set(path, file);
    }
    return file;
  };
  const program = ts.createProgram(roots, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return { file: '', line: 0, message };
    const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    return { file: relative(repoRoot, d.file.fileName), line, message };
  });
}

export function describeErrors(errors: TypeProblem[]): string {
  return errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n');
}
