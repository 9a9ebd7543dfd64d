import { assertNever } from '@gov/event-sourcing';
import { copyOwner } from '../domain/party';
import type { RealEstateUnitCommand } from '../register/real-estate-unit.commands';
import type { SaleTransferEvent } from './sale-transfer.events';

/**
 * What a transfer's event requires of its unit. The handler decides these on
 * the unit stream and appends both streams in one transaction with their
 * expected versions, so a transfer and its unit never disagree: if the unit
 * refuses (locked by a racing application, seized since), nothing is written.
 */
export function unitCommandsFor(event: SaleTransferEvent): RealEstateUnitCommand[] {
  switch (event.type) {
    case 'TransferApplied':
      return [
        {
          type: 'LockUnitForTransfer',
          data: {
            unitNumber: event.data.unitNumber,
            transferId: event.data.transferId,
            lenderConsentMortgageIds: [...event.data.lenderConsentMortgageIds],
            at: event.data.appliedAt,
          },
        },
      ];
    case 'OwnershipTransferred':
      return [
        {
          type: 'TransferOwnership',
          data: {
            unitNumber: event.data.unitNumber,
            transferId: event.data.transferId,
            newOwners: event.data.buyers.map(copyOwner),
            priceFen: event.data.contractPriceFen,
            at: event.data.transferredAt,
          },
        },
      ];
    case 'TransferCancelled':
      return [unlock(event.data, event.data.cancelledAt)];
    case 'TransferRefused':
      // Refused at application: it never held the lock, and the unit may not even exist.
      return event.data.stage === 'application' ? [] : [unlock(event.data, event.data.refusedAt)];
    case 'TaxClearanceRecorded':
    case 'TransferRegistrationRequested':
    case 'CertificateIssued':
      return [];
    default:
      return assertNever(event, 'event');
  }
}

function unlock(data: { unitNumber: string; transferId: string; reason: string }, at: string): RealEstateUnitCommand {
  return { type: 'UnlockUnit', data: { unitNumber: data.unitNumber, transferId: data.transferId, reason: data.reason, at } };
}
