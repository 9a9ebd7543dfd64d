import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// The benches run as plain Node processes, outside jest: the libraries they import must
// not need jest's runtime (a top-level `@jest/globals` import throws there).
describe('libraries the benches import', () => {
  it.each(['libs/testing/src/index.ts', 'tests/bench/bench-kit.ts'])('%s loads outside jest', (file) => {
    const run = spawnSync(process.execPath, ['-r', join(root, 'libs/testing/register.js'), '-e', `require(${JSON.stringify(join(root, file))})`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: run.status, stderr: run.stderr.split('\n').find((line) => /Error/.test(line)) ?? '' }).toEqual({ status: 0, stderr: '' });
  });
});
