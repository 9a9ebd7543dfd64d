import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

export interface ProjectNode {
  name: string;
  root: string;
  type: 'app' | 'lib' | 'e2e';
  targets: string[];
}

/** Nx's project graph, reduced to what the checks read: projects and the edges between them. */
export interface ProjectGraphView {
  nodes: ProjectNode[];
  dependencies: Record<string, string[]>;
}

/** Reads the graph as `nx graph --file` writes it (no daemon, no cloud). */
export function readProjectGraph(repoRoot: string): ProjectGraphView {
  const dir = mkdtempSync(join(tmpdir(), 'gov-nx-graph-'));
  try {
    const file = join(dir, 'graph.json');
    const r = spawnSync(join(repoRoot, 'node_modules', '.bin', 'nx'), ['graph', `--file=${file}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' },
    });
    if (r.status !== 0) throw new Error(`nx graph failed: ${r.stderr || r.stdout}`);
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { nodes: Record<string, { name: string; type: ProjectNode['type']; data: { root: string; targets?: Record<string, unknown> } }>; dependencies: Record<string, { target: string }[]> };
    };
    const names = new Set(Object.keys(graph.nodes));
    return {
      nodes: Object.values(graph.nodes).map((n) => ({ name: n.name, root: n.data.root, type: n.type, targets: Object.keys(n.data.targets ?? {}) })),
      dependencies: Object.fromEntries(
        Object.entries(graph.dependencies).map(([from, deps]) => [from, [...new Set(deps.map((d) => d.target).filter((t) => names.has(t) && t !== from))]]),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every cycle between projects, each once, as a path that returns to its start. */
export function findCycles(graph: ProjectGraphView): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const cycle = path.slice(at);
      // One rotation per cycle: start from its smallest name.
      const start = cycle.indexOf([...cycle].sort()[0]);
      const key = [...cycle.slice(start), ...cycle.slice(0, start)].join(' → ');
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push([...cycle.slice(start), ...cycle.slice(0, start), cycle[start]]);
      }
      return;
    }
    for (const next of graph.dependencies[node] ?? []) visit(next, [...path, node]);
  };
  for (const n of graph.nodes) visit(n.name, []);
  return cycles;
}

/** Libraries no other project depends on. */
export function orphanLibraries(graph: ProjectGraphView): string[] {
  const used = new Set(Object.values(graph.dependencies).flat());
  return graph.nodes.filter((n) => n.type === 'lib' && !used.has(n.name)).map((n) => n.name).sort();
}

/** Files under the given top folders (apps, libs) that belong to no project's root. */
export function filesOutsideProjects(repoRoot: string, tops: string[], graph: ProjectGraphView): string[] {
  const roots = graph.nodes.map((n) => `${n.root}/`);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      const rel = relative(repoRoot, p).split(sep).join('/');
      if (statSync(p).isDirectory()) {
        if (!roots.some((r) => `${rel}/`.startsWith(r))) walk(p);
      } else if (!roots.some((r) => rel.startsWith(r))) out.push(rel);
    }
  };
  for (const top of tops) walk(join(repoRoot, top));
  return out.sort();
}
