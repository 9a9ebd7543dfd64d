import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

// `npm run new-service` on a copy of the repository (its tracked files and a link to
// node_modules): the generated service type-checks, lints and passes its own unit and
// integration tests (real PostgreSQL and Kafka) untouched; bad input is refused.

const repoRoot = join(__dirname, '..', '..');
const NAME = 'demo-licensing';
const DEPARTMENT = 'demo';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cwd: string, command: string, args: readonly string[], timeoutMs = 200_000, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const bin = (copy: string, tool: string) => join(copy, 'node_modules', '.bin', tool);
const read = (copy: string, path: string) => readFileSync(join(copy, path), 'utf8');

/** The files `git ls-files` knows (tracked, and new ones not ignored) as they are on disk. */
function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'gov-new-service-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(from, join(copy, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** The files the generator writes, as docs/SERVICE-GUIDE.md names them (`apps/<name>/src/<name>.app.ts`). */
function templatePaths(): string[] {
  const templates = join(repoRoot, 'tools', 'new-service', 'templates');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(templates, path).replace(/\.tmpl$/, '').split('__name__').join('<name>'));
    }
  };
  walk(templates);
  return out.sort();
}

describe('npm run new-service', () => {
  let copy: string;
  const generator = (...args: string[]) => run(copy, process.execPath, [join('tools', 'new-service', 'new-service.mjs'), ...args]);
  const registries = () => ['deploy/local/services.json', 'libs/contracts/src/services.ts', 'libs/contracts/src/index.ts'].map((p) => read(copy, p)).join('\n');

  beforeAll(() => {
    copy = copyRepository();
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('writes exactly the files docs/SERVICE-GUIDE.md lists', () => {
    const guide = readFileSync(join(repoRoot, 'docs', 'SERVICE-GUIDE.md'), 'utf8');
    const listed = [...guide.matchAll(/^\| `((?:apps|libs)\/[^`]+)` \|/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(templatePaths());
  });

  it('refuses a bad name or department code with a clear message, and writes nothing', async () => {
    const before = registries();
    const refusals: [string[], RegExp][] = [
      [['Demo-Licensing', '--department', DEPARTMENT], /must be kebab-case/],
      [['demo_licensing', '--department', DEPARTMENT], /must be kebab-case/],
      [['1demo', '--department', DEPARTMENT], /must be kebab-case/],
      [['demo--licensing', '--department', DEPARTMENT], /must be kebab-case/],
      [[NAME], /--department <code> is missing/],
      [[NAME, '--department', 'Demo Dept'], /department code "Demo Dept" must be/],
      [[NAME, '--department', 'x'], /department code "x" must be/],
      [[NAME, '--department', DEPARTMENT, '--item', 'bad item'], /item code "bad item" must be/],
      [['tax', '--department', 'tax'], /apps\/tax already exists/],
      [['platform', '--department', DEPARTMENT], /reserved/],
      [[NAME, '--department', DEPARTMENT, '--force'], /unknown option --force/],
    ];
    for (const [args, message] of refusals) {
      const refused = await generator(...args);
      expect({ args, code: refused.code }).toEqual({ args, code: 2 });
      expect(refused.stderr).toMatch(message);
      expect(refused.stderr).toContain('usage: npm run new-service');
    }
    expect(existsSync(join(copy, 'apps', NAME))).toBe(false);
    expect(registries()).toBe(before);
  });

  it('writes the service, its contract, registrations, local entry and Kubernetes manifests', async () => {
    const generated = await run(copy, 'npm', ['run', '--silent', 'new-service', '--', NAME, '--department', DEPARTMENT]);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    for (const file of [
      'apps/demo-licensing/project.json',
      'apps/demo-licensing/README.md',
      'apps/demo-licensing/src/main.ts',
      'apps/demo-licensing/src/demo-licensing.app.ts',
      'apps/demo-licensing/src/demo-licensing.int.spec.ts',
      'apps/demo-licensing/src/application/application.decider.ts',
      'apps/demo-licensing/src/application/application.handler.ts',
      'libs/contracts/src/demo-licensing.ts',
      'libs/contracts/src/proto/demo-licensing.proto',
      'deploy/k8s/base/services/demo-licensing/deployment.yaml',
    ]) {
      expect({ file, exists: existsSync(join(copy, file)) }).toEqual({ file, exists: true });
    }
    expect(existsSync(join(copy, 'apps/demo-licensing/src/shared'))).toBe(false);

    const services = (JSON.parse(read(copy, 'deploy/local/services.json')) as { services: { name: string; database: string; httpPort: number; grpcPort: number }[] }).services;
    const entry = services.find((s) => s.name === NAME);
    expect(entry).toMatchObject({ database: 'gov_demo_licensing', main: 'apps/demo-licensing/src/main.js' });
    expect(new Set(services.map((s) => s.httpPort)).size).toBe(services.length);
    expect(new Set(services.map((s) => s.grpcPort)).size).toBe(services.length);
    expect(read(copy, 'apps/demo-licensing/src/demo-licensing.config.ts')).toContain(`HTTP_PORT = ${entry?.httpPort}`);
    // Supervision subscribes to the events topic of every service in SERVICES.
    expect(read(copy, 'libs/contracts/src/services.ts')).toMatch(/demoLicensing: 'demo-licensing'/);
    expect(read(copy, 'libs/contracts/src/services.ts')).toMatch(/demo: 'demo'/);
    expect(read(copy, 'libs/contracts/src/index.ts')).toContain("export * from './demo-licensing';");
    const stale = await run(copy, process.execPath, ['deploy/k8s/generate.mjs', '--check']);
    expect(stale.stderr).toBe('');
    expect(stale.code).toBe(0);
    // Its manifests rendered and validated against the Kubernetes and operator schemas, as in npm test.
    const schemas = process.env.K8S_SCHEMAS_DIR || join(repoRoot, '..', 'shared', 'k8s-schemas');
    const k8s = await run(copy, process.execPath, ['deploy/k8s/check.mjs'], 120_000, { K8S_SCHEMAS_DIR: schemas });
    expect(k8s.stdout + k8s.stderr).toMatch(/validated against their schemas/);
    expect(k8s.code).toBe(0);
    expect(read(copy, 'deploy/k8s/base/kustomization.yaml')).toContain('services/demo-licensing');
  }, 240_000);

  it('type-checks the repository with the new service and lints its files', async () => {
    // Supervision, as configured by default, must follow the new service's cases (run below).
    mkdirSync(join(copy, 'tests', 'generated'), { recursive: true });
    cpSync(join(__dirname, 'fixtures', 'demo-licensing-supervision.spec.ts.fixture'), join(copy, 'tests', 'generated', 'demo-licensing-supervision.spec.ts'));
    const tsc = await run(copy, bin(copy, 'tsc'), ['-p', 'tsconfig.json', '--noEmit']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
    // The module-boundary rule reads Nx's project graph, which must include the new project.
    const projects = await run(copy, bin(copy, 'nx'), ['show', 'projects']);
    expect(projects.stdout.split('\n')).toContain(NAME);
    const lint = await run(copy, bin(copy, 'eslint'), ['apps/demo-licensing', 'libs/contracts/src']);
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.code).toBe(0);
  }, 240_000);

  it("passes the new service's own unit, contract and integration tests on the real PostgreSQL and Kafka, and supervision follows its cases", async () => {
    // The write-path check reads every service in services.json: the new one too.
    const jest = await run(copy, bin(copy, 'jest'), ['--ci', '--runInBand', 'apps/demo-licensing', 'tests/generated', 'tests/workspace/write-path']);
    const summary = jest.stderr;
    // Every spec the generator writes, and the supervision check.
    const suites = templatePaths().filter((p) => p.startsWith('apps/') && p.endsWith('.spec.ts')).length + 2;
    expect(summary).toContain(`Test Suites: ${suites} passed, ${suites} total`);
    expect(summary).toContain('demo-licensing-supervision.spec.ts');
    expect(summary).toContain('write-path.spec.ts');
    expect(summary).not.toMatch(/(Tests|Test Suites):.*failed/);
    expect(summary).toContain('demo-licensing.int.spec.ts');
    expect(jest.code).toBe(0);
    // Its capability folders import downward only (the check reads every service in services.json).
    const imports = await run(copy, bin(copy, 'jest'), ['--ci', '--runInBand', 'tests/workspace/capability-imports', '-t', 'demo-licensing has no import cycle']);
    expect(imports.stderr).toMatch(/Tests:\s+\d+ skipped, 1 passed/);
    expect(imports.code).toBe(0);
  }, 240_000);

  it('refuses to generate a service whose name is taken, and changes nothing', async () => {
    const before = registries();
    const app = read(copy, 'apps/demo-licensing/src/demo-licensing.app.ts');
    const again = await generator(NAME, '--department', DEPARTMENT);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('apps/demo-licensing already exists');
    expect(registries()).toBe(before);
    expect(read(copy, 'apps/demo-licensing/src/demo-licensing.app.ts')).toBe(app);
  });
});
