// Writes a built project through Yeoman's in-memory file system, so conflicts, --dry-run and
// .yo-resolve apply, and nothing reaches the disk if a later step fails.
import { readFileSync } from 'node:fs';
import type Generator from 'yeoman-generator';
import type { BuiltProject } from './build.js';
import { mergeEnv } from './env-file.js';
import { manifest } from './manifest.js';
import { projectPackageJson } from './package-json.js';
import { paths } from './paths.js';

/** The files that belong to the generator: always rewritten, never asked about. */
export const GENERATED_FILES = [
  'config/config.json',
  'config/config.schema.json',
  'src/config/config-types.ts',
  'src/config/config-validation.ts',
] as const;

export function writeProject(generator: Generator, project: BuiltProject): void {
  const templateRoot = paths.templates('app');
  const context = templateContext(project);
  for (const entry of manifest(templateRoot, project.answers)) {
    const from = `${templateRoot}${entry.source}`;
    const to = generator.destinationPath(entry.target);
    if (entry.template) generator.fs.copyTpl(from, to, context);
    else generator.fs.copy(from, to);
  }
  generator.fs.writeJSON(
    generator.destinationPath('package.json'),
    projectPackageJson(project.answers.name, templateRoot),
  );
  writeConfigFiles(generator, project);
  if (Object.keys(project.env).length > 0) {
    const envPath = generator.destinationPath('.env');
    generator.fs.write(
      envPath,
      mergeEnv(generator.fs.read(envPath, { defaults: '' }) ?? '', { ...project.env }),
    );
    forceWrite(generator, envPath); // merged: the user's own lines are kept
  }
}

/** config/*.json and the shared TypeScript, marked so Yeoman's conflicter rewrites them silently. */
export function writeConfigFiles(generator: Generator, project: BuiltProject): void {
  const contents: Record<(typeof GENERATED_FILES)[number], string> = {
    'config/config.json': `${JSON.stringify(project.config, null, 2)}\n`,
    'config/config.schema.json': readFileSync(paths.schema, 'utf8'),
    'src/config/config-types.ts': readFileSync(`${paths.shared}config-types.ts`, 'utf8'),
    'src/config/config-validation.ts': readFileSync(`${paths.shared}config-validation.ts`, 'utf8'),
  };
  for (const [file, text] of Object.entries(contents)) {
    const path = generator.destinationPath(file);
    generator.fs.write(path, text);
    forceWrite(generator, path);
  }
}

/** Tells Yeoman's conflicter this file is the generator's own, so it is never asked about. */
export function forceWrite(generator: Generator, path: string): void {
  const file = generator.env.sharedFs.get(path) as { conflicter?: string };
  file.conflicter = 'force';
}

/** The values templates may show; computed here so templates hold no logic. */
function templateContext(project: BuiltProject): Record<string, unknown> {
  const { answers, config } = project;
  const scheme = config.servers.web.secure ? 'https' : 'http';
  return {
    name: answers.name,
    port: config.servers.web.port,
    url: `${scheme}://localhost:${config.servers.web.port}/`,
    https: config.servers.web.secure,
    redis: config.redis.enable,
    transports: config.webSockets.options.transports.join(', '),
  };
}
