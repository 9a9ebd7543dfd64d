#!/usr/bin/env node
// Validates the deployment artifacts without a cluster or a Docker engine:
//
//   node deploy/k8s/check.mjs [--k8s-dir <a copy of deploy/k8s>]
//
// 1. every YAML file under deploy/k8s parses; every resource has apiVersion, kind and
//    metadata.name; no Secret is committed; no resource pins its own namespace;
// 2. every kustomization's resources, components and patch files exist, and every
//    resource file is listed by some kustomization;
// 3. the generated manifests are up to date with deploy/local/services.json;
// 4. each Deployment has readiness/liveness probes on /health/ready and /health/live,
//    requests and limits, a non-root read-only securityContext, secrets only from
//    Secrets, NODE_ENV=production, DEV_TOKEN_ISSUER=disabled, and a termination grace
//    period longer than preStop + SHUTDOWN_GRACE_MS;
// 5. renders base, both overlays and production with the Prometheus component with
//    `kustomize build` or `kubectl kustomize` (missing: the check fails; `npm run infra`
//    installs kubectl), validates every rendered resource against its schema
//    (Kubernetes kinds: kubernetes-models; Prometheus Operator kinds:
//    @kubernetes-models/prometheus-operator; Strimzi and CloudNativePG kinds: the
//    operators' CRDs in ../shared/k8s-schemas, see schemas.mjs), and checks the result
//    as a whole (references between resources, per-service completeness, production's
//    replicas, PostgreSQL instances, topic settings);
// 6. the Docker build context (.dockerignore) holds what deploy/docker/Dockerfile needs
//    and nothing it must not (node_modules, dist, .git, .env, keys).
//
// Parses YAML with the `yaml` package from node_modules, or python3's PyYAML.
import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative, basename, sep, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { render as renderGenerated, services as listServices, topics as topicsOf, pgCluster } from './generate.mjs';
import { createValidator } from './schemas.mjs';
import { kustomizeCommand } from '../local/tools.mjs';

const generatorDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(generatorDir, '..', '..');
// The tree checked: deploy/k8s, or a copy of it (the tests check mutated copies).
const dirArg = process.argv.indexOf('--k8s-dir');
const here = dirArg > 0 ? resolve(process.argv[dirArg + 1]) : generatorDir;
const rel = (p) => (p.startsWith(here) && here !== generatorDir ? `k8s${p.slice(here.length)}` : relative(repoRoot, p) || '.');

/** Secrets the operators create (deploy/README.md, "Secrets"); pg-<service>-app come from CloudNativePG. */
const EXTERNAL_SECRETS = { 'gov-auth': ['AUTH_JWKS_URL'], 'tax-bank': ['BANK_HMAC_SECRET'] };
const SECRET_ENV = /SECRET|PASSWORD|PRIVATE_KEY|DATABASE_URL|JWKS|TOKEN_KEY|API_KEY/;

const problems = [];
const notes = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);
let checks = 0;
const ok = () => checks++;

// --- YAML -------------------------------------------------------------------------

function yamlLoader() {
  try {
    const req = createRequire(join(repoRoot, 'package.json'));
    const YAML = req('yaml');
    let version = '?';
    try {
      for (let dir = dirname(req.resolve('yaml')); dir !== dirname(dir); dir = dirname(dir)) {
        const pkg = join(dir, 'package.json');
        if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'yaml') {
          version = JSON.parse(readFileSync(pkg, 'utf8')).version;
          break;
        }
      }
    } catch {
      /* the version is only reported */
    }
    notes.push(`YAML parser: yaml ${version} (node_modules)`);
    return (text) =>
      YAML.parseAllDocuments(text).map((doc) => {
        if (doc.errors?.length) throw new Error(doc.errors.map((e) => e.message).join('; '));
        return doc.toJS ? doc.toJS() : doc.toJSON();
      });
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
  }
  const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  if (probe.status === 0) {
    notes.push('YAML parser: python3 PyYAML');
    const script = 'import sys, json, yaml\nprint(json.dumps(list(yaml.safe_load_all(sys.stdin.read())), default=str))';
    return (text) => {
      const r = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(r.stderr.trim().split('\n').pop());
      return JSON.parse(r.stdout);
    };
  }
  process.stderr.write('no YAML parser: run `npm ci` (for node_modules/yaml) or install python3-yaml\n');
  process.exit(2);
}
const parseYaml = yamlLoader();

