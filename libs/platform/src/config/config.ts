import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, IsString, validateSync, type ValidationError as CvError } from 'class-validator';
import { EnvInt } from '../edge/from-string';

const SENSITIVE = Symbol('sensitive');

/** Marks a variable whose value must never appear in an error or a log. */
export function Sensitive(): PropertyDecorator {
  return (target, key) => {
    const list: (string | symbol)[] = Reflect.getMetadata(SENSITIVE, target) ?? [];
    Reflect.defineMetadata(SENSITIVE, [...list, key], target);
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}


/** Variables every service reads. Services extend this class with their own. */
export class PlatformConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @EnvInt(1, 65535) HTTP_PORT = 3000;

  @EnvInt(0, 65535) GRPC_PORT = 0;

  @Sensitive() @IsString()
  DATABASE_URL!: string;

  @EnvInt(2, 200) DB_POOL_MAX = 20;

  @IsString()
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Prepended to every topic name; lets tests share a broker. */
  @IsOptional() @IsString()
  TOPIC_PREFIX = '';

  /** Partitions and replication of topics this service creates when they are missing (operators usually pre-create them). */
  @EnvInt(1, 1000) KAFKA_TOPIC_PARTITIONS = 3;

  @EnvInt(1, 10) KAFKA_TOPIC_REPLICATION = 1;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  @IsOptional() @IsString()
  AUTH_JWKS_URL?: string;

  /** PEM public key (SPKI), or a path to one, when there is no JWKS URL. */
  @IsOptional() @IsString()
  AUTH_PUBLIC_KEY?: string;

  @IsString()
  AUTH_ISSUER = 'gov-dev-issuer';

  @IsString()
  AUTH_AUDIENCE = 'gov-service-center';

  /** Development token issuer: off unless enabled, refused in production. */
  @IsIn(['enabled', 'disabled'])
  DEV_TOKEN_ISSUER: 'enabled' | 'disabled' = 'disabled';

  @Sensitive() @IsOptional() @IsString()
  DEV_TOKEN_PRIVATE_KEY?: string;

  @EnvInt(0, 120_000) SHUTDOWN_GRACE_MS = 10_000;
}

/**
 * Reads and validates configuration from the environment. A bad or missing
 * variable stops start-up with a message naming it (never its secret value).
 */
export function loadConfig<T extends PlatformConfig>(
  cls: new () => T,
  env: NodeJS.ProcessEnv = process.env,
  /** Cross-field rules (e.g. required in production); each problem names its variable. */
  rules: (config: T) => readonly string[] = () => [],
): T {
  const defaults = new cls();
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(env)) if (env[key] !== undefined && env[key] !== '') input[key] = env[key];
  const instance = plainToInstance(cls, { ...defaults, ...input }, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  const sensitive: (string | symbol)[] = Reflect.getMetadata(SENSITIVE, cls.prototype) ?? [];
  const problems = errors.map((e: CvError) => {
    const value = e.value === undefined ? 'missing' : sensitive.includes(e.property) ? 'value hidden' : `got ${JSON.stringify(e.value)}`;
    return `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (${value})`;
  });
  if (instance.NODE_ENV === 'production' && instance.DEV_TOKEN_ISSUER === 'enabled') {
    problems.push('DEV_TOKEN_ISSUER: the development token issuer is refused in production');
  }
  if (instance.NODE_ENV === 'production' && !instance.AUTH_JWKS_URL && !instance.AUTH_PUBLIC_KEY) {
    problems.push('AUTH_JWKS_URL: production needs AUTH_JWKS_URL or AUTH_PUBLIC_KEY to verify tokens');
  }
  if (!errors.length) problems.push(...rules(instance));
  if (problems.length) throw new ConfigError(problems);
  return instance;
}
