import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdtempSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './processes';

/**
 * A broker of a test's own (KRaft, same jars as deploy/local), for fault tests
 * that stop and restart Kafka without disturbing the shared broker.
 */
export class DedicatedKafka {
  readonly dataDir: string;

  constructor(readonly port: number) {
    // .local is absent on a fresh clone whose shared broker was started elsewhere.
    mkdirSync(join(REPO_ROOT, '.local'), { recursive: true });
    this.dataDir = mkdtempSync(join(REPO_ROOT, '.local', `kafka-test-${port}-`));
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  start(): void {
    // deploy/local/kafka.mjs is ESM; run it in a child that exits once the broker answers.
    const script = `import(${JSON.stringify(join(REPO_ROOT, 'deploy', 'local', 'kafka.mjs'))}).then((m) => m.ensureKafka({ port: ${this.port}, dataDir: ${JSON.stringify(this.dataDir)}, heap: '384m' })).catch((e) => { console.error(e); process.exit(1); })`;
    execFileSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  }

  /** SIGTERM: a controlled shutdown, as an operator or Kubernetes would do it. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    const pidFile = join(this.dataDir, 'kafka.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    rmSync(pidFile);
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      execFileSync('sleep', ['0.2']);
    }
    process.kill(pid, 'SIGKILL');
  }

  destroy(): void {
    this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