// --- 1. Files -----------------------------------------------------------------------

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

const yamlFiles = [...walk(here)].filter((p) => /\.ya?ml$/.test(p));
const parsed = new Map(); // path → docs
for (const path of yamlFiles) {
  try {
    parsed.set(path, parseYaml(readFileSync(path, 'utf8')).filter((d) => d !== null && d !== undefined));
    ok();
  } catch (error) {
    fail(rel(path), `YAML does not parse: ${error.message}`);
  }
}

const isKustomization = (p) => /^kustomization\.ya?ml$/.test(basename(p));
const isPatch = (p) => p.split(sep).includes('patches');
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

for (const [path, docs] of parsed) {
  if (isKustomization(path) || isPatch(path)) continue;
  docs.forEach((doc, i) => {
    const where = `${rel(path)}#${i + 1}`;
    if (typeof doc !== 'object' || Array.isArray(doc)) return fail(where, 'not a mapping');
    if (!doc.apiVersion) fail(where, 'missing apiVersion');
    if (!doc.kind) fail(where, 'missing kind');
    const name = doc.metadata?.name;
    if (!name) fail(where, 'missing metadata.name');
    else if (!NAME.test(name) || name.length > 253) fail(where, `metadata.name "${name}" is not a valid Kubernetes name`);
    if (doc.kind === 'Secret') fail(where, 'a Secret in the repository: secrets are created in the cluster, never committed');
    if (doc.metadata?.namespace && doc.kind !== 'Namespace') fail(where, 'sets metadata.namespace; the overlays set the namespace');
    ok();
  });
}

// --- 2. Kustomizations ------------------------------------------------------------------

const listed = new Set();
for (const [path, docs] of parsed) {
  if (!isKustomization(path)) continue;
  const k = docs[0] ?? {};
  const dir = dirname(path);
  const where = rel(path);
  if (!['Kustomization', 'Component'].includes(k.kind)) fail(where, `kind ${k.kind}, expected Kustomization or Component`);
  const refs = [
    ...(k.resources ?? []).map((r) => ['resource', r]),
    ...(k.components ?? []).map((r) => ['component', r]),
    ...(k.patches ?? []).filter((p) => p.path).map((p) => ['patch', p.path]),
    ...(k.patchesStrategicMerge ?? []).map((p) => ['patch', p]),
    ...(k.configMapGenerator ?? []).flatMap((g) => [...(g.files ?? []), ...(g.envs ?? [])].map((f) => ['configMapGenerator file', f.split('=').pop()])),
  ];
  for (const [what, ref] of refs) {
    if (/^(https?:|git[@:]|github\.com)/.test(ref)) {
      fail(where, `${what} ${ref} is remote; keep everything in the repository`);
      continue;
    }
    const target = join(dir, ref);
    if (!existsSync(target)) fail(where, `${what} ${ref} does not exist`);
    else if (statSync(target).isDirectory() && !['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(target, f)))) {
      fail(where, `${what} ${ref} is a directory without a kustomization`);
    } else listed.add(target);
    ok();
  }
}
for (const path of parsed.keys()) {
  if (isKustomization(path)) continue;
  if (!listed.has(path)) fail(rel(path), 'not listed by any kustomization (resources, components or patches)');
}

// --- 3. Generated files -------------------------------------------------------------------

const servicesJson = listServices();
for (const [generatedPath, text] of renderGenerated()) {
  const path = join(here, relative(generatorDir, generatedPath));
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) fail(rel(path), 'stale: run `node deploy/k8s/generate.mjs`');
  ok();
}

// --- 4. Deployments -----------------------------------------------------------------------

function configValue(configMaps, name, key) {
  for (const cm of configMaps) if (cm.name === name && cm.data?.[key] !== undefined) return cm.data[key];
  return undefined;
}

