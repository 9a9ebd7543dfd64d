import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The import graph between the parts of one app's `src/`: a capability folder
 * (`src/payment/…`) is one node, a file directly in `src/` (the module, the config) is
 * its own node. Specs and test helpers are left out: they may reach anywhere.
 */
export function capabilityGraph(srcDir: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(srcDir)) {
    const from = nodeOf(srcDir, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, false).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), imported.fileName);
      if (!target.startsWith(srcDir + sep)) continue;
      const to = nodeOf(srcDir, target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle, once each, as the list of nodes it passes through (first node repeated at the end). */
export function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles = new Map<string, string[]>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const cycle = path.slice(at);
      // One key per cycle whatever node it was entered at.
      const start = cycle.indexOf([...cycle].sort()[0]);
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      cycles.set(rotated.join(' → '), [...rotated, rotated[0]]);
      return;
    }
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...cycles.values()];
}

function nodeOf(srcDir: string, file: string): string {
  const parts = relative(srcDir, file).split(sep);
  return parts.length > 1 ? `${parts[0]}/` : parts[0].replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}
