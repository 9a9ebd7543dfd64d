// Starts the local services for `npm start` and waits for them to be ready. A service
// that exits during start (its port taken, a bad variable, no database) is reported at
// once with the cause read from its log, instead of after the readiness timeout.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { waitFor } from './util.mjs';

/** The line of a start-up log that says why the process stopped: the last error-like line, stack frames left out. */
export function startFailureCause(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() && !/^\s+at\s/.test(l) && !/^\s*\^+\s*$/.test(l));
  const describe = (line) => {
    try {
      const j = JSON.parse(line);
      const parts = [j.msg ?? j.message, j.err?.message ?? j.error?.message ?? (typeof j.error === 'string' ? j.error : undefined)].filter(Boolean);
      return parts.length ? parts.join(': ') : line;
    } catch {
      return line;
    }
  };
  // Best first: an error's own line or a "failed to start", then a JSON error entry, then any error-like line.
  const ranked = [
    (l) => /^(\w+)?(Error|Exception)( \[\w+\])?: /.test(l.trim()) || /failed to start/i.test(l),
    (l) => /"level"\s*:\s*("error"|"fatal"|50|60)/.test(l),
    (l) => /\b(error|failed|fatal|EADDRINUSE|ECONNREFUSED|EACCES|refused|denied|invalid|cannot)\b/i.test(l) && !/throw er;|Emitted 'error' event/.test(l),
  ];
  let pick;
  for (const test of ranked) {
    pick = lines.filter(test).at(-1);
    if (pick) break;
  }
  pick ??= lines.filter((l) => !/^Node\.js v\d/.test(l)).at(-1);
  return pick ? describe(pick) : 'it wrote nothing to its log';
}

/** Spawns one service detached, appending to <runDir>/<name>.log; remembers where this start's output begins. */
export function launch({ name, command, args, env, cwd, runDir }) {
  const logFile = join(runDir, `${name}.log`);
  const offset = existsSync(logFile) ? statSync(logFile).size : 0;
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', out, out], env });
  closeSync(out);
  const started = { name, pid: child.pid, logFile, offset, exit: null };
  child.on('exit', (code, signal) => (started.exit = { code, signal }));
  child.on('error', (error) => (started.exit = { code: null, signal: null, error }));
  child.unref();
  writeFileSync(join(runDir, `${name}.pid`), String(child.pid));
  return started;
}

function exitError(s, cwd) {
  const text = readFileSync(s.logFile).subarray(s.offset).toString('utf8');
  const how = s.exit.error ? `could not run (${s.exit.error.message})` : `exited with ${s.exit.code ?? s.exit.signal}`;
  const error = new Error(`${s.name} ${how} during start: ${startFailureCause(text)}\n  (log: ${relative(cwd, s.logFile)})`);
  error.fatal = true;
  return error;
}

/** `probe()`, or false once `ms` have passed: a probe that hangs must not hold up the exit check. */
function within(ms, probe) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([Promise.resolve().then(probe).catch(() => false), late]).finally(() => clearTimeout(timer));
}

/**
 * Waits until every started service answers `ready(service)`; fails as soon as one exits,
 * naming the cause from its log. Services marked `note` (already running) are only probed.
 */
export async function waitUntilReady(started, { ready, timeoutMs = 60_000, probeTimeoutMs = 2000, cwd = process.cwd() }) {
  await waitFor(
    'the services to be ready',
    timeoutMs,
    async () => {
      for (const s of started) if (s.exit) throw exitError(s, cwd);
      const answers = await Promise.all(started.map((s) => (s.isReady ? true : within(probeTimeoutMs, () => ready(s)))));
      answers.forEach((ok, i) => (started[i].isReady = ok));
      for (const s of started) if (s.exit) throw exitError(s, cwd);
      return answers.every(Boolean);
    },
    250,
  );
}

/**
 * The ports of `services` something already listens on: a service started there would die
 * (or, worse, another process would answer its readiness probe). [{ service, port, what }].
 */
export async function portsTaken(services, isOpen) {
  const taken = [];
  for (const s of services) {
    for (const [what, port] of [
      ['HTTP', s.httpPort],
      ['gRPC', s.grpcPort],
    ]) {
      if (port && (await isOpen(port))) taken.push({ service: s.name, port, what });
    }
  }
  return taken;
}