function checkDeployment(d, where, configMaps) {
  const pod = d.spec?.template?.spec ?? {};
  const containers = pod.containers ?? [];
  if (!containers.length) return fail(where, 'no containers');
  const podSc = pod.securityContext ?? {};
  if (pod.automountServiceAccountToken !== false) fail(where, 'automountServiceAccountToken should be false (the services call no Kubernetes API)');
  for (const c of containers) {
    const at = `${where} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (c.readinessProbe?.httpGet?.path !== '/health/ready') fail(at, 'readinessProbe must GET /health/ready');
    if (c.livenessProbe?.httpGet?.path !== '/health/live') fail(at, 'livenessProbe must GET /health/live');
    for (const kind of ['requests', 'limits']) for (const r of ['cpu', 'memory']) if (!c.resources?.[kind]?.[r]) fail(at, `resources.${kind}.${r} missing`);
    const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const runAsUser = sc.runAsUser ?? podSc.runAsUser;
    if (runAsNonRoot !== true) fail(at, 'runAsNonRoot must be true');
    if (runAsUser === 0) fail(at, 'runAsUser 0 (root)');
    if (sc.readOnlyRootFilesystem !== true) fail(at, 'readOnlyRootFilesystem must be true');
    if (sc.allowPrivilegeEscalation !== false) fail(at, 'allowPrivilegeEscalation must be false');
    if (sc.privileged) fail(at, 'privileged');
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail(at, 'capabilities must drop ALL');
    if (sc.readOnlyRootFilesystem && !(c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp')) fail(at, 'read-only root filesystem without a writable /tmp');
    const env = new Map((c.env ?? []).map((e) => [e.name, e]));
    for (const e of c.env ?? []) {
      if (SECRET_ENV.test(e.name) && e.value !== undefined) fail(at, `${e.name} is inline; it must come from a Secret (valueFrom.secretKeyRef)`);
    }
    for (const name of ['DATABASE_URL', 'AUTH_JWKS_URL']) {
      if (!env.get(name)?.valueFrom?.secretKeyRef) fail(at, `${name} must come from a Secret`);
    }
    if (env.get('NODE_ENV')?.value !== 'production') fail(at, 'NODE_ENV must be set to production in env');
    if (env.get('DEV_TOKEN_ISSUER')?.value !== 'disabled') fail(at, 'DEV_TOKEN_ISSUER must be set to disabled in env');
    if (!env.get('SERVICE')?.value) fail(at, 'SERVICE (which app the image runs) missing');
    for (const ref of c.envFrom ?? []) {
      if (ref.secretRef) fail(at, 'envFrom secretRef: name each secret variable explicitly instead');
    }
    const sleep = c.lifecycle?.preStop?.exec?.command;
    const preStopSeconds = Array.isArray(sleep) && sleep[0] === 'sleep' ? Number(sleep[1]) : c.lifecycle?.preStop?.sleep?.seconds;
    if (!preStopSeconds) fail(at, 'no preStop sleep: endpoints may still route to a terminating pod');
    const graceMs = Number(
      env.get('SHUTDOWN_GRACE_MS')?.value ??
        (c.envFrom ?? []).map((r) => r.configMapRef && configValue(configMaps, r.configMapRef.name, 'SHUTDOWN_GRACE_MS')).reverse().find((v) => v !== undefined) ??
        10_000,
    );
    const termination = pod.terminationGracePeriodSeconds ?? 30;
    if (termination * 1000 <= graceMs + (preStopSeconds ?? 0) * 1000) {
      fail(at, `terminationGracePeriodSeconds ${termination} s is not longer than preStop ${preStopSeconds ?? 0} s + SHUTDOWN_GRACE_MS ${graceMs} ms`);
    }
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    if (!ports.has('http') || !ports.has('grpc')) fail(at, 'container ports http and grpc expected');
    ok();
  }
}

/** ConfigMaps a kustomization dir generates (name → literals), for the source-level check. */
function generatedConfigMaps() {
  const out = [];
  for (const [path, docs] of parsed) {
    if (!isKustomization(path)) continue;
    for (const g of docs[0]?.configMapGenerator ?? []) {
      const data = Object.fromEntries((g.literals ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      out.push({ name: g.name, data });
    }
  }
  return out;
}

const sourceConfigMaps = generatedConfigMaps();
const sourceDeployments = [];
for (const [path, docs] of parsed) {
  docs.forEach((d, i) => {
    if (d?.kind === 'Deployment' && !isPatch(path)) {
      sourceDeployments.push(d.metadata?.name);
      checkDeployment(d, `${rel(path)}#${i + 1} Deployment ${d.metadata?.name}`, sourceConfigMaps);
    }
  });
}
for (const s of servicesJson) if (!sourceDeployments.includes(s.name)) fail('deploy/k8s/base', `no Deployment for service ${s.name} (deploy/local/services.json)`);

// --- 5. Rendered overlays -------------------------------------------------------------------

