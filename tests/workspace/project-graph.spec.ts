// The Nx project graph has no cycle between projects, no library nobody uses and no
// source file under apps/ or libs/ outside a project (which Nx would neither test,
// lint nor count as affected).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesOutsideProjects, findCycles, orphanLibraries, ProjectGraphView, readProjectGraph } from './project-graph';

const repoRoot = join(__dirname, '..', '..');

describe('the Nx project graph', () => {
  let graph: ProjectGraphView;

  beforeAll(() => {
    graph = readProjectGraph(repoRoot);
  });

  it('knows every app and lib and the imports between them', () => {
    const names = graph.nodes.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['tax', 'joint-processing', 'event-sourcing', 'platform', 'tests']));
    // Source analysis is on (nx.json pluginsConfig): without it the graph has no edges and every check below passes vacuously.
    expect(graph.dependencies.tax).toEqual(expect.arrayContaining(['event-sourcing', 'platform']));
  });

  it('gives every project the build, test, test:int and lint targets', () => {
    const missing = graph.nodes.flatMap((n) => ['build', 'test', 'test:int', 'lint'].filter((t) => !n.targets.includes(t)).map((t) => `${n.name}:${t}`));
    expect(missing).toEqual([]);
  });

  it('has no cycle between projects', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no library that no project depends on', () => {
    expect(orphanLibraries(graph)).toEqual([]);
  });

  it('has no file under apps/ or libs/ outside a project', () => {
    expect(filesOutsideProjects(repoRoot, ['apps', 'libs'], graph)).toEqual([]);
  });
});

describe('the checks on a graph that has the faults', () => {
  const faulty: ProjectGraphView = {
    nodes: [
      { name: 'app', root: 'apps/app', type: 'app', targets: [] },
      { name: 'a', root: 'libs/a', type: 'lib', targets: [] },
      { name: 'b', root: 'libs/b', type: 'lib', targets: [] },
      { name: 'c', root: 'libs/c', type: 'lib', targets: [] },
      { name: 'unused', root: 'libs/unused', type: 'lib', targets: [] },
    ],
    dependencies: { app: ['a'], a: ['b'], b: ['c'], c: ['a'], unused: [] },
  };

  it('finds the cycle, once', () => {
    expect(findCycles(faulty)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('finds the library nobody depends on', () => {
    expect(orphanLibraries(faulty)).toEqual(['unused']);
  });

  it('finds a source file in a folder without a project', () => {
    const root = mkdtempSync(join(tmpdir(), 'gov-graph-'));
    try {
      for (const dir of ['apps/app/src', 'libs/a/src', 'libs/stray/src']) mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, 'apps/app/src/main.ts'), '');
      writeFileSync(join(root, 'libs/a/src/index.ts'), '');
      writeFileSync(join(root, 'libs/stray/src/index.ts'), '');
      writeFileSync(join(root, 'libs/loose.ts'), '');
      expect(filesOutsideProjects(root, ['apps', 'libs'], faulty)).toEqual(['libs/loose.ts', 'libs/stray/src/index.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
