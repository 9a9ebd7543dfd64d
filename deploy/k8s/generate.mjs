#!/usr/bin/env node
// Writes the per-service Kubernetes manifests from deploy/local/services.json, so a
// new service gets its Deployment, Service, PDB, NetworkPolicy, database, topics,
// Ingress hosts and HPA from one entry. Plain Node, no dependencies.
//
//   node deploy/k8s/generate.mjs           write the files
//   node deploy/k8s/generate.mjs --check   exit 1 when a generated file is stale
//
// Hand-written (not touched here): base/infrastructure/{kustomization,kafka}.yaml,
// overlays/*/kustomization.yaml and overlays/*/patches/, components/.
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

// --- What every service shares ------------------------------------------------

export const PART_OF = 'gov-service-center';
export const IMAGE = 'gov-service-center'; // set per overlay with `images:` in its kustomization
export const HTTP_PORT = 3000; // container ports: the same in every pod (services.json ports are local only)
export const GRPC_PORT = 50051;
export const KAFKA_CLUSTER = 'gov-kafka';
export const KAFKA_CLIENT_LABEL = 'gov-service-center/kafka-client'; // admitted by the Kafka listener's network policy
export const PRE_STOP_SECONDS = 10; // endpoints/ingress stop routing to the pod before SIGTERM
export const TERMINATION_GRACE_SECONDS = 45; // preStop + SHUTDOWN_GRACE_MS (15 s) + consumers/relay stop, with margin
export const INGRESS_NAMESPACE = 'ingress-nginx';
export const MONITORING_NAMESPACE = 'monitoring';
export const CNPG_NAMESPACE = 'cnpg-system';

/** Hosts per overlay: REST+docs at <service>.<domain>, gRPC at <service>.grpc.<domain>. */
export const ENVIRONMENTS = {
  staging: { domain: 'staging.service-center.example', tlsSecret: 'service-center-staging-tls' },
  production: { domain: 'service-center.example', tlsSecret: 'service-center-tls' },
};

/**
 * What a service gets unless its entry in deploy/local/services.json says otherwise
 * (its optional `kubernetes` object): every field below can be set per service.
 *   config     variables for the service's own ConfigMap; the value "{{services}}" becomes
 *              the comma-separated names of the other services in services.json
 *   secretEnv  [{ name, secret, key }]: variables from Secrets beyond DATABASE_URL and
 *              AUTH_JWKS_URL, mounted into this service only
 */
export const SERVICE_DEFAULTS = { config: { DB_POOL_MAX: '10' }, secretEnv: [] };

/** A services.json entry with the per-service defaults filled in. */
export function withDefaults(s, all) {
  const k = s.kubernetes ?? {};
  const others = all.filter((o) => o.name !== s.name).map((o) => o.name).join(',');
  const config = Object.fromEntries(
    Object.entries({ ...SERVICE_DEFAULTS.config, ...(k.config ?? {}) }).map(([key, v]) => [key, String(v).replaceAll('{{services}}', others)]),
  );
  return { ...s, config, secretEnv: k.secretEnv ?? SERVICE_DEFAULTS.secretEnv };
}

export function services() {
  const list = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'local', 'services.json'), 'utf8')).services;
  return list.map((s) => withDefaults(s, list));
}

// --- A small YAML writer (maps, lists, scalars; enough for manifests) ---------

const PLAIN = /^[A-Za-z_./][A-Za-z0-9_./@ -]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s === '' || !PLAIN.test(s) || RESERVED.test(s) || s.endsWith(' ') || / #|: /.test(s)) return JSON.stringify(s);
  return s;
}

function isScalar(v) {
  return v === null || typeof v !== 'object';
}

function emit(value, indent) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) => {
        if (isScalar(item)) return `\n${pad}- ${scalar(item)}`;
        if (Array.isArray(item)) return `\n${pad}-${emit(item, indent + 2)}`;
        const body = emit(item, indent + 2); // "\n<pad+2>key: ..." → first line joins the dash
        return `\n${pad}- ${body.slice(indent + 3)}`;
      })
      .join('');
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return ' {}';
    return entries
      .map(([k, v]) => {
        const key = scalar(k);
        if (isScalar(v)) return `\n${pad}${key}: ${scalar(v)}`;
        if (Array.isArray(v)) return `\n${pad}${key}:${v.length === 0 ? ' []' : emit(v, indent)}`;
        return `\n${pad}${key}:${emit(v, indent + 2)}`;
      })
      .join('');
  }
  return ` ${scalar(value)}`;
}

export function toYaml(doc) {
  return `${emit(doc, 0).replace(/^\n/, '')}\n`;
}