function renderer() {
  const found = kustomizeCommand();
  return found && { name: found.name, run: (dir) => spawnSync(found.cmd, [...found.args, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }) };
}

let validator;
try {
  validator = await createValidator(repoRoot);
} catch (error) {
  fail('schemas', error.message);
}

/** Every rendered resource against its Kubernetes, Prometheus Operator or CRD schema. */
async function checkSchemas(target, docs) {
  if (!validator) return;
  for (const d of docs) {
    for (const message of await validator.validate(d)) fail(`render ${target} ${d.kind} ${d.metadata?.name}`, `schema: ${message}`);
    ok();
  }
}

const matches = (selector = {}, labels = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);

function checkRendered(target, docs) {
  const where = `render ${target}`;
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata.name === name);
  const deployments = byKind('Deployment');
  const configMaps = byKind('ConfigMap').map((cm) => ({ name: cm.metadata.name, data: cm.data }));
  const overlay = target.startsWith('overlays/') ? target.split('/')[1] : null;
  const namespace = overlay ? byKind('Namespace')[0]?.metadata.name : undefined;
  if (overlay && !namespace) fail(where, 'no Namespace');

  for (const d of docs) {
    if (!d.apiVersion || !d.kind || !d.metadata?.name) fail(where, `resource without apiVersion/kind/name: ${JSON.stringify(d).slice(0, 80)}`);
    if (d.kind === 'Secret') fail(where, `Secret ${d.metadata.name} rendered: secrets are never part of the manifests`);
    if (namespace && d.kind !== 'Namespace' && d.metadata.namespace !== namespace) fail(where, `${d.kind} ${d.metadata.name} is not in namespace ${namespace}`);
  }

  for (const d of deployments) {
    const at = `${where} Deployment ${d.metadata.name}`;
    checkDeployment(d, at, configMaps);
    const podLabels = d.spec.template.metadata.labels;
    if (!matches(d.spec.selector.matchLabels, podLabels)) fail(at, 'selector does not match the pod labels');
    const c = d.spec.template.spec.containers[0];
    for (const ref of c.envFrom ?? []) if (ref.configMapRef && !find('ConfigMap', ref.configMapRef.name)) fail(at, `ConfigMap ${ref.configMapRef.name} not rendered`);
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) continue;
      const cluster = /^(.+)-app$/.exec(ref.name)?.[1];
      if (cluster && find('Cluster', cluster)) {
        if (ref.key !== 'uri') fail(at, `${e.name}: CloudNativePG's app secret key is "uri", not "${ref.key}"`);
      } else if (!EXTERNAL_SECRETS[ref.name]?.includes(ref.key)) fail(at, `${e.name}: Secret ${ref.name}/${ref.key} is neither from CloudNativePG nor documented`);
    }
    if (overlay && !c.image.includes('/')) fail(at, `image ${c.image} has no registry: set it with the overlay's images:`);
    const svc = byKind('Service').find((s) => matches(s.spec.selector, podLabels));
    if (!svc) fail(at, 'no Service selects it');
    else {
      const names = svc.spec.ports.map((p) => p.name);
      if (!names.includes('http') || !names.includes('grpc')) fail(at, `Service ${svc.metadata.name} lacks http and grpc ports`);
    }
    if (!byKind('PodDisruptionBudget').some((p) => matches(p.spec.selector.matchLabels, podLabels))) fail(at, 'no PodDisruptionBudget');
    const np = byKind('NetworkPolicy').find((p) => matches(p.spec.podSelector.matchLabels, podLabels) && Object.keys(p.spec.podSelector.matchLabels ?? {}).length);
    if (!np) fail(at, 'no NetworkPolicy');
    else {
      const types = np.spec.policyTypes ?? [];
      if (!types.includes('Ingress') || !types.includes('Egress')) fail(at, 'NetworkPolicy must restrict both Ingress and Egress');
      const egressPorts = (np.spec.egress ?? []).flatMap((r) => (r.ports ?? []).map((p) => p.port));
      for (const port of [5432, 9092, 53]) if (!egressPorts.includes(port)) fail(at, `NetworkPolicy allows no egress to port ${port}`);
      const fromNs = (np.spec.ingress ?? []).flatMap((r) => (r.from ?? []).map((f) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']));
      for (const ns of ['ingress-nginx', 'monitoring']) if (!fromNs.includes(ns)) fail(at, `NetworkPolicy admits nothing from namespace ${ns}`);
      if ((np.spec.ingress ?? []).some((r) => !r.from)) fail(at, 'NetworkPolicy has an ingress rule open to every source');
    }
    const anno = d.spec.template.metadata.annotations ?? {};
    if (anno['prometheus.io/scrape'] !== 'true' || anno['prometheus.io/path'] !== '/metrics') fail(at, 'prometheus.io scrape annotations missing');
    const hpa = byKind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === d.metadata.name);
    if (overlay === 'production') {
      if ((d.spec.replicas ?? 1) < 2) fail(at, `production runs ${d.spec.replicas ?? 1} replica(s); at least 2`);
      if (!hpa) fail(at, 'production has no HorizontalPodAutoscaler');
      else if (hpa.spec.minReplicas < 2) fail(at, `HPA minReplicas ${hpa.spec.minReplicas} < 2`);
      else if (hpa.spec.minReplicas !== d.spec.replicas) fail(at, `replicas ${d.spec.replicas} differs from HPA minReplicas ${hpa.spec.minReplicas}`);
    }
    ok();
  }
  for (const h of byKind('HorizontalPodAutoscaler')) {
    if (!find(h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name)) fail(where, `HPA ${h.metadata.name} targets a missing ${h.spec.scaleTargetRef.kind}`);
    const maxPartitions = Math.min(...byKind('KafkaTopic').map((t) => t.spec.partitions));
    if (h.spec.maxReplicas > maxPartitions) notes.push(`${where}: HPA ${h.metadata.name} may exceed ${maxPartitions} partitions; extra replicas idle as consumers`);
  }
  for (const ing of byKind('Ingress')) {
    for (const rule of ing.spec.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const b = p.backend.service;
        const svc = find('Service', b.name);
        if (!svc) fail(where, `Ingress ${ing.metadata.name} ${rule.host}${p.path} → missing Service ${b.name}`);
        else if (!svc.spec.ports.some((sp) => sp.name === b.port.name || sp.port === b.port.number)) fail(where, `Ingress ${ing.metadata.name} → Service ${b.name} has no port ${b.port.name ?? b.port.number}`);
        if (['/health', '/metrics'].some((x) => p.path.startsWith(x))) fail(where, `Ingress exposes ${p.path}`);
      }
    }
  }

  // Infrastructure: one database per service, topics per service, Kafka sized for them.
  const kafka = byKind('Kafka')[0];
  const brokers = byKind('KafkaNodePool')
    .filter((p) => p.spec.roles.includes('broker'))
    .reduce((n, p) => n + p.spec.replicas, 0);
  if (!kafka) fail(where, 'no Kafka');
  const kafkaConfig = kafka?.spec.kafka.config ?? {};
  if (Number(kafkaConfig['default.replication.factor']) > brokers) fail(where, `Kafka default.replication.factor exceeds ${brokers} broker(s)`);
  if (Number(kafkaConfig['offsets.topic.replication.factor']) > brokers) fail(where, `offsets.topic.replication.factor exceeds ${brokers} broker(s)`);
  if (String(kafkaConfig['auto.create.topics.enable']) !== 'false') fail(where, 'Kafka auto.create.topics.enable must be false');
  for (const t of byKind('KafkaTopic')) {
    const at = `${where} KafkaTopic ${t.metadata.name}`;
    if (t.metadata.labels?.['strimzi.io/cluster'] !== kafka?.metadata.name) fail(at, 'strimzi.io/cluster label does not name the Kafka cluster');
    const minIsr = Number(t.spec.config?.['min.insync.replicas']);
    if (t.spec.replicas > brokers) fail(at, `replicas ${t.spec.replicas} > ${brokers} broker(s)`);
    if (!(minIsr >= 1 && minIsr <= t.spec.replicas)) fail(at, `min.insync.replicas ${minIsr} vs replicas ${t.spec.replicas}`);
    if (overlay === 'production') {
      if (t.spec.partitions !== 6) fail(at, `partitions ${t.spec.partitions}, production expects 6`);
      if (t.spec.replicas !== 3) fail(at, `replicas ${t.spec.replicas}, production expects 3`);
      if (minIsr !== 2) fail(at, `min.insync.replicas ${minIsr}, production expects 2`);
    }
    ok();
  }
  if (overlay === 'production' && brokers < 3) fail(where, `production has ${brokers} broker(s); at least 3`);
  for (const c of byKind('Cluster')) {
    const at = `${where} Cluster ${c.metadata.name}`;
    const sync = c.spec.postgresql?.synchronous;
    if (sync && sync.number >= c.spec.instances) fail(at, `synchronous.number ${sync.number} needs more than ${c.spec.instances} instance(s); writes would block`);
    if (!c.spec.bootstrap?.initdb?.database || !c.spec.bootstrap?.initdb?.owner) fail(at, 'bootstrap.initdb needs database and owner (the app secret)');
    const maxConn = Number(c.spec.postgresql?.parameters?.max_connections ?? 100);
    const owner = deployments.find((d) => pgCluster(d.metadata.name) === c.metadata.name);
    const hpa = owner && byKind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === owner.metadata.name);
    if (owner) {
      const pool = Number(configValue(configMaps, owner.spec.template.spec.containers[0].envFrom.map((r) => r.configMapRef?.name).find((n) => n?.startsWith(owner.metadata.name)), 'DB_POOL_MAX') ?? 20);
      const pods = (hpa?.spec.maxReplicas ?? owner.spec.replicas ?? 1) + 1; // + one surge pod during a rollout
      const needed = pods * (pool + 2); // pool + relay lock connection + listener
      if (needed > maxConn - 10) fail(at, `${pods} pods × (DB_POOL_MAX ${pool} + 2) = ${needed} connections exceed max_connections ${maxConn} less reserve`);
    }
    if (overlay === 'production') {
      if (c.spec.instances !== 3) fail(at, `instances ${c.spec.instances}, production expects 3`);
      if (!sync) fail(at, 'production without synchronous replication');
    }
    ok();
  }
  for (const s of servicesJson) {
    const at = `${where} service ${s.name}`;
    if (!find('Deployment', s.name)) fail(at, 'no Deployment');
    const cluster = find('Cluster', pgCluster(s.name));
    if (!cluster) fail(at, `no PostgreSQL Cluster ${pgCluster(s.name)}`);
    else if (cluster.spec.bootstrap.initdb.database !== s.database) fail(at, `database ${cluster.spec.bootstrap.initdb.database}, services.json says ${s.database}`);
    for (const t of topicsOf(s.name)) if (!docs.some((d) => d.kind === 'KafkaTopic' && d.spec.topicName === t)) fail(at, `no KafkaTopic ${t}`);
    if (overlay && !byKind('Ingress').some((i) => i.spec.rules.some((r) => r.http.paths.some((p) => p.backend.service.name === s.name)))) fail(at, 'not reachable through an Ingress');
    ok();
  }
  // Supervision subscribes to the events topics SUPERVISED_SERVICES names: each must be a KafkaTopic.
  for (const cm of configMaps) {
    for (const name of (cm.data?.SUPERVISED_SERVICES ?? '').split(',').filter(Boolean)) {
      if (!docs.some((d) => d.kind === 'KafkaTopic' && d.spec.topicName === `gov.${name}.events.v1`)) {
        fail(where, `ConfigMap ${cm.name}: SUPERVISED_SERVICES names ${name}, which has no events KafkaTopic`);
      }
    }
  }
}

