import { ConfigError } from '@gov/platform';
import { createZetaPermitsApp } from './zeta-permits.app';

createZetaPermitsApp(process.env).catch((error: unknown) => {
  // A config error names the bad variable (never a secret); anything else is a start-up failure.
  const message = error instanceof ConfigError ? error.message : `zeta-permits failed to start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
