import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { JsonLogger, loadConfig, startService, type RunningService } from '@gov/platform';
import { SupervisionConfig } from './supervision.config';
import { SERVICE_NAME, SupervisionModule, type SupervisionOverrides } from './supervision.module';

export const SUPERVISION_PROTO = join(__dirname, '..', '..', '..', 'libs', 'contracts', 'src', 'proto', 'supervision.proto');

export interface SupervisionAppOptions extends SupervisionOverrides {
  readonly logger?: JsonLogger;
  /** 0 picks a free port (tests). */
  readonly httpPort?: number;
}

export interface RunningSupervision extends RunningService {
  readonly config: SupervisionConfig;
}

/** The supervision service: main.ts and the tests start it the same way. */
export async function createSupervisionApp(env: NodeJS.ProcessEnv = process.env, options: SupervisionAppOptions = {}): Promise<RunningSupervision> {
  const config = loadConfig(SupervisionConfig, env);
  const logger = options.logger ?? new JsonLogger(SERVICE_NAME, config.LOG_LEVEL);
  @Module({ imports: [SupervisionModule.forRoot(config, logger, options)] })
  class SupervisionAppModule {}
  const running = await startService({
    service: SERVICE_NAME,
    title: 'Efficiency supervision (效能监管)',
    description:
      'The item catalog, every case of every department against its promised limit (timeline, standing, 80% warnings and breaches), the center statistics, and citizen ratings (好差评) with rectifications.',
    module: SupervisionAppModule,
    config,
    logger,
    grpc: { package: 'gov.supervision.v1', protoPath: SUPERVISION_PROTO },
    httpPort: options.httpPort,
  });
  return { ...running, config };
}
