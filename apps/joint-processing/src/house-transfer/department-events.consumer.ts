import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseCloudEventType } from '@gov/messaging';
import { SERVICES } from '@gov/contracts';
import { ServiceRuntime } from '@gov/platform';
import { RecordDepartmentEventCommand } from './house-transfer.handlers';
import { caseIdOf } from './house-transfer.service';
import { caseLockKey } from './joint-case.aggregate';
import type { Department } from './joint-case.types';
import { EVENTS_OF_INTEREST } from './joint-case.decider';

/** Advances joint cases on the events real-estate and tax publish. */
@Injectable()
export class DepartmentEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
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
        await this.commands.execute(new RecordDepartmentEventCommand(department, type.name, message.id, message.data as Record<string, unknown>, tx));
      },
    });
  }
}
