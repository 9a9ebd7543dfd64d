import 'reflect-metadata';
import { ConfigError } from '@gov/platform';
import { createSupervisionApp } from './supervision.app';

createSupervisionApp().catch((error: unknown) => {
  // A bad variable is named by ConfigError; anything else failed during start-up.
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
