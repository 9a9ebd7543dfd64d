import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { parseCloudEventType, type IncomingMessage } from '@gov/messaging';
import { ServiceMetrics, ServiceRuntime } from '@gov/platform';
import { WorkingDayCalendar } from '@gov/service-standards';
import type { CaseLifecycleEvent } from '@gov/contracts';
import { CatalogRegistry } from '../catalog/catalog-registry';
import { caseKeyOf } from '../shared/case-key';
import { Clock } from '../shared/clock';
import { asDomainError } from '../shared/standards-errors';
import { readLifecycleEvent } from './lifecycle-message';
import { LifecycleSubscription } from './lifecycle-subscription';
import { TrackedCaseStore } from './tracked-case.projection';
import { applyLifecycle } from './tracked-case';

/**
 * Every department's events, through the platform's inbox consumer: the
 * lifecycle events (picked by CloudEvents type name) update the case's read
 * model and timers in the inbox transaction; other events are passed over.
 */
@Injectable()
export class LifecycleConsumer implements OnModuleInit {
  /** Lifecycle messages this process applied and committed (counted after commit: a batch may be redone). */
  applied = 0;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly subscription: LifecycleSubscription,
    private readonly registry: CatalogRegistry,
    private readonly cases: TrackedCaseStore,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    metrics: ServiceMetrics,
  ) {
    metrics.gauge('supervision_lifecycle_events_applied', 'Lifecycle messages committed to the case read model by this process', () => this.applied);
  }

  onModuleInit(): void {
    this.runtime.consume({
      name: this.subscription.consumerName,
      topics: this.subscription.topics,
      // The departments' other events cost no transaction.
      accepts: (type) => this.subscription.acceptsType(type),
      // The lifecycle contract, checked once at the edge: a message that breaks it is dead-lettered naming the field.
      parse: (m) => this.read(m),
      handle: (m, tx) => this.handle(m, tx),
      onCommitted: (processed) => void (this.applied += processed),
    });
  }

  /** The publishing service and its lifecycle event; null for what is not another service's lifecycle event. */
  read(message: IncomingMessage): LifecycleMessage | null {
    const type = parseCloudEventType(message.type);
    if (!type || type.service === this.subscription.service) return null;
    const event = readLifecycleEvent(type.name, message.data);
    return event ? { service: type.service, event } : null;
  }

  async handle(message: IncomingMessage<LifecycleMessage | null>, tx: PoolClient): Promise<void> {
    if (!message.data) return;
    const { service, event } = message.data;
    try {
      // A version another replica loaded after this one started.
      if (event.type === 'CaseAccepted' && event.data.catalogVersion) await this.registry.ensureVersion(event.data.catalogVersion);
      const caseKey = caseKeyOf({ service, caseId: event.data.caseId });
      const before = await this.cases.lock(tx, caseKey);
      const after = applyLifecycle(before, { service, event }, { catalog: this.registry.catalog, calendar: this.calendar });
      await this.cases.save(tx, before, after, this.clock.now());
    } catch (error) {
      // Contract and data errors are permanent (DLQ at once); anything else is retried.
      throw asDomainError(error);
    }
  }
}

interface LifecycleMessage {
  readonly service: string;
  readonly event: CaseLifecycleEvent;
}
