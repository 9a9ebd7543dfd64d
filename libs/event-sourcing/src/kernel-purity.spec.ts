import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

// Loads the kernel in a fresh Node process (jest's module registry hides what a real
// require loads) and lists every module it pulled in besides its own files.
const LOADER = `
const { readFileSync } = require('node:fs');
const swc = require('@swc/core');
const root = process.argv[1];
const swcrc = JSON.parse(readFileSync(root + '/.swcrc', 'utf8'));
delete swcrc.$schema;
const before = new Set(Object.keys(require.cache));
require.extensions['.ts'] = (module, filename) => {
  module._compile(swc.transformFileSync(filename, { ...swcrc, swcrc: false, filename }).code, filename);
};
const kernel = require(root + '/libs/event-sourcing/src/index.ts');
const loaded = Object.keys(require.cache).filter((f) => !before.has(f) && !f.startsWith(root + '/libs/event-sourcing/src/'));
process.stdout.write(JSON.stringify({ loaded, exports: Object.keys(kernel).sort() }));
`;

describe('@gov/event-sourcing (the pure kernel)', () => {
  it('loads no driver, no framework and no store: no module outside its own folder', () => {
    const out = execFileSync(process.execPath, ['-e', LOADER, root], { cwd: root, encoding: 'utf8' });
    const { loaded, exports } = JSON.parse(out) as { loaded: string[]; exports: string[] };
    expect(loaded).toEqual([]);
    expect(exports).toEqual(expect.arrayContaining(['DeciderSpecification', 'ValidationError', 'fold', 'streamIdOf', 'canonicalJson', 'EventSchemaRegistry']));
    expect(exports).not.toContain('PostgresEventStore');
    expect(exports).not.toContain('AggregateRepository');
  });
});
