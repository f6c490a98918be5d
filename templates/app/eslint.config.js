// Lint config: typescript-eslint's recommended rules (not the type-aware preset, to stay fast).
// Formatting is prettier's (`npm run lint` runs both); none of these rules is about layout.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // .actionhero-ws/ holds the generator's record of what it wrote (copies, not code to check).
  { ignores: ['dist/', 'node_modules/', 'public/', 'certs/', '.actionhero-ws/'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
);
