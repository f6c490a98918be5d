// Lint for the generator's own TypeScript; the generated project carries its own config.
// Type-aware: each file is checked against the program of the tsconfig that compiles it (src/ by
// tsconfig.json, tests, scripts and bench by tsconfig.test.json, the browser client by
// tsconfig.client.json), so rules such as no-floating-promises see the real types.
// (`projectService` would find only tsconfig.json, which holds neither tests nor the client.)
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // test/fixtures/ holds data and plain-JS preloads that child processes load, outside any tsconfig.
  {
    ignores: [
      'dist/',
      'node_modules/',
      'templates/',
      'demo-app/',
      '.e2e/',
      'test-artifacts/',
      'test/fixtures/',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.strict,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.test.json', './tsconfig.client.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // node:test's describe/it/test return a promise the runner itself awaits and reports on;
      // awaiting them by hand would change nothing, so only these calls may be left floating.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] },
          ],
        },
      ],
    },
  },
  // This file (plain JavaScript, in no tsconfig) gets the syntax rules only.
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
