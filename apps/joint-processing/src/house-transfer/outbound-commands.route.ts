import type { RecordedEvent } from '@gov/event-sourcing/postgres';
import { commandsTopic, type OutgoingMessage } from '@gov/messaging';
import { REAL_ESTATE_MESSAGE_VERSIONS, SERVICES, TAX_MESSAGE_VERSIONS, type MessageVersions } from '@gov/contracts';
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
            type: commandType(d.target, d.name, d.data),
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

const VERSIONS: Readonly<Record<string, MessageVersions<string>>> = { [SERVICES.realEstate]: REAL_ESTATE_MESSAGE_VERSIONS, [SERVICES.tax]: TAX_MESSAGE_VERSIONS };

/**
 * `gov.<target>.<Name>.v<N>`: the contract's current version, unless the
 * command was recorded before it named its case (then version 1, which the
 * department still reads).
 */
function commandType(target: string, name: string, data: Readonly<Record<string, unknown>>): string {
  const current = VERSIONS[target]?.[name]?.current ?? 1;
  return `gov.${target}.${name}.v${'caseId' in data ? current : 1}`;
}
