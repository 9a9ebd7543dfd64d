import { join } from 'node:path';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { ConfigError, loadConfig, type PlatformConfig } from '../config/config';
import { JsonLogger } from '../logging/json-logger';
import { startService, type RunningService } from '../bootstrap';

/** A .proto of libs/contracts (the build copies them: the same relative place in the sources and in dist/). */
export function contractProto(file: string): string {
  return join(__dirname, '..', '..', '..', 'contracts', 'src', 'proto', file);
}

/** What makes a department service: its name, its config, its module and its gRPC API. */
export interface ServiceDefinition<C extends PlatformConfig> {
  readonly service: string;
  readonly title: string;
  readonly description: string;
  /** Reads and validates the service's variables (e.g. `(env) => loadConfig(TaxConfig, env)`). */
  readonly config: (env: NodeJS.ProcessEnv) => C;
  readonly module: (config: C, logger: JsonLogger) => Type<unknown> | DynamicModule;
  readonly grpc?: { readonly package: string; readonly protoPath: string };
}

export interface ServiceAppOptions {
  /** 0 picks a free port (tests); default HTTP_PORT. */
  readonly httpPort?: number;
  /** Tests capture log lines with their own logger. */
  readonly logger?: JsonLogger;
}

export interface RunningServiceApp<C extends PlatformConfig> extends RunningService {
  readonly config: C;
}

/** Starts a department service: used by its main.ts and by its tests. */
export async function startServiceApp<C extends PlatformConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
  options: ServiceAppOptions = {},
): Promise<RunningServiceApp<C>> {
  const config = definition.config(env);
  const logger = options.logger ?? new JsonLogger(definition.service, config.LOG_LEVEL);

  @Module({ imports: [definition.module(config, logger)] })
  class ServiceAppModule {}

  const running = await startService({
    service: definition.service,
    title: definition.title,
    description: definition.description,
    module: ServiceAppModule,
    config,
    logger,
    grpc: definition.grpc,
    httpPort: options.httpPort,
  });
  return { ...running, config };
}

/**
 * A service definition in one call: name, config loader, module factory, and
 * its OpenAPI title and gRPC API (`grpc: ['gov.tax.v1', 'tax.proto']`, a file of libs/contracts).
 */
export function defineService<C extends PlatformConfig>(
  service: string,
  config: ServiceDefinition<C>['config'],
  module: ServiceDefinition<C>['module'],
  api: { readonly title: string; readonly description: string; readonly grpc?: readonly [pkg: string, protoFile: string] },
): ServiceDefinition<C> {
  const grpc = api.grpc ? { package: api.grpc[0], protoPath: contractProto(api.grpc[1]) } : undefined;
  return { service, title: api.title, description: api.description, config, module, grpc };
}

/** The .proto file of a service's gRPC API (tests load it for their clients). */
export function protoPathOf(definition: Pick<ServiceDefinition<PlatformConfig>, 'service' | 'grpc'>): string {
  if (!definition.grpc) throw new Error(`${definition.service} has no gRPC API`);
  return definition.grpc.protoPath;
}

/** `(env, options) => startServiceApp(definition, env, options)`: the service's create function for main.ts and tests. */
export const serviceStarter =
  <C extends PlatformConfig>(definition: ServiceDefinition<C>) =>
  (env: NodeJS.ProcessEnv = process.env, options: ServiceAppOptions = {}): Promise<RunningServiceApp<C>> =>
    startServiceApp(definition, env, options);

/** Same as `loadConfig`, as a definition's `config`. */
export const configOf =
  <C extends PlatformConfig>(cls: new () => C) =>
  (env: NodeJS.ProcessEnv): C =>
    loadConfig(cls, env);

/**
 * A service's main.ts: starts it, and on failure names the cause on stderr and
 * exits 1 (a bad variable by name, never its secret value).
 */
export function runMain(service: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const cause = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${service} failed to start: ${cause}\n`);
    process.exit(1);
  });
}
