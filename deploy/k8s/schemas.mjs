// Validates rendered manifests against real schemas, offline:
//   - Kubernetes kinds with the `kubernetes-models` package (its JSON schemas, compiled);
//   - Prometheus Operator kinds with `@kubernetes-models/prometheus-operator`;
//   - Strimzi and CloudNativePG kinds with the operators' own CRD openAPIV3Schema
//     (../shared/k8s-schemas beside the repository, or K8S_SCHEMAS_DIR), through ajv.
// The CRD schemas are read as the API server reads them with strict field validation:
// a field the schema does not declare is an error (unless the schema preserves unknown
// fields), which is how a typo in a custom resource would be refused by `kubectl apply`.
// CEL rules (x-kubernetes-validations) are not evaluated: they need the API server.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** Where the operators' CRDs are: K8S_SCHEMAS_DIR, else ../shared/k8s-schemas next to the repository. */
export function schemasDir(repoRoot) {
  return process.env.K8S_SCHEMAS_DIR || join(repoRoot, '..', 'shared', 'k8s-schemas');
}

const PROMETHEUS_GROUP = 'monitoring.coreos.com';

/** Declares every undeclared field an error, as strict field validation does, except where the schema keeps unknown fields. */
function strict(schema) {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(strict);
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    // x-kubernetes-validations and descriptions hold no schema; leave them as they are.
    out[k] = k === 'x-kubernetes-validations' || k === 'description' || k === 'default' || k === 'example' ? v : strict(v);
  }
  if (out['x-kubernetes-int-or-string'] && !out.anyOf && !out.oneOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function loadYaml(repoRoot) {
  const req = createRequire(join(repoRoot, 'package.json'));
  const YAML = req('yaml');
  return (text) => YAML.parseAllDocuments(text).map((d) => d.toJS());
}

/** The CRDs under dir: `group/version/kind` → openAPIV3Schema. */
function readCrds(dir, parseYaml) {
  const out = new Map();
  const visit = (d) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) visit(p);
      else if (/\.ya?ml$/.test(name.name)) {
        for (const doc of parseYaml(readFileSync(p, 'utf8'))) {
          if (doc?.kind !== 'CustomResourceDefinition') continue;
          for (const v of doc.spec.versions ?? []) {
            if (v.served === false || !v.schema?.openAPIV3Schema) continue;
            out.set(`${doc.spec.group}/${v.name}/${doc.spec.names.kind}`, { schema: v.schema.openAPIV3Schema, file: p });
          }
        }
      }
    }
  };
  visit(dir);
  return out;
}

/**
 * Returns `validate(doc)` → list of messages (empty when valid). Throws when the CRD
 * directory is missing: a check that cannot see the operators' schemas must not pass.
 */
export async function createValidator(repoRoot, dir = schemasDir(repoRoot)) {
  if (!existsSync(dir)) {
    throw new Error(
      `operator CRD schemas not found at ${dir}: expected ../shared/k8s-schemas beside the repository (see its README), or set K8S_SCHEMAS_DIR`,
    );
  }
  const parseYaml = loadYaml(repoRoot);
  const crds = readCrds(dir, parseYaml);
  if (crds.size === 0) throw new Error(`no CustomResourceDefinition under ${dir}`);
  const { default: Ajv } = await import('ajv');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's numeric formats, as the API server checks them.
  ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  const { ObjectMeta } = await import('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta');

  const compiled = new Map();
  const models = new Map();

  async function model(apiVersion, kind) {
    const key = `${apiVersion}/${kind}`;
    if (models.has(key)) return models.get(key);
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const spec = group === PROMETHEUS_GROUP ? `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}` : `kubernetes-models/${apiVersion}/${kind}`;
    let found = null;
    try {
      const mod = await import(spec);
      found = mod[kind] ?? null;
    } catch (error) {
      if (error?.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
    models.set(key, found);
    return found;
  }

  function crdValidator(apiVersion, kind) {
    const key = `${apiVersion}/${kind}`;
    if (compiled.has(key)) return compiled.get(key);
    const crd = crds.get(key);
    const fn = crd ? ajv.compile(strict(crd.schema)) : null;
    compiled.set(key, fn);
    return fn;
  }

  const format = (errors) =>
    (errors ?? []).map((e) => {
      const where = e.instancePath || '/';
      if (e.keyword === 'additionalProperties') return `${where}: unknown field "${e.params.additionalProperty}"`;
      if (e.keyword === 'enum') return `${where}: ${e.message} (${e.params.allowedValues.join(', ')})`;
      return `${where}: ${e.message}`;
    });

  return {
    crdKinds: [...crds.keys()],
    async validate(doc) {
      const { apiVersion, kind } = doc ?? {};
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['apiVersion and kind are required'];
      const crd = crdValidator(apiVersion, kind);
      if (crd) {
        const problems = crd(doc) ? [] : format(crd.errors);
        try {
          if (doc.metadata) new ObjectMeta(doc.metadata).validate();
        } catch (error) {
          problems.push(...format(error.errors).map((m) => `/metadata${m === '/' ? '' : m}`));
        }
        return problems;
      }
      const Model = await model(apiVersion, kind);
      if (!Model) return [`no schema for ${apiVersion} ${kind} (neither a Kubernetes kind, a Prometheus Operator kind, nor a CRD in ${dir})`];
      try {
        new Model(doc).validate();
        return [];
      } catch (error) {
        if (!error?.errors) throw error;
        return format(error.errors);
      }
    },
  };
}
