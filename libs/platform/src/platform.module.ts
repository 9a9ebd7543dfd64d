import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateRepository, PostgresEventStore } from '@gov/event-sourcing/postgres';
import type { PlatformConfig } from './config/config';
import { JsonLogger } from './logging/json-logger';
import { ServiceMetrics } from './metrics/metrics';
import { ServiceRuntime, type ServiceRuntimeOptions } from './persistence/service-runtime';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './auth/auth.guard';
import { InputHygieneGuard } from './http/input-hygiene';
import { createAuth } from './auth/auth-setup';
import { TokenIssuer, TokenVerifier } from './auth/token-verifier';
import { DevTokenController } from './auth/dev-token.controller';
import { LifecycleService } from './lifecycle.service';

export const PLATFORM_CONFIG = 'gov:platform-config';

export interface PlatformModuleOptions extends ServiceRuntimeOptions {
  readonly config: PlatformConfig;
  readonly logger: JsonLogger;
}

/** Everything a service gets from the platform: config, logging, store, Kafka, auth, health, metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config, logger } = options;
    const metrics = new ServiceMetrics(options.service);
    const runtime = new ServiceRuntime(options, config, logger, metrics);
    const auth = createAuth(config);
    const providers: Provider[] = [
      { provide: PLATFORM_CONFIG, useValue: config },
      { provide: config.constructor, useValue: config },
      { provide: JsonLogger, useValue: logger },
      { provide: ServiceMetrics, useValue: metrics },
      { provide: ServiceRuntime, useValue: runtime },
      { provide: PostgresEventStore, useValue: runtime.store },
      { provide: AggregateRepository, useValue: runtime.aggregates },
      { provide: TokenVerifier, useValue: auth.verifier },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: InputHygieneGuard },
      LifecycleService,
    ];
    const controllers: DynamicModule['controllers'] = [HealthController];
    if (auth.devIssuer) {
      providers.push({ provide: TokenIssuer, useValue: auth.devIssuer });
      controllers.push(DevTokenController);
    }
    return {
      module: PlatformModule,
      imports: [CqrsModule.forRoot()],
      providers,
      controllers,
      exports: [PLATFORM_CONFIG, config.constructor, JsonLogger, ServiceMetrics, ServiceRuntime, PostgresEventStore, AggregateRepository, TokenVerifier, CqrsModule],
    };
  }
}
