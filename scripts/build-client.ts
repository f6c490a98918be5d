// Compiles src/client/actionHeroWebSocket.ts into the plain ES2020 browser script every generated
// project ships (templates/app/public/javascript/actionHeroWebSocket.js). Types are stripped, not
// bundled or minified, so the output stays readable; prettier gives it the repository's format.
// `--check` exits non-zero when the committed script is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
export const clientSource = `${root}src/client/actionHeroWebSocket.ts`;
export const clientOutput = `${root}templates/app/public/javascript/actionHeroWebSocket.js`;

const banner =
  '// Generated from src/client/actionHeroWebSocket.ts (generator-actionhero-ws) by\n' +
  '// scripts/build-client.ts: plain ES2020, no bundler, types stripped.\n\n';
// The TypeScript emitter drops blank lines; a marker comment keeps them for readability.
const blank = '//@@blank@@';

export async function renderClient(): Promise<string> {
  const source = readFileSync(clientSource, 'utf8').replace(/^[ \t]*$/gm, blank);
  const { outputText } = ts.transpileModule(source, {
    fileName: 'actionHeroWebSocket.ts',
    compilerOptions: {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.None,
      moduleDetection: ts.ModuleDetectionKind.Legacy,
      alwaysStrict: false,
      removeComments: false,
    },
  });
  const options = (await prettier.resolveConfig(clientOutput)) ?? {};
  const text = outputText.replace(new RegExp(`^[ \\t]*${blank}[ \\t]*$`, 'gm'), '');
  return prettier.format(banner + text, { ...options, parser: 'babel' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await renderClient();
  if (process.argv.includes('--check')) {
    if (readFileSync(clientOutput, 'utf8') !== text) {
      console.error(`${clientOutput} is stale: run npm run build:client`);
      process.exit(1);
    }
  } else {
    writeFileSync(clientOutput, text);
    console.log(`wrote ${clientOutput}`);
  }
}
