// ESLint rule: a domain file loads no driver, no framework and no event store,
// neither directly nor through anything it imports (a barrel such as @gov/platform,
// or a service's own helper that pulls in @nestjs/common). It follows the runtime
// imports of the project's own TypeScript sources, resolving @gov/* through
// tsconfig.base.json, and stops at packages from node_modules.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..');

function loadAliases(root) {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  return new Map(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, join(root, target)]));
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matchesPackage(name, patterns) {
  return patterns.some((p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

function resolveFile(base) {
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The modules a file loads when it runs: `import type` and `export type` are erased. */
function runtimeImports(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly) {
      out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

function createChecker({ root, packages, paths }) {
  const aliases = loadAliases(root);
  const forbiddenDirs = paths.map((p) => join(root, p));
  const underForbiddenDir = (file) => forbiddenDirs.some((d) => file === d || file.startsWith(d + sep));
  // file → the chain to the first forbidden module it loads, or null; shared by every file linted.
  const verdicts = new Map();

  /** Where a specifier leads: a forbidden package, a project file, or somewhere harmless. */
  function classify(fromFile, specifier) {
    if (specifier.startsWith('.')) {
      const base = resolve(dirname(fromFile), specifier);
      if (underForbiddenDir(base)) return { forbidden: relative(root, base) };
      const file = resolveFile(base);
      return file ? { file } : {};
    }
    const alias = aliases.get(specifier);
    if (alias) return underForbiddenDir(alias) ? { forbidden: specifier } : { file: alias };
    if (specifier.startsWith('node:')) return {};
    const name = packageName(specifier);
    return matchesPackage(name, packages) ? { forbidden: name } : {};
  }

  /** The chain of specifiers from `file` to a forbidden module, or null. */
  function chainFrom(file) {
    if (verdicts.has(file)) return verdicts.get(file);
    verdicts.set(file, null); // an import cycle is not a violation by itself
    let found = null;
    for (const specifier of runtimeImports(file)) {
      const target = classify(file, specifier);
      if (target.forbidden) found = [target.forbidden];
      else if (target.file) {
        const rest = chainFrom(target.file);
        if (rest) found = [relative(root, target.file), ...rest];
      }
      if (found) break;
    }
    verdicts.set(file, found);
    return found;
  }

  /** For an import written in a domain file: null when clean, else the chain that loads something forbidden. */
  return function check(fromFile, specifier, typeOnly) {
    const target = classify(fromFile, specifier);
    if (target.forbidden) return [target.forbidden];
    if (!target.file || typeOnly) return null;
    const rest = chainFrom(target.file);
    return rest ? [relative(root, target.file), ...rest] : null;
  };
}

export const domainPurityRule = {
  meta: {
    type: 'problem',
    docs: { description: 'domain code loads no driver, framework or event store, directly or through what it imports' },
    schema: [
      {
        type: 'object',
        properties: {
          packages: { type: 'array', items: { type: 'string' } },
          paths: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      direct: "domain code must not import '{{target}}' (drivers, the framework and the event store stay in handlers and adapters)",
      through: "domain code must not import '{{specifier}}': it loads '{{target}}' ({{chain}})",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const check = createChecker({ root: repoRoot, packages: options.packages ?? [], paths: options.paths ?? [] });
    const filename = context.filename;
    const report = (node, specifier, typeOnly) => {
      const chain = check(filename, specifier, typeOnly);
      if (!chain) return;
      const target = chain[chain.length - 1];
      if (chain.length === 1) context.report({ node, messageId: 'direct', data: { target } });
      else context.report({ node, messageId: 'through', data: { specifier, target, chain: chain.join(' → ') } });
    };
    const specifierOf = (node) => (node.source && typeof node.source.value === 'string' ? node.source.value : undefined);
    return {
      ImportDeclaration(node) {
        const typeOnly = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        report(node, specifierOf(node), typeOnly);
      },
      ExportNamedDeclaration(node) {
        const specifier = specifierOf(node);
        if (specifier) report(node, specifier, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        report(node, specifierOf(node), node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') report(node, node.source.value, false);
      },
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') report(node, ref.expression.value, node.importKind === 'type');
      },
      CallExpression(node) {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal' && typeof arg.value === 'string') report(node, arg.value, false);
      },
    };
  },
};

export const domainPurityPlugin = { rules: { 'no-infrastructure': domainPurityRule } };
