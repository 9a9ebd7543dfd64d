// Compiles apps/, libs/ and tests/ with swc into dist/ (same layout), rewriting
// the @gov/* path aliases to relative requires. Type checking is `npm run typecheck`.
import { readdirSync, statSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { join, dirname, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { repoRoot } from './kafka.mjs';

const require = createRequire(join(repoRoot, 'package.json'));
const ASSETS = new Set(['.proto', '.json', '.csv', '.jsonl', '.sql']);

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/**
 * Compiles `roots` (apps, libs and tests by default) into outDir. With the default the
 * whole of outDir is rebuilt; with given roots (one project's, for `nx run <project>:build`)
 * only theirs is replaced.
 */
export async function build({ outDir = join(repoRoot, 'dist'), roots } = {}) {
  const swc = require('@swc/core');
  const swcrc = JSON.parse(readFileSync(join(repoRoot, '.swcrc'), 'utf8'));
  delete swcrc.$schema;
  const { compilerOptions } = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8'));
  const tops = roots ?? ['apps', 'libs', 'tests'];
  if (roots) for (const top of roots) rmSync(join(outDir, top), { recursive: true, force: true });
  else rmSync(outDir, { recursive: true, force: true });
  const jobs = [];
  for (const top of tops) {
    for (const file of walk(join(repoRoot, top))) {
      const rel = relative(repoRoot, file);
      const target = join(outDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      const ext = extname(file);
      if (ext === '.ts' && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts')) {
        jobs.push(
          swc
            .transformFile(file, {
              ...swcrc,
              swcrc: false,
              filename: file,
              sourceFileName: relative(dirname(target), file),
              jsc: { ...swcrc.jsc, baseUrl: repoRoot, paths: compilerOptions.paths },
            })
            .then((out) => {
              const js = target.replace(/\.ts$/, '.js');
              writeFileSync(js, `${out.code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
              if (out.map) writeFileSync(`${js}.map`, out.map);
            }),
        );
      } else if (ASSETS.has(ext)) {
        copyFileSync(file, target);
      }
    }
  }
  await Promise.all(jobs);
  return outDir;
}

// node deploy/local/build.mjs <project root>...: one project's build (the Nx build target).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    process.stderr.write('usage: node deploy/local/build.mjs <project root>... (or `npm run build` for everything)\n');
    process.exit(2);
  }
  build({ roots }).catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
