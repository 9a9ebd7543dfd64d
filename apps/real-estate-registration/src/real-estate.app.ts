import { SERVICES } from '@gov/contracts';
import { configOf, defineService, serviceStarter } from '@gov/platform';
import { RealEstateConfig } from './real-estate.config';
import { RealEstateModule } from './real-estate.module';

export const REAL_ESTATE_SERVICE = defineService(SERVICES.realEstate, configOf(RealEstateConfig), (config, logger) => RealEstateModule.forRoot(config, logger), {
  title: 'Real-estate registration',
  description: 'The register of real-estate units (不动产登记), bulk import, second-hand sale transfers and electronic certificates.',
  grpc: ['gov.realestate.v1', 'real-estate.proto'],
});
export const createRealEstateApp = serviceStarter(REAL_ESTATE_SERVICE);
