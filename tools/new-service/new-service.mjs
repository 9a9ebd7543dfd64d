#!/usr/bin/env node
// npm run new-service -- <name> --department <code> [--item <catalog item code>]
//
// Writes a department service that runs and passes its tests as generated: the
// app (config, module, one capability: decider, commands, events, thin command
// handler, REST + gRPC, projection + query, case lifecycle for supervision,
// unit, contract and integration tests, README), its contract and .proto in
// libs/contracts, its entries in SERVICES/DEPARTMENTS, deploy/local/services.json
// and the Kubernetes manifests (deploy/k8s/generate.mjs). docs/SERVICE-GUIDE.md
// describes every file it writes. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const templates = join(here, 'templates');

export const NAME_RULE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const DEPARTMENT_RULE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const ITEM_RULE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;
// Words the repository already uses for something else (libs, folders, contract files).
const RESERVED = new Set(['apps', 'libs', 'tests', 'tools', 'deploy', 'docs', 'dist', 'shared', 'platform', 'contracts', 'index', 'services', 'case-lifecycle', 'testing', 'proto']);

class UsageError extends Error {}

const camel = (kebab) => kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (kebab) => camel(kebab).replace(/^[a-z]/, (c) => c.toUpperCase());

function parseArgs(argv) {
  const args = { name: undefined, department: undefined, item: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--department') args.department = value();
    else if (a.startsWith('--department=')) args.department = a.slice('--department='.length);
    else if (a === '--item') args.item = value();
    else if (a.startsWith('--item=')) args.item = a.slice('--item='.length);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (args.name === undefined) args.name = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!args.name) throw new UsageError('the service name is missing');
  if (!args.department) throw new UsageError('--department <code> is missing');
  return args;
}

/** The `KEY: 'value'` entries of `export const <object> = { ... } as const;` in a TypeScript source. */
function constEntries(source, object) {
  const block = new RegExp(`export const ${object} = \\{([\\s\\S]*?)\\} as const;`).exec(source);
  if (!block) throw new Error(`libs/contracts/src/services.ts: ${object} not found`);
  return { block, entries: [...block[1].matchAll(/^\s*(\w+): '([^']*)',?/gm)].map(([, key, value]) => ({ key, value })) };
}

function addEntry(source, object, key, value) {
  const { block } = constEntries(source, object);
  const body = block[1].replace(/\s*$/, '');
  const updated = `export const ${object} = {${body}${body.endsWith(',') ? '' : ','}\n  ${key}: '${value}',\n} as const;`;
  return source.slice(0, block.index) + updated + source.slice(block.index + block[0].length);
}

function projectNames(root) {
  const names = new Set();
  for (const top of ['apps', 'libs']) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    for (const p of readdirSync(dir)) {
      const file = join(dir, p, 'project.json');
      if (existsSync(file)) names.add(JSON.parse(readFileSync(file, 'utf8')).name ?? p);
      names.add(p);
    }
  }
  return names;
}

