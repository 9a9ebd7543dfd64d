import { join } from 'node:path';
import { SERVICES } from '@gov/contracts';
import { JsonLogger, startService, type RunningService } from '@gov/platform';
import { loadTaxConfig, type TaxConfig } from './tax.config';
import { TaxModule } from './tax.module';

/** The gRPC API, from libs/contracts (the same relative path in the sources and in dist/). */
export const TAX_PROTO_PATH = join(__dirname, '..', '..', '..', 'libs', 'contracts', 'src', 'proto', 'tax.proto');

export interface TaxAppOverrides {
  /** Tests capture log lines here. */
  readonly logger?: JsonLogger;
  /** 0 picks a free port. */
  readonly httpPort?: number;
}

export interface RunningTaxService extends RunningService {
  readonly config: TaxConfig;
}

/** Builds and starts the tax service: used by main.ts and by the integration tests. */
export async function createTaxApp(env: NodeJS.ProcessEnv | Record<string, string | undefined>, overrides: TaxAppOverrides = {}): Promise<RunningTaxService> {
  const config = loadTaxConfig(env);
  const logger = overrides.logger ?? new JsonLogger(SERVICES.tax, config.LOG_LEVEL);
  const running = await startService({
    service: SERVICES.tax,
    title: 'Tax service',
    description: 'Taxpayer registration, house transfer tax assessment, payment orders and the bank channel (税务)',
    module: TaxModule.forRoot(config, logger),
    config,
    logger,
    httpPort: overrides.httpPort,
    grpc: { package: 'gov.tax.v1', protoPath: TAX_PROTO_PATH },
  });
  return { ...running, config };
}
