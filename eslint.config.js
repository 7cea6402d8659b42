// ESLint: typescript-eslint's recommended rules (syntax only: the type-checked set is too slow on a 2-core machine),
// plus a few cheap rules that catch real bugs. Layout is Prettier's job (.prettierrc), not ESLint's.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default defineConfig({ ignores: ['data/', 'coverage/', 'test-results/'] }, js.configs.recommended, tseslint.configs.recommended, {
  languageOptions: { globals: globals.node },
  linterOptions: { reportUnusedDisableDirectives: 'error' },
  rules: {
    // `const { dropped: _dropped, ...kept } = row` is how the code leaves fields out of an object.
    '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    eqeqeq: ['error', 'always', { null: 'ignore' }],
    'no-self-compare': 'error',
    'no-template-curly-in-string': 'error',
    'no-sequences': 'error',
    'no-throw-literal': 'error',
    'array-callback-return': 'error',
  },
});