/** Everything the generator will write, or a UsageError saying why it won't. */
export function plan(root, argv) {
  const { name, department, item } = parseArgs(argv);
  if (!NAME_RULE.test(name) || name.length < 2 || name.length > 40) {
    throw new UsageError(`service name "${name}" must be kebab-case: 2-40 lowercase letters, digits and single hyphens, starting with a letter (e.g. demo-licensing)`);
  }
  if (!DEPARTMENT_RULE.test(department) || department.length < 2 || department.length > 32) {
    throw new UsageError(`department code "${department}" must be 2-32 lowercase letters, digits and single hyphens, starting with a letter (e.g. health, market-regulation)`);
  }
  if (item !== undefined && (!ITEM_RULE.test(item) || item.length > 32)) {
    throw new UsageError(`item code "${item}" must be 1-32 uppercase letters, digits and single hyphens, as in the catalog (e.g. WJW-01-01)`);
  }
  if (RESERVED.has(name)) throw new UsageError(`service name "${name}" is reserved in this repository; choose another`);
  if (existsSync(join(root, 'apps', name))) throw new UsageError(`apps/${name} already exists: a service of that name is there; choose another name`);
  if (projectNames(root).has(name)) throw new UsageError(`a project named "${name}" already exists; choose another name`);
  const servicesJsonPath = join(root, 'deploy', 'local', 'services.json');
  const servicesJson = JSON.parse(readFileSync(servicesJsonPath, 'utf8'));
  if (servicesJson.services.some((s) => s.name === name)) throw new UsageError(`deploy/local/services.json already has a service "${name}"; choose another name`);
  const snake = name.replace(/-/g, '_');
  const database = `gov_${snake}`;
  if (servicesJson.services.some((s) => s.database === database)) throw new UsageError(`database ${database} is already used by another service; choose another name`);

  const servicesTsPath = join(root, 'libs', 'contracts', 'src', 'services.ts');
  let servicesTs = readFileSync(servicesTsPath, 'utf8');
  const services = constEntries(servicesTs, 'SERVICES').entries;
  const departments = constEntries(servicesTs, 'DEPARTMENTS').entries;
  // A planned service (in SERVICES already, e.g. health-licensing) keeps its key.
  let serviceKey = services.find((s) => s.value === name)?.key;
  if (!serviceKey) {
    serviceKey = camel(name);
    if (services.some((s) => s.key === serviceKey)) throw new UsageError(`SERVICES already has a key ${serviceKey} for another service; choose another name`);
    servicesTs = addEntry(servicesTs, 'SERVICES', serviceKey, name);
  }
  let departmentKey = departments.find((d) => d.value === department)?.key;
  if (!departmentKey) {
    departmentKey = camel(department);
    if (departments.some((d) => d.key === departmentKey)) throw new UsageError(`DEPARTMENTS already has a key ${departmentKey} for another code; choose another department code`);
    servicesTs = addEntry(servicesTs, 'DEPARTMENTS', departmentKey, department);
  }

  const httpPort = Math.max(...servicesJson.services.map((s) => s.httpPort)) + 1;
  const grpcPort = Math.max(...servicesJson.services.map((s) => s.grpcPort)) + 1;
  const values = {
    __ITEM_CODE__: item ?? `${name.toUpperCase()}-01`,
    __serviceKey__: serviceKey,
    __departmentKey__: departmentKey,
    __name__: name,
    __Name__: pascal(name),
    __nameCamel__: camel(name),
    __name_snake__: snake,
    __NAME_CONST__: snake.toUpperCase(),
    __namePackage__: name.replace(/-/g, ''),
    __httpPort__: String(httpPort),
    __grpcPort__: String(grpcPort),
    __department__: department,
  };
  const tokens = Object.keys(values).sort((a, b) => b.length - a.length);
  const render = (text) => tokens.reduce((out, token) => out.split(token).join(values[token]), text);

  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.tmpl')) files.push({ path: render(relative(templates, path).slice(0, -'.tmpl'.length)), text: render(readFileSync(path, 'utf8')) });
    }
  };
  walk(templates);
  for (const f of files) {
    const left = /__[A-Za-z][A-Za-z_]*__/.exec(f.text);
    if (left) throw new Error(`template ${f.path}: unknown placeholder ${left[0]}`);
    if (existsSync(join(root, f.path))) throw new UsageError(`${f.path} already exists; choose another name`);
  }

  const indexPath = join(root, 'libs', 'contracts', 'src', 'index.ts');
  const index = readFileSync(indexPath, 'utf8');
  const exportLines = [`export * from './${name}';`, `export * from './${name}.parse';`].filter((line) => !index.includes(line));
  const edits = [
    { path: servicesTsPath, text: servicesTs },
    { path: indexPath, text: exportLines.length ? `${index.replace(/\n*$/, '\n')}${exportLines.join('\n')}\n` : index },
    {
      path: servicesJsonPath,
      text: `${JSON.stringify({ ...servicesJson, services: [...servicesJson.services, { name, main: `apps/${name}/src/main.js`, database, httpPort, grpcPort }] }, null, 2)}\n`,
    },
  ];
  return { name, department, serviceKey, departmentKey, httpPort, grpcPort, database, itemCode: values.__ITEM_CODE__, files, edits };
}

export function generate(root, argv) {
  const p = plan(root, argv);
  for (const f of p.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.text);
  }
  for (const e of p.edits) writeFileSync(e.path, e.text);
  // The Kubernetes manifests derive from services.json.
  const k8s = spawnSync(process.execPath, [join(root, 'deploy', 'k8s', 'generate.mjs')], { cwd: root, encoding: 'utf8' });
  if (k8s.status !== 0) throw new Error(`deploy/k8s/generate.mjs failed:\n${k8s.stderr || k8s.stdout}`);
  return p;
}

const USAGE = 'usage: npm run new-service -- <name> --department <code> [--item <catalog item code>]\n';

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(`${USAGE}Writes a department service that passes its tests as generated; docs/SERVICE-GUIDE.md lists the files.\n`);
} else if (isMain) {
  const root = join(here, '..', '..');
  try {
    const p = generate(root, process.argv.slice(2));
    const out = process.stdout;
    out.write(`new-service: wrote ${p.name} (department ${p.department}, item ${p.itemCode})\n`);
    for (const f of p.files) out.write(`  ${f.path}\n`);
    out.write(`  libs/contracts/src/services.ts       SERVICES.${p.serviceKey}, DEPARTMENTS.${p.departmentKey}\n`);
    out.write(`  libs/contracts/src/index.ts          export * from './${p.name}' and './${p.name}.parse'\n`);
    out.write(`  deploy/local/services.json           http ${p.httpPort}, grpc ${p.grpcPort}, database ${p.database}\n`);
    out.write(`  deploy/k8s/                          regenerated (node deploy/k8s/generate.mjs)\n`);
    out.write(`next: npm test -- apps/${p.name}; then replace the application capability's rules (docs/SERVICE-GUIDE.md)\n`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`new-service: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`new-service: ${error.stack ?? error}\n`);
    process.exit(1);
  }
}
