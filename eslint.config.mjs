import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

// Framework and driver packages that domain code (deciders, policies, pure libs) must not import.
const infrastructure = ['@nestjs/*', 'pg', 'kafkajs', 'typeorm', 'express', '@grpc/*'];

const depConstraints = (extra) => [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:shared', ...extra] },
  { sourceTag: 'type:infrastructure', onlyDependOnLibsWithTags: ['type:domain-kernel', 'type:infrastructure', ...extra] },
  { sourceTag: 'type:domain-kernel', onlyDependOnLibsWithTags: ['type:domain-kernel', ...extra] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
];
const boundaries = (extra) => [
  'error',
  // Apps share code only through libs; production code never imports the test harness.
  { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints(extra) },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '.local/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Pure domain: deciders, policies and the kernel libs import no framework, no driver.
    files: [
      '**/*.decider.ts',
      '**/*.policy.ts',
      '**/domain/**/*.ts',
      'libs/event-sourcing/src/decider*.ts',
      'libs/event-sourcing/src/errors.ts',
      'libs/identity/src/**/*.ts',
      'libs/service-standards/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: infrastructure.map((group) => ({ group: [group], message: 'domain code imports no framework or driver' })) }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-console': 'off', '@nx/enforce-module-boundaries': boundaries(['type:testing']) },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
