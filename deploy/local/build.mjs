// Compiles apps/, libs/ and tests/ with swc into dist/ (same layout), rewriting
// the @gov/* path aliases to relative requires. Type checking is `npm run typecheck`.
import { readdirSync, statSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { join, dirname, relative, extname } from 'node:path';
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

export async function build({ outDir = join(repoRoot, 'dist') } = {}) {
  const swc = require('@swc/core');
  const swcrc = JSON.parse(readFileSync(join(repoRoot, '.swcrc'), 'utf8'));
  delete swcrc.$schema;
  const { compilerOptions } = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8'));
  rmSync(outDir, { recursive: true, force: true });
  const jobs = [];
  for (const top of ['apps', 'libs', 'tests']) {
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
