import { SERVICES } from '@gov/contracts';
import { configOf, defineService, serviceStarter } from '@gov/platform';
import { JointProcessingConfig } from './joint-processing.config';
import { JointProcessingModule } from './joint-processing.module';

/** One window accepts, real-estate and tax complete, within the hour. */
export const JOINT_PROCESSING_SERVICE = defineService(SERVICES.jointProcessing, configOf(JointProcessingConfig), (c, l) => JointProcessingModule.forRoot(c, l), {
  title: 'Joint processing (一窗受理)',
  description: 'The hall queue and the one-window, one-hour second-hand house transfer over real-estate registration and tax.',
  grpc: ['gov.jointprocessing.v1', 'joint-processing.proto'],
});
export const createJointProcessingApp = serviceStarter(JOINT_PROCESSING_SERVICE);