const HEADER = '# Generated by deploy/k8s/generate.mjs from deploy/local/services.json; edit the generator, not this file.\n';

function file(docs, note) {
  const list = Array.isArray(docs) ? docs : [docs];
  return HEADER + (note ? `# ${note}\n` : '') + list.map(toYaml).join('---\n');
}

// --- Names --------------------------------------------------------------------

export const pgCluster = (svc) => `pg-${svc}`;
export const topics = (svc) => [`gov.${svc}.events.v1`, `gov.${svc}.commands.v1`].flatMap((t) => [t, `${t}.dlq`]);
const selector = (svc) => ({ 'app.kubernetes.io/name': svc });
const labels = (svc, component = 'service') => ({
  'app.kubernetes.io/name': svc,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/part-of': PART_OF,
});

// --- Per-service resources ----------------------------------------------------

function deployment(s) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: {
      // Stateless: any replica serves any request; Kafka consumer groups spread partitions
      // and one replica at a time holds the relay lock (others stand by).
      replicas: 2,
      revisionHistoryLimit: 5,
      minReadySeconds: 5,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: selector(s.name) },
      template: {
        metadata: {
          labels: { ...labels(s.name), [KAFKA_CLIENT_LABEL]: 'true' },
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(HTTP_PORT),
            'prometheus.io/path': '/metrics',
            'prometheus.io/scheme': 'http',
          },
        },
        spec: {
          serviceAccountName: s.name,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            fsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector(s.name) } },
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector(s.name) } },
          ],
          containers: [
            {
              name: 'service',
              image: IMAGE,
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' },
                { name: 'grpc', containerPort: GRPC_PORT, protocol: 'TCP' },
              ],
              envFrom: [{ configMapRef: { name: 'gov-common' } }, { configMapRef: { name: `${s.name}-config` } }],
              // Set here, after envFrom, so no ConfigMap edit can change them.
              env: [
                { name: 'SERVICE', value: s.name },
                { name: 'NODE_ENV', value: 'production' },
                { name: 'DEV_TOKEN_ISSUER', value: 'disabled' },
                // Written by CloudNativePG for the database owner: postgresql://…@pg-<service>-rw…/<database>
                { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `${pgCluster(s.name)}-app`, key: 'uri' } } },
                { name: 'AUTH_JWKS_URL', valueFrom: { secretKeyRef: { name: 'gov-auth', key: 'AUTH_JWKS_URL' } } },
                ...s.secretEnv.map((e) => ({ name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key } } })),
              ],
              // Migrations run before the HTTP server listens: give start-up up to 3 minutes.
              startupProbe: { httpGet: { path: '/health/live', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 36 },
              // 503 while PostgreSQL is unreachable or while draining; 200 "degraded" when only Kafka is down (ADR 0003).
              readinessProbe: { httpGet: { path: '/health/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2, successThreshold: 1 },
              livenessProbe: { httpGet: { path: '/health/live', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
              lifecycle: { preStop: { exec: { command: ['sleep', String(PRE_STOP_SECONDS)] } } },
              resources: {
                requests: { cpu: '250m', memory: '384Mi', 'ephemeral-storage': '64Mi' },
                limits: { cpu: '1', memory: '768Mi', 'ephemeral-storage': '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function service(s) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: {
      type: 'ClusterIP',
      selector: selector(s.name),
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'grpc', port: GRPC_PORT, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc' },
      ],
    },
  };
}

function serviceAccount(s) {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: s.name, labels: labels(s.name) }, automountServiceAccountToken: false };
}

function pdb(s) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: selector(s.name) } },
  };
}

function networkPolicy(s) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: {
      podSelector: { matchLabels: selector(s.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          // REST and gRPC through the ingress controller only.
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': INGRESS_NAMESPACE } } }],
          ports: [
            { protocol: 'TCP', port: 'http' },
            { protocol: 'TCP', port: 'grpc' },
          ],
        },
        {
          // Prometheus scrapes /metrics on the http port.
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 'http' }],
        },
      ],
      egress: [
        { to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': pgCluster(s.name) } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        {
          to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'strimzi.io/kind': 'Kafka' } } }],
          ports: [{ protocol: 'TCP', port: 9092 }],
        },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        // Token verification fetches the identity provider's JWKS (AUTH_JWKS_URL) over HTTPS.
        // Narrow this to the provider's address range or namespace where it is known.
        { ports: [{ protocol: 'TCP', port: 443 }] },
      ],
    },
  };
}

