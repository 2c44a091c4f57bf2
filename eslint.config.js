// eslint flat config: typescript-eslint's recommended rules; `any` is a warning, unused code an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.dependency-cruiser.cjs', 'dist/**', 'types/**', 'node_modules/**', 'charts/**', 'test/golden/**', 'src/schemas/validators.generated.*', 'src/validate/crd-validators.generated.*', 'bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', structuredClone: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', AbortController: 'readonly', fetch: 'readonly', performance: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // the one CommonJS module: literal require() calls are what lets esbuild bundle the chart's models
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // only the CLI parses argv and writes to the terminal; everything else returns results
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: 'print only from src/cli/' },
        { object: 'process', property: 'stderr', message: 'print only from src/cli/' },
        { object: 'process', property: 'argv', message: 'parse argv only in src/cli/' },
        { object: 'console', property: 'log', message: 'print only from src/cli/' },
      ],
    },
  },
);
