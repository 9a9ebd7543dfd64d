import { configOf, defineService, startServiceApp, type ServiceAppOptions } from '@gov/platform';
import { SupervisionConfig } from './supervision.config';
import { SERVICE_NAME, SupervisionModule, type SupervisionOverrides } from './supervision.module';

// Tests shift the service's clock: the module is built with the overrides.
const definitionWith = (overrides: SupervisionOverrides) =>
  defineService(SERVICE_NAME, configOf(SupervisionConfig), (config, logger) => SupervisionModule.forRoot(config, logger, overrides), {
    title: 'Efficiency supervision (效能监管)',
    description:
      'The item catalog, every case of every department against its promised limit (timeline, standing, 80% warnings and breaches), the center statistics, and citizen ratings (好差评) with rectifications.',
    grpc: ['gov.supervision.v1', 'supervision.proto'],
  });

export const SUPERVISION_SERVICE = definitionWith({});
export const createSupervisionApp = (env: NodeJS.ProcessEnv = process.env, options: ServiceAppOptions & SupervisionOverrides = {}) =>
  startServiceApp(definitionWith(options), env, options);
