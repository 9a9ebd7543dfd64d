// Small helpers for benchmarks: every figure is printed beside a baseline measured in the same run.
import { readdirSync, readFileSync } from 'node:fs';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
}

export interface Comparison {
  readonly metric: string;
  readonly subject: number;
  readonly baseline: number;
  readonly unit: string;
  /** subject / baseline must be ≥ this (throughput) or ≤ this (latency: set lowerIsBetter). */
  readonly target?: number;
  readonly lowerIsBetter?: boolean;
}

export function report(title: string, rows: readonly Comparison[], notes: readonly string[] = []): boolean {
  const out: string[] = [`\n${title}`, '-'.repeat(title.length)];
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  let ok = true;
  for (const r of rows) {
    const ratio = r.subject / r.baseline;
    let verdict = '';
    if (r.target !== undefined) {
      const pass = r.lowerIsBetter ? ratio <= r.target : ratio >= r.target;
      ok &&= pass;
      verdict = `${pass ? 'PASS' : 'FAIL'} (target ${r.lowerIsBetter ? '≤' : '≥'} ${r.target})`;
    }
    out.push(`${r.metric.padEnd(46)} ${fmt(r.subject).padStart(10)} ${r.unit.padEnd(9)} baseline ${fmt(r.baseline).padStart(10)}  ratio ${ratio.toFixed(2)}  ${verdict}`);
  }
  for (const n of notes) out.push(n);
  process.stdout.write(`${out.join('\n')}\n`);
  return ok;
}

export async function concurrently(workers: number, fn: (worker: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: workers }, (_, w) => fn(w)));
}

/** Busy CPU time of the whole machine so far, in seconds (Linux /proc/stat; every process, the database and broker included). */
export function machineCpuSeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - cpu[3] - cpu[4];
  return busy / 100;
}

/** The shared processes every CPU breakdown names: this bench, PostgreSQL's backends, the Kafka broker. */
export function sharedProcessLabel(pid: number, cmdline: string): string | undefined {
  if (pid === process.pid) return 'bench';
  if (cmdline.startsWith('postgres') || cmdline.includes('/bin/postgres ')) return 'postgres';
  return cmdline.includes('kafka.Kafka') ? 'kafka' : undefined;
}

/** CPU seconds used so far by each group of processes, grouped by a label taken from the command line. */
export function cpuSecondsByProcess(label: (pid: number, cmdline: string) => string | undefined): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const name = label(Number(entry), cmdline);
      if (!name) continue;
      // Fields after the command name (which is in parentheses and may hold spaces): utime is 14th, stime 15th.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(name, (ticks.get(name) ?? 0) + Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  return new Map([...ticks].map(([k, v]) => [k, v / 100]));
}
