import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseCloudEventType, type IncomingMessage } from '@gov/messaging';
import { SERVICES, parseRealEstateEvent, parseTaxEvent } from '@gov/contracts';
import { kafkaCommandContext, ServiceRuntime } from '@gov/platform';
import { RecordDepartmentEventCommand } from './house-transfer.handlers';
import { caseLockKey, jointCaseIdOf } from './joint-case.aggregate';
import { EVENTS_OF_INTEREST, ofInterest, type Department, type DepartmentEvent } from './joint-case.types';

/** Advances joint cases on the events real-estate and tax publish, read with their contracts at the edge. */
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
        return !!department && !!name && (EVENTS_OF_INTEREST[department] as readonly string[]).includes(name);
      },
      // Once, before the inbox transaction: a message that breaks its department's contract goes to the DLQ naming the field.
      parse: (message) => readDepartmentEvent(byTopic.get(message.topic), message),
      // Chunks of the two topics' partitions meet on the same cases: they take their cases' locks in one order.
      lockKey: (message) => {
        const caseId = message.data && jointCaseIdOf(message.data);
        return caseId ? caseLockKey(caseId) : undefined;
      },
      handle: async (message, tx) => {
        if (!message.data) return;
        const caseId = jointCaseIdOf(message.data);
        // A message without a correlation id joins its case's: the case stream's id, as the case's own commands carry.
        const ctx = kafkaCommandContext(message, { correlationId: caseId ? caseLockKey(caseId) : undefined });
        await this.commands.execute(new RecordDepartmentEventCommand(message.data, ctx, tx));
      },
    });
  }
}

/** The department's event by its contract; null for one the joint case does not react to. Throws ContractViolation. */
export function readDepartmentEvent(department: Department | undefined, message: IncomingMessage): DepartmentEvent | null {
  if (department === 'real-estate-registration') {
    const event = parseRealEstateEvent(message.type, message.data);
    return ofInterest(department, event) ? { department, event } : null;
  }
  if (department === 'tax') {
    const event = parseTaxEvent(message.type, message.data);
    return ofInterest(department, event) ? { department, event } : null;
  }
  return null;
}