function serviceKustomization(s) {
  const literals = Object.entries(s.config).map(([k, v]) => `${k}=${v}`);
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['serviceaccount.yaml', 'deployment.yaml', 'service.yaml', 'pdb.yaml', 'networkpolicy.yaml'],
    // The service's own variables (a hash suffix rolls the pods when they change).
    configMapGenerator: [{ name: `${s.name}-config`, literals, options: { labels: labels(s.name) } }],
  };
}

// --- Infrastructure per service -----------------------------------------------

function postgresCluster(s) {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: pgCluster(s.name), labels: { ...labels(pgCluster(s.name), 'database'), 'gov-service-center/service': s.name } },
    spec: {
      // One primary and two replicas; a failover promotes a replica and moves the -rw service.
      instances: 3,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:17.5',
      primaryUpdateStrategy: 'unsupervised',
      // Only this service's database, owned by its own role; CloudNativePG writes
      // the role's credentials and a connection URI to the Secret pg-<service>-app.
      bootstrap: { initdb: { database: s.database, owner: s.database } },
      postgresql: {
        parameters: {
          max_connections: '200',
          shared_buffers: '256MB',
          // A relay replica that vanished without closing its connection loses the
          // advisory lock (and a standby takes over) within about 25 s.
          tcp_keepalives_idle: '10',
          tcp_keepalives_interval: '5',
          tcp_keepalives_count: '3',
          log_min_duration_statement: '1000',
        },
        // A commit is acknowledged only once a replica has it: a failover never loses
        // an event the relay may already have published.
        synchronous: { method: 'any', number: 1, dataDurability: 'required' },
      },
      storage: { size: '20Gi' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
      affinity: { enablePodAntiAffinity: true, topologyKey: 'kubernetes.io/hostname' },
    },
  };
}

function postgresNetworkPolicy(s) {
  const cluster = pgCluster(s.name);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: cluster, labels: { ...labels(cluster, 'database'), 'gov-service-center/service': s.name } },
    spec: {
      // A service never reads another service's database: only its own pods reach it.
      podSelector: { matchLabels: { 'cnpg.io/cluster': cluster } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: selector(s.name) } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        {
          // Replication and instance manager traffic inside the cluster.
          from: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': cluster } } }],
          ports: [
            { protocol: 'TCP', port: 5432 },
            { protocol: 'TCP', port: 8000 },
          ],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': CNPG_NAMESPACE } } }],
          ports: [
            { protocol: 'TCP', port: 8000 },
            { protocol: 'TCP', port: 5432 },
          ],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }],
          ports: [{ protocol: 'TCP', port: 9187 }],
        },
      ],
    },
  };
}

function kafkaTopic(name, svc) {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'app.kubernetes.io/part-of': PART_OF, 'gov-service-center/service': svc } },
    spec: {
      topicName: name,
      // Partitions bound the parallelism of each consumer group; key = stream id keeps
      // one aggregate's events in order on one partition. Never decrease.
      partitions: 6,
      replicas: 3,
      config: {
        'min.insync.replicas': '2',
        'cleanup.policy': 'delete',
        'retention.ms': name.endsWith('.dlq') ? '7776000000' : '2592000000', // 90 days for a DLQ, 30 days otherwise
        'unclean.leader.election.enable': 'false',
      },
    },
  };
}

// --- Overlay pieces -----------------------------------------------------------

function ingresses(list, env) {
  const { domain, tlsSecret } = ENVIRONMENTS[env];
  const rest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'gov-api',
      labels: { 'app.kubernetes.io/part-of': PART_OF },
      annotations: {
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
        // JSON bodies are capped at 1 MB by the services themselves (413); the register and
        // reference-price imports stream CSV/NDJSON files of any length, so nginx passes
        // bodies through unbuffered up to this size and waits for the import's answer.
        'nginx.ingress.kubernetes.io/proxy-body-size': '512m',
        'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '300',
      },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: list.map((s) => `${s.name}.${domain}`), secretName: tlsSecret }],
      // Per host, one per service: each service keeps its own /api/v1 and /docs.
      // Only these prefixes are routed: /health/* and /metrics stay inside the cluster.
      rules: list.map((s) => ({
        host: `${s.name}.${domain}`,
        http: {
          paths: ['/api/v1', '/docs'].map((path) => ({ path, pathType: 'Prefix', backend: { service: { name: s.name, port: { name: 'http' } } } })),
        },
      })),
    },
  };
  const grpc = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'gov-grpc',
      labels: { 'app.kubernetes.io/part-of': PART_OF },
      annotations: {
        'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC',
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
        // Client-streamed imports over gRPC: the same size and time bounds as over REST.
        'nginx.ingress.kubernetes.io/proxy-body-size': '512m',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '300',
      },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: list.map((s) => `${s.name}.grpc.${domain}`), secretName: tlsSecret }],
      rules: list.map((s) => ({
        host: `${s.name}.grpc.${domain}`,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: s.name, port: { name: 'grpc' } } } }] },
      })),
    },
  };
  return [rest, grpc];
}

