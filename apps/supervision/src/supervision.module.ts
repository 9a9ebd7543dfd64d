import { Module, type DynamicModule } from '@nestjs/common';
import type { OutgoingMessage } from '@gov/messaging';
import type { RecordedEvent } from '@gov/event-sourcing/postgres';
import { JsonLogger, PlatformModule, ServiceRuntime } from '@gov/platform';
import { SERVICES } from '@gov/contracts';
import { defaultWorkingDayCalendar, WorkingDayCalendar } from '@gov/service-standards';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogRegistry } from './catalog/catalog-registry';
import { CasesController } from './case-timeline/cases.controller';
import { LifecycleConsumer } from './case-timeline/lifecycle.consumer';
import { LifecycleSubscription } from './case-timeline/lifecycle-subscription';
import { TrackedCaseStore } from './case-timeline/tracked-case.projection';
import { ConsumerLag } from './deadline-alerts/consumer-lag';
import { DeadlineTimers, FireDeadlineTimerHandler } from './deadline-alerts/deadline-timers';
import { RatingController } from './rating/rating.controller';
import { CloseRectificationHandler, RateCaseHandler } from './rating/rating.handlers';
import { Clock, SystemClock } from './shared/clock';
import { StatisticsController } from './statistics/statistics.controller';
import { SupervisionConfig } from './supervision.config';
import { SUPERVISION_SCHEMA } from './supervision.schema';

export const SERVICE_NAME = SERVICES.supervision;

export interface SupervisionOverrides {
  readonly clock?: Clock;
  readonly calendar?: WorkingDayCalendar;
}

/** Everything supervision publishes goes to its events topic; a rating's free-text comment stays in its database. */
export function routeSupervisionEvent(event: RecordedEvent, defaults: OutgoingMessage): readonly OutgoingMessage[] {
  if (event.type !== 'CaseRated') return [defaults];
  const { comment: _comment, ...data } = defaults.data as Record<string, unknown>;
  return [{ ...defaults, data }];
}

@Module({})
export class SupervisionModule {
  static forRoot(config: SupervisionConfig, logger: JsonLogger, overrides: SupervisionOverrides = {}): DynamicModule {
    return {
      module: SupervisionModule,
      imports: [PlatformModule.forRoot({ service: SERVICE_NAME, config, logger, schema: SUPERVISION_SCHEMA, route: routeSupervisionEvent })],
      controllers: [CatalogController, CasesController, StatisticsController, RatingController],
      providers: [
        { provide: Clock, useValue: overrides.clock ?? new SystemClock() },
        { provide: WorkingDayCalendar, useValue: overrides.calendar ?? defaultWorkingDayCalendar() },
        { provide: LifecycleSubscription, useValue: new LifecycleSubscription(SERVICE_NAME, config.TOPIC_PREFIX, config.supervisedServices) },
        { provide: TrackedCaseStore, useFactory: (calendar: WorkingDayCalendar) => new TrackedCaseStore(calendar), inject: [WorkingDayCalendar] },
        CatalogRegistry,
        LifecycleConsumer,
        {
          provide: ConsumerLag,
          useFactory: (runtime: ServiceRuntime, subscription: LifecycleSubscription) => new ConsumerLag(runtime.kafka, subscription),
          inject: [ServiceRuntime, LifecycleSubscription],
        },
        DeadlineTimers,
        FireDeadlineTimerHandler,
        RateCaseHandler,
        CloseRectificationHandler,
      ],
    };
  }
}
