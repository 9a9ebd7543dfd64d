import { SERVICES } from '@gov/contracts';
import { runMain } from '@gov/platform';
import { createJointProcessingApp } from './joint-processing.app';

runMain(SERVICES.jointProcessing, () => createJointProcessingApp(process.env));
