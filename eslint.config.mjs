import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import { domainPurityPlugin } from './tools/eslint/domain-purity.mjs';

// Framework and driver packages that domain code (deciders, policies, pure libs) must not load.
const infrastructure = ['@nestjs/*', 'pg', 'kafkajs', 'typeorm', 'express', '@grpc/*'];
// The event store, by its alias or by a relative path; the old in-kernel folder too, so it cannot come back.
const storePaths = ['libs/event-sourcing-postgres', 'libs/event-sourcing/src/postgres'];

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
    // Pure domain: deciders, commands, events, policies and the kernel libs load no framework,
    // no driver and no event store, neither directly nor through a barrel or helper they import.
    files: [
      '**/*.decider.ts',
      '**/*.commands.ts',
      '**/*.events.ts',
      '**/*.policy.ts',
      '**/domain/**/*.ts',
      'libs/event-sourcing/src/**/*.ts',
      'libs/identity/src/**/*.ts',
      'libs/service-standards/src/**/*.ts',
      'libs/contracts/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    plugins: { domain: domainPurityPlugin },
    rules: {
      'domain/no-infrastructure': ['error', { packages: infrastructure, paths: storePaths }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-console': 'off', '@nx/enforce-module-boundaries': boundaries(['type:testing']) },
  },
  {
    // Plain Node scripts (the bootstrap, the generator, the manifest checks): Node's globals.
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'URLSearchParams', 'Buffer', 'fetch', 'AbortController', 'AbortSignal', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'structuredClone', 'TextEncoder', 'TextDecoder'].map((name) => [name, 'readonly']),
      ),
    },
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
