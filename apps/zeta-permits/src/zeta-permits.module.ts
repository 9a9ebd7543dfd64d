import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '@gov/contracts';
import { JsonLogger, PlatformModule } from '@gov/platform';
import { ApplicationController } from './application/application.controller';
import { ApplicationGrpcController } from './application/application.grpc';
import { ApplicationHandler } from './application/application.handler';
import { APPLICATION_SCHEMA } from './application/application.projection';
import { ApplicationQueries } from './application/application.queries';
import { ZetaPermitsConfig } from './zeta-permits.config';

/** The platform (store, Kafka, relay, auth, health, metrics, CQRS) plus the service's capabilities. */
@Module({})
export class ZetaPermitsModule {
  static forRoot(config: ZetaPermitsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: ZetaPermitsModule,
      imports: [PlatformModule.forRoot({ service: SERVICES.zetaPermits, config, logger, schema: APPLICATION_SCHEMA })],
      controllers: [ApplicationController, ApplicationGrpcController],
      providers: [ApplicationHandler, ApplicationQueries],
    };
  }
}
