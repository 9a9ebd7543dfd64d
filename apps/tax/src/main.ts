import { SERVICES } from '@gov/contracts';
import { runMain } from '@gov/platform';
import { createTaxApp } from './tax.app';

runMain(SERVICES.tax, () => createTaxApp(process.env));
