// One write path in every service: an edge (REST controller, gRPC handler, Kafka
// consumer) sends a command on the CommandBus; only command handlers reach the
// aggregate repository or the store, and no service opens a transaction of its own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
// Every service npm start runs, a generated one included.
const apps = (JSON.parse(readFileSync(join(repoRoot, 'deploy', 'local', 'services.json'), 'utf8')) as { services: { name: string }[] }).services.map((s) => s.name);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = apps.flatMap((app) => sources(join(repoRoot, 'apps', app, 'src'))).map((path) => ({ path: relative(repoRoot, path), text: readFileSync(path, 'utf8') }));
const offending = (pattern: RegExp, only: (path: string) => boolean = () => true) =>
  files.filter((f) => only(f.path) && pattern.test(f.text)).map((f) => f.path);

describe('the write path of the services', () => {
  it('reads every service', () => {
    expect(files.filter((f) => /\.(controller|grpc|consumer)\.ts$/.test(f.path)).length).toBeGreaterThan(10);
  });

  it('leaves the repository and the store to command handlers: edges send commands on the CommandBus', () => {
    const edge = (path: string) => /\.(controller|grpc|consumer)\.ts$/.test(path);
    expect(offending(/\b(AggregateRepository|PostgresEventStore|unitOfWork)\b|\.append\(|\.transaction\(/, edge)).toEqual([]);
    // Not vacuous: the edges that write use the bus.
    expect(offending(/\bCommandBus\b/, edge).length).toBeGreaterThanOrEqual(10);
  });

  it('opens no transaction by hand: no BEGIN, savepoint or pool client of its own', () => {
    expect(offending(/['"`](BEGIN|COMMIT|ROLLBACK)\b|SAVEPOINT|pool\.connect\(/)).toEqual([]);
  });
});
