import { join } from 'node:path';
import { JsonLogger, loadConfig, startService, type RunningService } from '@gov/platform';
import { SERVICES } from '@gov/contracts';
import { JointProcessingConfig } from './joint-processing.config';
import { JointProcessingModule } from './joint-processing.module';

export const JOINT_PROCESSING_PROTO = join(__dirname, '..', '..', '..', 'libs', 'contracts', 'src', 'proto', 'joint-processing.proto');

/** The joint-processing service: one window accepts, real-estate and tax complete, within the hour. */
export async function createJointProcessingApp(env: NodeJS.ProcessEnv = process.env, options: { httpPort?: number; logger?: JsonLogger } = {}): Promise<RunningService> {
  const config = loadConfig(JointProcessingConfig, env);
  const logger = options.logger ?? new JsonLogger(SERVICES.jointProcessing, config.LOG_LEVEL);
  return startService({
    service: SERVICES.jointProcessing,
    title: 'Joint processing (一窗受理)',
    description: 'The hall queue and the one-window, one-hour second-hand house transfer over real-estate registration and tax.',
    module: JointProcessingModule.forRoot(config, logger),
    config,
    logger,
    httpPort: options.httpPort,
    grpc: { package: 'gov.jointprocessing.v1', protoPath: JOINT_PROCESSING_PROTO },
  });
}
