// Single-node Apache Kafka (KRaft, broker+controller in one JVM) from Kafka's own
// jars on Maven Central. Used by `npm start`/`npm test` and by fault tests that
// need a broker of their own to stop and start.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, openSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portOpen, waitFor, log } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
const runtimeDir = join(repoRoot, '.local', 'kafka-runtime');
const libsDir = join(runtimeDir, 'libs');

/** Copies the broker jars named in deploy/local/kafka/pom.xml; quick when already there. */
export function installKafka() {
  const pom = join(here, 'kafka', 'pom.xml');
  const marker = join(runtimeDir, 'installed.txt');
  const pomText = readFileSync(pom, 'utf8');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pomText) return libsDir;
  log('kafka', 'fetching broker jars from Maven Central (first run only)');
  mkdirSync(runtimeDir, { recursive: true });
  rmSync(libsDir, { recursive: true, force: true });
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  writeFileSync(marker, pomText);
  return libsDir;
}

function java() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/**
 * Ensures a broker answers on 127.0.0.1:port. Starts one (detached, logging to a
 * file under dataDir) when nothing listens there. Returns the pid it started, or null.
 */
export async function ensureKafka({
  port = 9092,
  controllerPort = port + 1,
  dataDir = join(repoRoot, '.local', 'kafka'),
  heap = '768m',
  timeoutMs = 90_000,
} = {}) {
  if (await portOpen('127.0.0.1', port)) return null;
  installKafka();
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'data');
  const props = join(dataDir, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${logDir}`,
      'num.partitions=3',
      // Topics are provisioned from configuration, never by accident.
      'auto.create.topics.enable=false',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'log.retention.hours=168',
      'delete.topic.enable=true',
      '',
    ].join('\n'),
  );
  const log4j = join(dataDir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=WARN, file',
      'log4j.logger.kafka=INFO',
      'log4j.logger.org.apache.kafka=INFO',
      'log4j.appender.file=org.apache.log4j.RollingFileAppender',
      `log4j.appender.file.File=${join(dataDir, 'server.log')}`,
      'log4j.appender.file.MaxFileSize=20MB',
      'log4j.appender.file.MaxBackupIndex=2',
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  const cp = `${libsDir}/*`;
  const jvm = [`-Xms256m`, `-Xmx${heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${log4j}`];
  if (!existsSync(join(logDir, 'meta.properties'))) {
    const clusterId = execFileSync(java(), [...jvm, '-cp', cp, 'kafka.tools.StorageTool', 'random-uuid']).toString().trim();
    execFileSync(java(), [...jvm, '-cp', cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, '--ignore-formatted'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const out = openSync(join(dataDir, 'stdout.log'), 'a');
  const child = spawn(java(), [...jvm, '-cp', cp, 'kafka.Kafka', props], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  writeFileSync(join(dataDir, 'kafka.pid'), String(child.pid));
  log('kafka', `starting broker on 127.0.0.1:${port} (pid ${child.pid}, log ${join(dataDir, 'server.log')})`);
  let exited = false;
  child.on('exit', () => (exited = true));
  await waitFor(`kafka on ${port}`, timeoutMs, async () => {
    if (exited) throw new Error(`kafka exited during start; see ${join(dataDir, 'server.log')}`);
    return portOpen('127.0.0.1', port);
  });
  return child.pid;
}

/** Stops a broker this project started (pid file in dataDir); waits for it to exit. */
export async function stopKafka({ dataDir = join(repoRoot, '.local', 'kafka'), signal = 'SIGTERM', timeoutMs = 60_000 } = {}) {
  const pidFile = join(dataDir, 'kafka.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  try {
    process.kill(pid, signal);
  } catch {
    return false;
  }
  await waitFor(`kafka pid ${pid} to exit`, timeoutMs, async () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
  return true;
}
