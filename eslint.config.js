// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'spec/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The one rule that needs type information, no-floating-promises, is oxlint's (.oxlintrc.json, run with
    // --type-aware in \`npm run lint\`): TypeScript 7's native checker gives it in 3 s, where typescript-eslint's
    // program took 20 s of CPU.
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-console': 'error',
      // Control characters in patterns are deliberate here: XML-invalid characters, ANSI colour codes.
      'no-control-regex': 'off',
    },
  },
  {
    // The command line is the only place that writes to the console; benchmarks and scripts print their figures.
    files: ['src/cli/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests poke at untyped JSON from servers and files.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
