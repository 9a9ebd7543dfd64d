// `npm start` (deploy/local/launch.mjs): a service that dies during start is reported at
// once with the cause from its log, not after the readiness timeout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const launchModule = join(__dirname, '..', '..', 'deploy', 'local', 'launch.mjs');

/** Runs an ESM snippet with `m` bound to launch.mjs; returns what it printed as JSON. */
function run<T>(body: string): T {
  const script = `const m = await import(${JSON.stringify(launchModule)});\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`snippet failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

describe('npm start: a service that dies during start', () => {
  let server: Server;
  let port: number;
  let runDir: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    runDir = mkdtempSync(join(tmpdir(), 'gov-start-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(runDir, { recursive: true, force: true });
  });

  it('is reported within seconds, with the cause from its log', () => {
    // A "service" whose port is taken: it dies with Node's unhandled EADDRINUSE and its stack.
    const service = `require('node:http').createServer().listen(${port}, '127.0.0.1')`;
    const result = run<{ error: string; ms: number }>(`
      const t = Date.now();
      const started = [m.launch({ name: 'demo', command: process.execPath, args: ['-e', ${JSON.stringify(service)}], env: process.env, cwd: ${JSON.stringify(runDir)}, runDir: ${JSON.stringify(runDir)} })];
      let error = 'none';
      try {
        await m.waitUntilReady(started, { ready: async () => false, timeoutMs: 60000, cwd: ${JSON.stringify(runDir)} });
      } catch (e) {
        error = e.message;
      }
      process.stdout.write(JSON.stringify({ error, ms: Date.now() - t }));
    `);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.error).toContain('demo exited with 1 during start: Error: listen EADDRINUSE: address already in use');
    expect(result.error).toContain(`${port}`);
    expect(result.error).toContain('(log: demo.log)');
    expect(result.error).not.toMatch(/\n\s+at /);
  });

  it('is reported even while a readiness probe hangs (another process holds the port without answering)', () => {
    const service = `setTimeout(() => { process.stderr.write('demo service failed to start: listen EADDRINUSE: address already in use 127.0.0.1:${port}\\n'); process.exit(1); }, 300)`;
    const result = run<{ error: string; ms: number }>(`
      const t = Date.now();
      const started = [m.launch({ name: 'hung', command: process.execPath, args: ['-e', ${JSON.stringify(service)}], env: process.env, cwd: ${JSON.stringify(runDir)}, runDir: ${JSON.stringify(runDir)} })];
      let error = 'none';
      try {
        await m.waitUntilReady(started, { ready: () => new Promise(() => undefined), probeTimeoutMs: 1000, timeoutMs: 60000, cwd: ${JSON.stringify(runDir)} });
      } catch (e) {
        error = e.message;
      }
      process.stdout.write(JSON.stringify({ error, ms: Date.now() - t }));
    `);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.error).toContain(`hung exited with 1 during start: demo service failed to start: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
  });

  it('names the ports another process already holds, before starting anything', () => {
    const taken = run<unknown[]>(`
      const { portOpen } = await import(${JSON.stringify(join(__dirname, '..', '..', 'deploy', 'local', 'util.mjs'))});
      const { createServer } = await import('node:net');
      const probe = createServer();
      await new Promise((r) => probe.listen(0, '127.0.0.1', r));
      const free = probe.address().port;
      await new Promise((r) => probe.close(r));
      const services = [{ name: 'a', httpPort: free, grpcPort: ${port} }, { name: 'b', httpPort: free, grpcPort: free }];
      process.stdout.write(JSON.stringify(await m.portsTaken(services, (p) => portOpen('127.0.0.1', p))));
    `);
    expect(taken).toEqual([{ service: 'a', port, what: 'gRPC' }]);
  });

  it('reads only this start from a log that earlier runs appended to', () => {
    const service = `process.stdout.write('{"level":"error","msg":"database unreachable","err":{"message":"connect ECONNREFUSED 127.0.0.1:5432"}}\\n'); process.exit(3)`;
    const result = run<{ error: string }>(`
      const { appendFileSync } = await import('node:fs');
      appendFileSync(${JSON.stringify(join(runDir, 'old.log'))}, 'Error: an old failure of another day\\n');
      const started = [m.launch({ name: 'old', command: process.execPath, args: ['-e', ${JSON.stringify(service)}], env: process.env, cwd: ${JSON.stringify(runDir)}, runDir: ${JSON.stringify(runDir)} })];
      let error = 'none';
      try {
        await m.waitUntilReady(started, { ready: async () => false, timeoutMs: 60000, cwd: ${JSON.stringify(runDir)} });
      } catch (e) {
        error = e.message;
      }
      process.stdout.write(JSON.stringify({ error }));
    `);
    expect(result.error).toContain('old exited with 3 during start: database unreachable: connect ECONNREFUSED 127.0.0.1:5432');
    expect(result.error).not.toContain('an old failure');
  });

  it('names the line that says why, from the logs the services write', () => {
    const causes = run<string[]>(`
      process.stdout.write(JSON.stringify([
        m.startFailureCause('{"level":"info","msg":"starting"}\\ntax service failed to start: listen EADDRINUSE: address already in use 0.0.0.0:3102\\n'),
        m.startFailureCause('node:events:497\\n      throw er; // Unhandled \\'error\\' event\\n      ^\\n\\nError: listen EADDRINUSE: address already in use :::3000\\n    at Server.setupListenHandle (node:net:1872:16)\\nEmitted \\'error\\' event on Server instance at:\\n    at emitErrorNT (node:net:1851:8)\\n\\nNode.js v20.20.2\\n'),
        m.startFailureCause('HTTP_PORT must be an integer between 1 and 65535\\n'),
        m.startFailureCause(''),
      ]));
    `);
    expect(causes).toEqual([
      'tax service failed to start: listen EADDRINUSE: address already in use 0.0.0.0:3102',
      'Error: listen EADDRINUSE: address already in use :::3000',
      'HTTP_PORT must be an integer between 1 and 65535',
      'it wrote nothing to its log',
    ]);
  });
});