const kustomize = renderer();
if (!kustomize) {
  fail('render', 'neither kustomize nor kubectl is installed: `npm run infra` installs kubectl into .local/tools');
} else {
  notes.push(`rendering with ${kustomize.name}`);
  for (const target of ['base', 'overlays/staging', 'overlays/production']) {
    const r = kustomize.run(join(here, target));
    if (r.status !== 0) {
      fail(`render ${target}`, (r.stderr || r.error?.message || 'failed').trim());
      continue;
    }
    let docs;
    try {
      docs = parseYaml(r.stdout).filter(Boolean);
    } catch (error) {
      fail(`render ${target}`, `output does not parse: ${error.message}`);
      continue;
    }
    await checkSchemas(target, docs);
    try {
      checkRendered(target, docs);
    } catch (error) {
      // A resource the schemas refused may lack what the cross-checks read.
      fail(`render ${target}`, `cross-checks stopped: ${error.message}`);
    }
    notes.push(`${target}: ${docs.length} resources rendered, validated against their schemas and checked`);
  }
  // The optional Prometheus Operator component must render on top of an overlay.
  const tmp = mkdtempSync(join(tmpdir(), 'gov-k8s-check-'));
  try {
    writeFileSync(
      join(tmp, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: gov-production\nresources:\n  - ${relative(tmp, join(here, 'overlays', 'production'))}\ncomponents:\n  - ${relative(tmp, join(here, 'components', 'prometheus-operator'))}\n`,
    );
    const r = kustomize.run(tmp);
    if (r.status !== 0) fail('render production + components/prometheus-operator', (r.stderr || 'failed').trim());
    else {
      const docs = parseYaml(r.stdout).filter(Boolean);
      await checkSchemas('production + components/prometheus-operator', docs.filter((d) => d.apiVersion.startsWith('monitoring.coreos.com/')));
      for (const kind of ['PodMonitor', 'PrometheusRule']) {
        const d = docs.find((x) => x.kind === kind);
        if (!d) fail('components/prometheus-operator', `${kind} not rendered`);
        else if (d.metadata.namespace !== 'gov-production') fail('components/prometheus-operator', `${kind} not in the overlay's namespace`);
      }
      const pm = docs.find((x) => x.kind === 'PodMonitor');
      const scraped = docs.filter((x) => x.kind === 'Deployment' && matches(pm?.spec.selector.matchLabels, x.spec.template.metadata.labels));
      if (scraped.length !== docs.filter((x) => x.kind === 'Deployment').length) fail('components/prometheus-operator', 'PodMonitor does not select every service');
      notes.push(`components/prometheus-operator renders on production (${scraped.length} services scraped)`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// --- 6. Docker build context --------------------------------------------------------------

function dockerignore() {
  const path = join(repoRoot, '.dockerignore');
  if (!existsSync(path)) {
    fail('.dockerignore', 'missing: the build context (repo root) would include node_modules, dist and .git');
    return null;
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      const re = pattern
        .split('/')
        .map((part) => (part === '**' ? '(?:.*)' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
      return { negate, re: new RegExp(`^${re}$`) };
    });
}

/** Docker's rule: the last matching pattern wins; a pattern matching a parent directory excludes its contents. */
function excluded(rules, path) {
  const parts = path.split('/');
  let out = false;
  for (const { negate, re } of rules) {
    for (let i = 1; i <= parts.length; i++) {
      if (re.test(parts.slice(0, i).join('/'))) {
        out = !negate;
        break;
      }
    }
  }
  return out;
}

function checkDockerContext() {
  const rules = dockerignore();
  if (!rules) return;
  const included = [];
  let bytes = 0;
  const skipped = [];
  const visit = (dir) => {
    for (const name of readdirSync(join(repoRoot, dir))) {
      const p = dir ? `${dir}/${name}` : name;
      const st = statSync(join(repoRoot, p));
      if (st.isDirectory()) {
        // Heavy directories that must be excluded are checked, not walked.
        if (['node_modules', '.git', '.local', 'dist', '.nx'].includes(name)) {
          if (!excluded(rules, p)) fail('.dockerignore', `${p}/ is part of the build context`);
          else skipped.push(p);
          continue;
        }
        visit(p);
      } else if (!excluded(rules, p)) {
        included.push(p);
        bytes += st.size;
      }
    }
  };
  visit('');
  const has = (p) => included.includes(p);
  const required = ['package.json', 'package-lock.json', '.swcrc', 'tsconfig.base.json', 'deploy/docker/start-service.sh'];
  for (const f of readdirSync(join(repoRoot, 'deploy', 'local')).filter((f) => f.endsWith('.mjs'))) required.push(`deploy/local/${f}`);
  for (const s of servicesJson) {
    const main = s.main.replace(/\.js$/, '.ts');
    if (existsSync(join(repoRoot, main))) required.push(main);
    else notes.push(`docker context: ${main} does not exist yet`);
  }
  for (const f of required) if (!has(f)) fail('.dockerignore', `${f} is excluded but the image build needs it`);
  const assets = included.filter((p) => /^(apps|libs)\//.test(p) && /\.(json|proto|csv|jsonl|sql)$/.test(p) && !p.endsWith('project.json'));
  for (const p of [...walkRepo('apps'), ...walkRepo('libs')]) {
    if (/\.(proto|csv|jsonl|sql)$/.test(p) || (/\/(data|hall|house-transfer-tax)\//.test(p) && p.endsWith('.json'))) {
      if (!has(p)) fail('.dockerignore', `${p} (a runtime asset) is excluded`);
    }
  }
  for (const p of included) {
    if (/(^|\/)\.env(\.|$)/.test(p) || /\.(pem|key)$/.test(p)) fail('.dockerignore', `${p} (a secret or key) is in the build context`);
    if (/\.spec\.ts$/.test(p)) fail('.dockerignore', `${p} (a test) is in the build context`);
  }
  notes.push(`docker context: ${included.length} files, ${(bytes / 1024).toFixed(0)} KiB (${assets.length} runtime assets; ${skipped.join(', ')} excluded)`);

  const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const expect = (re, message) => (re.test(dockerfile) ? ok() : fail('deploy/docker/Dockerfile', message));
  expect(/ARG NODE_IMAGE=node:24-bookworm-slim/, 'base image should be node:24-bookworm-slim');
  expect(/npm ci\b/, 'dependencies must be installed with npm ci');
  expect(/node deploy\/local\/cli\.mjs build/, 'must build with node deploy/local/cli.mjs build');
  expect(/npm prune --omit=dev/, 'must prune dev dependencies');
  expect(/NODE_ENV=production/, 'NODE_ENV=production missing');
  expect(/ENTRYPOINT \["\/usr\/bin\/tini",[^\]]*"--"/, 'tini must be PID 1 (signals reach node)');
  const users = lines.filter((l) => /^USER\s/.test(l));
  const lastUser = users.at(-1)?.split(/\s+/)[1] ?? 'root';
  if (!/^[1-9]\d*(:\d+)?$/.test(lastUser)) fail('deploy/docker/Dockerfile', `final USER ${lastUser} must be a numeric non-root uid (Kubernetes runAsNonRoot)`);
  const uid = Number(lastUser.split(':')[0]);
  for (const [path, docs] of parsed) {
    for (const d of docs) {
      const user = d?.kind === 'Deployment' ? d.spec.template.spec.securityContext?.runAsUser : undefined;
      if (user !== undefined && user !== uid) fail(rel(path), `runAsUser ${user} differs from the image's USER ${uid}`);
    }
  }
  for (const l of lines.filter((x) => /^COPY\s/.test(x) && !/--from=/.test(x))) {
    const args = l.split(/\s+/).slice(1).filter((a) => !a.startsWith('--'));
    for (const src of args.slice(0, -1)) {
      if (src === '.') continue;
      if (!has(src) && !included.some((p) => p.startsWith(`${src}/`))) fail('deploy/docker/Dockerfile', `COPY ${src}: not in the build context`);
    }
  }
  const entry = readFileSync(join(repoRoot, 'deploy', 'docker', 'start-service.sh'), 'utf8');
  if (!/exec node --enable-source-maps /.test(entry)) fail('deploy/docker/start-service.sh', 'must `exec node --enable-source-maps` (node replaces the shell and receives the signals)');
  if (!/start-service/.test(lines.find((l) => l.startsWith('ENTRYPOINT')) ?? '')) fail('deploy/docker/Dockerfile', 'ENTRYPOINT should run start-service under tini');
  if ((statSync(join(repoRoot, 'deploy', 'docker', 'start-service.sh')).mode & 0o111) === 0) notes.push('start-service.sh is not executable in the work tree (the Dockerfile sets 0755 anyway)');
  ok();
}

function walkRepo(top) {
  const out = [];
  const visit = (dir) => {
    if (!existsSync(join(repoRoot, dir))) return;
    for (const name of readdirSync(join(repoRoot, dir))) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = `${dir}/${name}`;
      if (statSync(join(repoRoot, p)).isDirectory()) visit(p);
      else out.push(p);
    }
  };
  visit(top);
  return out;
}

checkDockerContext();

// --- README mentions every secret it requires ------------------------------------------------

const readmePath = join(repoRoot, 'deploy', 'README.md');
if (existsSync(readmePath)) {
  const readme = readFileSync(readmePath, 'utf8');
  for (const [secret, keys] of Object.entries(EXTERNAL_SECRETS)) {
    if (!readme.includes(secret)) fail('deploy/README.md', `does not document Secret ${secret}`);
    for (const key of keys) if (!readme.includes(key)) fail('deploy/README.md', `does not document ${secret}/${key}`);
  }
} else fail('deploy/README.md', 'missing');

// --- Report -------------------------------------------------------------------------------------

for (const n of notes) process.stdout.write(`  ${n}\n`);
if (problems.length) {
  process.stderr.write(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`deploy check: ${yamlFiles.length} YAML files, ${checks} checks passed\n`);
