import { SERVICES } from '@gov/contracts';
import { runMain } from '@gov/platform';
import { createRealEstateApp } from './real-estate.app';

runMain(SERVICES.realEstate, () => createRealEstateApp(process.env));
