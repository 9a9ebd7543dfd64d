import { ConfigError } from '@gov/platform';
import { createTaxApp } from './tax.app';

createTaxApp(process.env).catch((error: unknown) => {
  // A config error names the bad variable (never a secret); anything else is a start-up failure.
  const message = error instanceof ConfigError ? error.message : `tax service failed to start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
