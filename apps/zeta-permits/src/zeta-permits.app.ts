import { join } from 'node:path';
import { SERVICES } from '@gov/contracts';
import { JsonLogger, startService, type RunningService } from '@gov/platform';
import { loadZetaPermitsConfig, type ZetaPermitsConfig } from './zeta-permits.config';
import { ZetaPermitsModule } from './zeta-permits.module';

/** The gRPC API, from libs/contracts (the same relative path in the sources and in dist/). */
export const ZETA_PERMITS_PROTO_PATH = join(__dirname, '..', '..', '..', 'libs', 'contracts', 'src', 'proto', 'zeta-permits.proto');
export const ZETA_PERMITS_GRPC_PACKAGE = 'gov.zetapermits.v1';

export interface ZetaPermitsAppOverrides {
  /** Tests capture log lines here. */
  readonly logger?: JsonLogger;
  /** 0 picks a free port. */
  readonly httpPort?: number;
}

export interface RunningZetaPermitsService extends RunningService {
  readonly config: ZetaPermitsConfig;
}

/** Builds and starts the service: used by main.ts and by the integration tests. */
export async function createZetaPermitsApp(
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
  overrides: ZetaPermitsAppOverrides = {},
): Promise<RunningZetaPermitsService> {
  const config = loadZetaPermitsConfig(env);
  const logger = overrides.logger ?? new JsonLogger(SERVICES.zetaPermits, config.LOG_LEVEL);
  const running = await startService({
    service: SERVICES.zetaPermits,
    title: 'zeta-permits',
    description: 'Applications to the zeta department and their decisions',
    module: ZetaPermitsModule.forRoot(config, logger),
    config,
    logger,
    httpPort: overrides.httpPort,
    grpc: { package: ZETA_PERMITS_GRPC_PACKAGE, protoPath: ZETA_PERMITS_PROTO_PATH },
  });
  return { ...running, config };
}
