import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

interface Fixture {
  readonly name: string;
  /** Relative to the repository root; decides which lint rules apply. */
  readonly filePath: string;
  readonly code: string;
}
interface Finding {
  readonly name: string;
  readonly messages: { ruleId: string | null; severity: number; message: string }[];
}

// ESLint loads eslint.config.mjs with import(), which jest's module sandbox does not
// allow: the repository's own config runs through ESLint's Node API in a plain Node process.
const RUNNER = `
const { ESLint } = require('eslint');
const root = process.argv[1];
const fixtures = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: root + '/eslint.config.mjs' });
  const out = [];
  for (const f of fixtures) {
    const [result] = await eslint.lintText(f.code, { filePath: root + '/' + f.filePath });
    out.push({ name: f.name, messages: result.messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message })) });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { process.stderr.write(String(error?.stack ?? error)); process.exit(1); });
`;

function lint(fixtures: readonly Fixture[]): Map<string, Finding['messages']> {
  const out = execFileSync(process.execPath, ['-e', RUNNER, root], { cwd: root, input: JSON.stringify(fixtures), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return new Map((JSON.parse(out) as Finding[]).map((f) => [f.name, f.messages]));
}

const decider = (imports: string): string => `${imports}
import type { Decider } from '@gov/event-sourcing';

type State = { readonly open: boolean };
type Command = { readonly type: 'Open'; readonly data: { readonly at: string } };
type Event = { readonly type: 'Opened'; readonly data: { readonly at: string } };

export const fixture: Decider<State, Command, Event> = {
  initialState: () => ({ open: false }),
  evolve: () => ({ open: true }),
  decide: (command, state) => (state.open ? [] : [{ type: 'Opened', data: { at: command.data.at } }]),
};
`;

describe('lint: domain files load no driver, framework or event store', () => {
  // A service helper that loads the framework, for the "through an import" case.
  const scratch = join(root, 'tmp', `domain-purity-${process.pid}`);
  let findings: Map<string, Finding['messages']>;

  beforeAll(() => {
    mkdirSync(join(scratch, 'src', 'shared'), { recursive: true });
    writeFileSync(join(scratch, 'src', 'shared', 'guard.ts'), "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class Guard {}\nexport const OPEN = 'open';\n");
    writeFileSync(join(scratch, 'src', 'shared', 'types.ts'), "import type { PoolClient } from 'pg';\nexport type Tx = PoolClient;\nexport const CLOSED = 'closed';\n");
    const inApp = 'apps/x/src/y/z.decider.ts';
    const inScratch = `tmp/domain-purity-${process.pid}/src/z.decider.ts`;
    findings = lint([
      { name: 'pg', filePath: inApp, code: decider("import { Pool } from 'pg';\nexport const pool = Pool;") },
      { name: 'pg type only', filePath: inApp, code: decider("import type { PoolClient } from 'pg';\nexport type Tx = PoolClient;") },
      { name: 'kafkajs', filePath: inApp, code: decider("import { Kafka } from 'kafkajs';\nexport const kafka = Kafka;") },
      { name: '@nestjs/common', filePath: inApp, code: decider("import { Injectable } from '@nestjs/common';\nexport const injectable = Injectable;") },
      { name: '@nestjs/cqrs', filePath: 'apps/x/src/y/z.commands.ts', code: "import { Command } from '@nestjs/cqrs';\nexport class Open extends Command<void> {}\n" },
      { name: 'express', filePath: 'apps/x/src/y/z.policy.ts', code: "import type { Request } from 'express';\nexport type R = Request;\n" },
      { name: '@grpc/grpc-js', filePath: 'apps/x/src/domain/value.ts', code: "import { status } from '@grpc/grpc-js';\nexport const s = status;\n" },
      { name: 'store alias', filePath: inApp, code: decider("import { PostgresEventStore } from '@gov/event-sourcing/postgres';\nexport const store = PostgresEventStore;") },
      { name: 'store type only', filePath: 'apps/x/src/y/z.events.ts', code: "import type { RecordedEvent } from '@gov/event-sourcing/postgres';\nexport type E = RecordedEvent;\n" },
      { name: 'store relative', filePath: 'apps/x/src/y/z.decider.ts', code: decider("import { verifyEventLog } from '../../../../libs/event-sourcing-postgres/src/verify';\nexport const v = verifyEventLog;") },
      { name: 'old store folder', filePath: 'libs/event-sourcing/src/z.decider.ts', code: decider("export * from './postgres';") },
      { name: 'platform barrel', filePath: inApp, code: decider("import { hasRole } from '@gov/platform';\nexport const h = hasRole;") },
      { name: 'messaging barrel', filePath: inApp, code: decider("export { createKafka } from '@gov/messaging';") },
      { name: 'helper loading nest', filePath: inScratch, code: decider("import { OPEN } from './shared/guard';\nexport const o = OPEN;") },
      { name: 'helper with type-only pg', filePath: inScratch, code: decider("import { CLOSED } from './shared/types';\nexport const c = CLOSED;") },
      {
        name: 'clean',
        filePath: inApp,
        code: decider(
          "import { RuleViolation, Validation } from '@gov/event-sourcing';\nimport { isValidResidentId } from '@gov/identity';\nimport { createHash } from 'node:crypto';\nexport const pure = [RuleViolation, Validation, isValidResidentId, createHash];",
        ),
      },
      { name: 'handler may', filePath: 'apps/x/src/y/z.handler.ts', code: "import { Pool } from 'pg';\nimport { PostgresEventStore } from '@gov/event-sourcing/postgres';\nexport const ok = [Pool, PostgresEventStore];\n" },
    ]);
  }, 120_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const errors = (name: string) => (findings.get(name) ?? []).filter((m) => m.severity === 2);
  const purity = (name: string) => errors(name).filter((m) => m.ruleId === 'domain/no-infrastructure');

  it.each([
    ['pg', "'pg'"],
    ['pg type only', "'pg'"],
    ['kafkajs', "'kafkajs'"],
    ['@nestjs/common', "'@nestjs/common'"],
    ['@nestjs/cqrs', "'@nestjs/cqrs'"],
    ['express', "'express'"],
    ['@grpc/grpc-js', "'@grpc/grpc-js'"],
    ['store alias', "'@gov/event-sourcing/postgres'"],
    ['store type only', "'@gov/event-sourcing/postgres'"],
    ['store relative', "'libs/event-sourcing-postgres/src/verify'"],
    ['old store folder', "'libs/event-sourcing/src/postgres'"],
  ])('refuses a direct import: %s', (name, target) => {
    const found = purity(name);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(`must not import ${target}`);
  });

  it.each([
    ['platform barrel', '@gov/platform', 'libs/platform/src/index.ts'],
    ['messaging barrel', '@gov/messaging', 'libs/messaging/src/index.ts'],
    ['helper loading nest', './shared/guard', "loads '@nestjs/common'"],
  ])('refuses what loads them through an import: %s', (name, specifier, inMessage) => {
    const found = purity(name);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(`must not import '${specifier}': it loads`);
    expect(found[0].message).toContain(inMessage);
  });

  it('follows only what runs: a helper that uses a driver type only is fine', () => {
    expect(errors('helper with type-only pg')).toEqual([]);
  });

  it('passes a pure decider, and leaves handlers alone', () => {
    expect(errors('clean')).toEqual([]);
    expect(purity('handler may')).toEqual([]);
  });
});
