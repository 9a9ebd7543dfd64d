// PostgreSQL: use the server that answers on PGHOST:PGPORT (these machines start
// one); otherwise start one from the installed binaries in a git-ignored folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, chownSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { portOpen, waitFor, log } from './util.mjs';
import { repoRoot } from './kafka.mjs';

export const pgEnv = () => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
});

function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) throw new Error('PostgreSQL is not running and no server binaries were found under /usr/lib/postgresql (apt-get install postgresql)');
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  throw new Error('no pg_ctl found under /usr/lib/postgresql');
}

export async function ensurePostgres() {
  const { host, port } = pgEnv();
  if (await portOpen(host, port)) return null;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`PostgreSQL at ${host}:${port} does not answer`);
  const bin = pgBinDir();
  const dataDir = join(repoRoot, '.local', 'pgdata');
  const asPostgres = process.getuid && process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd, args) => {
    const argv = [...asPostgres, join(bin, cmd), ...args];
    const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} failed with status ${r.status}`);
  };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log('postgres', `initialising a local cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    if (asPostgres.length) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      chownSync(dataDir, uid, gid);
    }
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  }
  const sockets = join(dataDir, 'sockets');
  mkdirSync(sockets, { recursive: true });
  if (asPostgres.length) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    chownSync(sockets, uid, Number(execFileSync('id', ['-g', 'postgres']).toString()));
  }
  log('postgres', `starting a local server on ${host}:${port}`);
  run('pg_ctl', [
    '-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', 'start',
    '-o', `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on`,
  ]);
  writeFileSync(join(repoRoot, '.local', 'pg-started-by-us'), dataDir);
  await waitFor('postgres', 30_000, () => portOpen(host, port));
  return dataDir;
}

export function stopPostgres() {
  const marker = join(repoRoot, '.local', 'pg-started-by-us');
  if (!existsSync(marker)) return false;
  const dataDir = join(repoRoot, '.local', 'pgdata');
  const asPostgres = process.getuid && process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const argv = [...asPostgres, join(pgBinDir(), 'pg_ctl'), '-D', dataDir, '-m', 'fast', 'stop'];
  spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
  rmSync(marker, { force: true });
  return true;
}
