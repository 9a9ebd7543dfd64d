import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { SERVICES } from '@gov/contracts';
import { JsonLogger, loadConfig, startService, type RunningService } from '@gov/platform';
import { RealEstateConfig } from './real-estate.config';
import { RealEstateModule } from './real-estate.module';

/** The same relative place in the sources and in dist/ (the build copies .proto files). */
export const REAL_ESTATE_PROTO = join(__dirname, '..', '..', '..', 'libs', 'contracts', 'src', 'proto', 'real-estate.proto');
export const REAL_ESTATE_GRPC_PACKAGE = 'gov.realestate.v1';

export interface RealEstateAppOptions {
  /** 0 picks a free port (tests); default HTTP_PORT. */
  readonly httpPort?: number;
  /** Where log lines go; default stdout. */
  readonly log?: (line: string) => void;
}

export interface RunningRealEstateService extends RunningService {
  readonly config: RealEstateConfig;
}

/** Starts the service: used by main.ts and by the tests. */
export async function createRealEstateApp(env: NodeJS.ProcessEnv = process.env, options: RealEstateAppOptions = {}): Promise<RunningRealEstateService> {
  const config = loadConfig(RealEstateConfig, env);
  const logger = new JsonLogger(SERVICES.realEstate, config.LOG_LEVEL, options.log);

  @Module({ imports: [RealEstateModule.forRoot(config, logger)] })
  class RealEstateServiceModule {}

  const running = await startService({
    service: SERVICES.realEstate,
    title: 'Real-estate registration',
    description: 'The register of real-estate units (不动产登记), bulk import, second-hand sale transfers and electronic certificates.',
    module: RealEstateServiceModule,
    config,
    logger,
    grpc: { package: REAL_ESTATE_GRPC_PACKAGE, protoPath: REAL_ESTATE_PROTO },
    httpPort: options.httpPort,
  });
  return { ...running, config };
}
