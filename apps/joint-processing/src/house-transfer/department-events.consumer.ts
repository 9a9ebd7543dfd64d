import { Injectable, type OnModuleInit } from '@nestjs/common';
import { parseCloudEventType } from '@gov/messaging';
import { SERVICES } from '@gov/contracts';
import { kafkaCommandContext, ServiceRuntime } from '@gov/platform';
import { HouseTransferService, caseIdOf, caseLockKey } from './house-transfer.service';
import type { Department } from './joint-case.types';
import { EVENTS_OF_INTEREST } from './joint-case.decider';

/** Advances joint cases on the events real-estate and tax publish. */
@Injectable()
export class DepartmentEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly cases: HouseTransferService,
  ) {}

  onModuleInit(): void {
    const departments: Department[] = [SERVICES.realEstate, SERVICES.tax];
    const byTopic = new Map(departments.map((d) => [this.runtime.topicOf(d, 'events'), d] as const));
    this.runtime.consume({
      name: 'department-events',
      topics: [...byTopic.keys()],
      accepts: (ceType, topic) => {
        const department = byTopic.get(topic);
        const name = parseCloudEventType(ceType)?.name;
        return !!department && !!name && EVENTS_OF_INTEREST[department].has(name);
      },
      // Chunks of the two topics' partitions meet on the same cases: they take their cases' locks in one order.
      lockKey: (message) => {
        const caseId = caseIdOf(message.data);
        return caseId ? caseLockKey(caseId) : undefined;
      },
      handle: async (message, tx) => {
        const department = byTopic.get(message.topic);
        const type = parseCloudEventType(message.type);
        if (!department || !type || !EVENTS_OF_INTEREST[department].has(type.name) || typeof message.data !== 'object' || message.data === null) return;
        const caseId = caseIdOf(message.data);
        // A message without a correlation id joins its case's: the case stream's id, as the case's own commands carry.
        const ctx = kafkaCommandContext(message, { correlationId: caseId ? caseLockKey(caseId) : undefined });
        await this.cases.recordDepartmentEvent(department, type.name, message.data as Record<string, unknown>, ctx, tx);
      },
    });
  }
}
