import { PlatformConfig, loadConfig } from '@gov/platform';

/** The service's variables, on top of the platform's; local ports from deploy/local/services.json. */
export class ZetaPermitsConfig extends PlatformConfig {
  override HTTP_PORT = 3105;

  override GRPC_PORT = 50105;
}

export function loadZetaPermitsConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): ZetaPermitsConfig {
  return loadConfig(ZetaPermitsConfig, env);
}
