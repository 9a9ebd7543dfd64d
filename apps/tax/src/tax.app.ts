import { SERVICES } from '@gov/contracts';
import { defineService, serviceStarter } from '@gov/platform';
import { loadTaxConfig } from './tax.config';
import { TaxModule } from './tax.module';

/** Taxpayers, house transfer tax, payment orders and the bank channel. */
export const TAX_SERVICE = defineService(SERVICES.tax, loadTaxConfig, (config, logger) => TaxModule.forRoot(config, logger), {
  title: 'Tax service',
  description: 'Taxpayer registration, house transfer tax assessment, payment orders and the bank channel (税务)',
  grpc: ['gov.tax.v1', 'tax.proto'],
});
export const createTaxApp = serviceStarter(TAX_SERVICE);