function hpa(s) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name },
      // Not past the topics' 6 partitions: a consumer beyond that idles in its group
      // (HTTP would still scale, but the database connections would not: see deploy/README.md).
      minReplicas: 3,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
        scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
      },
    },
  };
}

function baseKustomization(list) {
  const doc = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    labels: [{ pairs: { 'app.kubernetes.io/part-of': PART_OF }, includeSelectors: false }],
    resources: ['infrastructure', ...list.map((s) => `services/${s.name}`)],
    // Variables every service reads (libs/platform/src/config/config.ts). Overlays merge
    // their own values; secrets are never here (see deploy/README.md, "Secrets").
    configMapGenerator: [
      {
        name: 'gov-common',
        literals: [
          'NODE_ENV=production',
          `HTTP_PORT=${HTTP_PORT}`,
          `GRPC_PORT=${GRPC_PORT}`,
          `KAFKA_BROKERS=${KAFKA_CLUSTER}-kafka-bootstrap:9092`,
          'LOG_LEVEL=info',
          'AUTH_ISSUER=https://id.service-center.example/realms/gov',
          'AUTH_AUDIENCE=gov-service-center',
          'DEV_TOKEN_ISSUER=disabled',
          'SHUTDOWN_GRACE_MS=15000',
          // Heap below the 768Mi memory limit, leaving room for buffers and native memory.
          'NODE_OPTIONS=--max-old-space-size=512',
        ],
      },
    ],
  };
  return file(doc);
}

// --- Write ----------------------------------------------------------------------

export function render() {
  const list = services();
  const out = new Map();
  const put = (rel, text) => out.set(join(here, rel), text);
  put('base/kustomization.yaml', baseKustomization(list));
  for (const s of list) {
    const dir = `base/services/${s.name}`;
    put(`${dir}/kustomization.yaml`, file(serviceKustomization(s)));
    put(`${dir}/serviceaccount.yaml`, file(serviceAccount(s)));
    put(`${dir}/deployment.yaml`, file(deployment(s)));
    put(`${dir}/service.yaml`, file(service(s)));
    put(`${dir}/pdb.yaml`, file(pdb(s)));
    put(`${dir}/networkpolicy.yaml`, file(networkPolicy(s)));
  }
  put(
    'base/infrastructure/postgres.yaml',
    file(list.flatMap((s) => [postgresCluster(s), postgresNetworkPolicy(s)]), 'CloudNativePG: one PostgreSQL cluster per service (needs the CloudNativePG operator, >= 1.25).'),
  );
  // Only the services listed: supervision's SUPERVISED_SERVICES names exactly these
  // (services.json), so it never creates a topic of a service not deployed yet.
  put(
    'base/infrastructure/kafka-topics.yaml',
    file(
      list.flatMap((s) => topics(s.name).map((t) => kafkaTopic(t, s.name))),
      'Strimzi topic operator: every service\'s events and commands topics and their DLQs.',
    ),
  );
  for (const env of Object.keys(ENVIRONMENTS)) put(`overlays/${env}/ingress.yaml`, file(ingresses(list, env)));
  put('overlays/production/hpa.yaml', file(list.map(hpa)));
  return out;
}

function staleServiceDirs(list) {
  const dir = join(here, 'base', 'services');
  if (!existsSync(dir)) return [];
  const names = new Set(list.map((s) => s.name));
  return readdirSync(dir).filter((n) => !names.has(n)).map((n) => join(dir, n));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const out = render();
  const stale = [];
  let written = 0;
  for (const [path, text] of out) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (current === text) continue;
    if (check) stale.push(relative(repoRoot, path));
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      written++;
      process.stdout.write(`wrote ${relative(repoRoot, path)}\n`);
    }
  }
  for (const dir of staleServiceDirs(services())) {
    if (check) stale.push(`${relative(repoRoot, dir)} (service no longer in services.json)`);
    else {
      rmSync(dir, { recursive: true, force: true });
      process.stdout.write(`removed ${relative(repoRoot, dir)}\n`);
    }
  }
  if (check && stale.length) {
    process.stderr.write(`generated manifests are stale; run node deploy/k8s/generate.mjs:\n  ${stale.join('\n  ')}\n`);
    process.exit(1);
  }
  if (!check) process.stdout.write(`${out.size} generated files (${written} changed)\n`);
}
