// Within a service, capability folders import downward only: a reaction that two
// capabilities share lives with the one that reacts (a *.policy.ts and its
// *.reactions.ts), never in a hub that imports every capability and is imported back.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilityGraph, cyclesOf } from './capability-imports';

const appsDir = join(__dirname, '..', '..', 'apps');
// Every service npm start runs, a generated one included.
const apps = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'deploy', 'local', 'services.json'), 'utf8')) as { services: { name: string }[] }).services.map((s) => s.name);

describe('imports between the capability folders of a service', () => {
  it.each(apps)('%s has no import cycle between its capability folders', (app) => {
    const graph = capabilityGraph(join(appsDir, app, 'src'));
    // Not vacuous: the module file imports the capabilities.
    expect([...graph.values()].some((edges) => edges.size > 0)).toBe(true);
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('finds a cycle through a hub, and none once the hub is gone', () => {
    const src = mkdtempSync(join(tmpdir(), 'capability-imports-'));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(join(src, file, '..'), { recursive: true });
        writeFileSync(join(src, file), text);
      };
      write('workflow/hub.ts', "import { a } from '../payment/a';\nexport const hub = a;\n");
      write('payment/a.ts', "export const a = 1;\n");
      write('payment/b.ts', "import { hub } from '../workflow/hub';\nexport const b = hub;\n");
      write('payment/b.spec.ts', "import { hub } from '../workflow/hub';\n");
      write('app.module.ts', "import { b } from './payment/b';\nimport type { Config } from './app.config';\n");
      write('app.config.ts', 'export interface Config { readonly a: number }\n');
      expect(cyclesOf(capabilityGraph(src))).toEqual([['payment/', 'workflow/', 'payment/']]);
      write('payment/b.ts', "import { a } from './a';\nexport const b = a;\n");
      expect(cyclesOf(capabilityGraph(src))).toEqual([]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
