import { runMain } from '@gov/platform';
import { createSupervisionApp } from './supervision.app';
import { SERVICE_NAME } from './supervision.module';

runMain(SERVICE_NAME, () => createSupervisionApp(process.env));
