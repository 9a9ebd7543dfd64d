// deploy/k8s/check.mjs renders every overlay with kustomize and validates each resource
// against the Kubernetes, Prometheus Operator and operator CRD schemas. It must pass on
// the real manifests and fail, naming the field, on each mutation below.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const k8s = join(repoRoot, 'deploy', 'k8s');

function check(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(k8s, 'check.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** Replaces exactly one occurrence, so a mutation that no longer applies fails the test instead of passing it. */
function mutate(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1)).toBe(-1);
  writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
}

describe('Kubernetes manifests (deploy/k8s/check.mjs)', () => {
  it('renders every overlay and finds every resource valid against its schema', () => {
    const { status, out } = check();
    expect(out).toContain('overlays/production: ');
    expect(out).toMatch(/validated against their schemas/);
    expect(status).toBe(0);
  });

  describe('on a mutated copy', () => {
    let dir: string;
    let result: { status: number | null; out: string };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'gov-k8s-mutated-'));
      cpSync(k8s, dir, { recursive: true, filter: (src) => !src.endsWith('.mjs') });
      // A Strimzi enum: the listener type.
      mutate(join(dir, 'base/infrastructure/kafka.yaml'), 'type: internal\n', 'type: internall\n');
      // A field the CloudNativePG Cluster does not declare.
      mutate(join(dir, 'base/infrastructure/postgres.yaml'), '  primaryUpdateStrategy: unsupervised\n  bootstrap:\n    initdb:\n      database: gov_tax\n', '  primaryUpdateStrategy: unsupervised\n  instancez: 2\n  bootstrap:\n    initdb:\n      database: gov_tax\n');
      // A Kubernetes type: an integer given as a word.
      mutate(join(dir, 'base/services/tax/deployment.yaml'), 'revisionHistoryLimit: 5', 'revisionHistoryLimit: five');
      // A Prometheus Operator type: a duration given as a number.
      mutate(join(dir, 'components/prometheus-operator/podmonitor.yaml'), 'interval: 30s', 'interval: 30');
      result = check(['--k8s-dir', dir]);
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fails', () => expect(result.status).toBe(1));

    it('names the Kafka listener type the Strimzi CRD refuses', () => {
      expect(result.out).toMatch(/render base Kafka gov-kafka: schema: \/spec\/kafka\/listeners\/0\/type: must be equal to one of the allowed values \(internal,/);
    });

    it('names the field the CloudNativePG CRD does not declare', () => {
      expect(result.out).toContain('render base Cluster pg-tax: schema: /spec: unknown field "instancez"');
    });

    it('names the Deployment field of the wrong type', () => {
      expect(result.out).toContain('render base Deployment tax: schema: /spec/revisionHistoryLimit: must be integer');
    });

    it('names the PodMonitor field of the wrong type', () => {
      expect(result.out).toMatch(/PodMonitor gov-services: schema: \/spec\/podMetricsEndpoints\/0\/interval: must be string/);
    });

    it('reports nothing against the resources left as they were', () => {
      const schemaProblems = result.out.split('\n').filter((l) => l.includes(': schema: '));
      const unexpected = schemaProblems.filter((l) => !/gov-kafka|pg-tax|Deployment tax|PodMonitor gov-services/.test(l));
      expect(unexpected).toEqual([]);
    });
  });

  it('fails clearly when the operators\' CRD schemas are not there', () => {
    const { status, out } = check([], { K8S_SCHEMAS_DIR: join(tmpdir(), 'no-such-k8s-schemas') });
    expect(status).toBe(1);
    expect(out).toContain('operator CRD schemas not found at');
  });
});
