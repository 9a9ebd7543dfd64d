import { IsOptional, IsString, MinLength } from 'class-validator';
import { ConfigError, PlatformConfig, Sensitive, loadConfig, EnvInt } from '@gov/platform';


/** Only for development and tests; production refuses to start without a real secret. */
export const DEV_BANK_HMAC_SECRET = 'dev-bank-hmac-secret-not-for-production';

/** The tax service's variables, on top of the platform's. */
export class TaxConfig extends PlatformConfig {
  override HTTP_PORT = 3102;

  override GRPC_PORT = 50102;

  /** Shared secret of the bank channel's HMAC-SHA256 signatures (payment and refund notifications). */
  @Sensitive() @IsOptional() @IsString() @MinLength(16)
  BANK_HMAC_SECRET?: string;

  /** Clock skew allowed on a bank notification's timestamp; nonces are kept twice as long. */
  @EnvInt(30, 3600) PAYMENT_SKEW_SECONDS = 300;

  /** The secret in force: the configured one, or the development default outside production. */
  get bankSecret(): string {
    return this.BANK_HMAC_SECRET ?? DEV_BANK_HMAC_SECRET;
  }
}

/** loadConfig plus the tax rules: production must name its bank secret. */
export function loadTaxConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): TaxConfig {
  const problems: string[] = [];
  let config: TaxConfig | undefined;
  try {
    config = loadConfig(TaxConfig, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const production = (config?.NODE_ENV ?? env.NODE_ENV) === 'production';
  if (production && !(config?.BANK_HMAC_SECRET ?? env.BANK_HMAC_SECRET)) {
    problems.push('BANK_HMAC_SECRET: production needs the bank channel secret (missing)');
  }
  if (problems.length || !config) throw new ConfigError(problems);
  return config;
}
