import type { RecordedEvent } from '@gov/event-sourcing/postgres';
import { commandsTopic, type OutgoingMessage } from '@gov/messaging';
import type { JointCaseEvent } from './joint-case.events';

/**
 * What the relay publishes for the joint case's events: department commands go
 * to that department's commands topic (ce_id = command id, so a re-publish is
 * one effect); acceptance goes out without the parties' personal data.
 */
export function jointCaseRoute(topicPrefix: string) {
  return (event: RecordedEvent, defaults: OutgoingMessage): readonly OutgoingMessage[] => {
    const e = event as unknown as RecordedEvent<JointCaseEvent>;
    if (e.type === 'DepartmentCommandSent') {
      const d = e.data;
      return [
        {
          topic: commandsTopic(d.target, topicPrefix),
          key: typeof d.data.transferId === 'string' ? d.data.transferId : typeof d.data.assessmentId === 'string' ? d.data.assessmentId : e.streamId,
          attributes: {
            ...defaults.attributes,
            id: d.commandId,
            type: `gov.${d.target}.${d.name}.v1`,
            correlationId: defaults.attributes.correlationId ?? e.streamId,
            causationId: e.eventId,
          },
          data: d.data,
        },
      ];
    }
    if (e.type === 'HouseTransferAccepted') {
      const d = e.data;
      return [
        {
          ...defaults,
          data: {
            caseId: d.caseId,
            ticket: d.ticket,
            unitNumber: d.application.unit.unitNumber,
            sellers: d.application.sellers.length,
            buyers: d.application.buyers.length,
            materials: d.materials.map((m) => m.type),
            catalogVersion: d.catalogVersion,
            acceptedAt: d.acceptedAt,
            deadlineAt: d.deadlineAt,
          },
        },
      ];
    }
    return [defaults];
  };
}
