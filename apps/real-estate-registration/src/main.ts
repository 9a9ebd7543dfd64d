import 'reflect-metadata';
import { ConfigError } from '@gov/platform';
import { createRealEstateApp } from './real-estate.app';

createRealEstateApp(process.env).catch((error: unknown) => {
  // A bad variable is named without its value; anything else is a start-up failure.
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
