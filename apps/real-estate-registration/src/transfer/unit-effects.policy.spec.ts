import { fold, IllegalStateError, RuleViolation } from '@gov/event-sourcing';
import type { RealEstateUnitEvent } from '../register/real-estate-unit.events';
import { realEstateUnitDecider as units, unitTransferView } from '../register/real-estate-unit.decider';
import { newPerson, owning, T0, T1, T2, T3, T4, unitRegistered } from '../testing/real-estate.factories';
import type { SaleTransferCommand } from './sale-transfer.commands';
import { saleTransferDecider as transfers } from './sale-transfer.decider';
import type { SaleTransferEvent } from './sale-transfer.events';
import { unitCommandsFor as sut } from './unit-effects.policy';

const registered = unitRegistered();
const { unitNumber, owners } = registered.data;
const sellers = owners.map(({ name, idType, idNumber }) => ({ name, idType, idNumber }));
const buyer = owning(newPerson(7, '王五'));

/** What the command handler does, minus the store: decide the transfer, then its unit effects, in one unit of work. */
function handle(
  transferEvents: readonly SaleTransferEvent[],
  unitEvents: readonly RealEstateUnitEvent[],
  command: SaleTransferCommand,
): { transfer: SaleTransferEvent[]; unit: RealEstateUnitEvent[] } {
  const transfer = [...transfers.decide(command, fold(transfers, transferEvents))];
  const unit: RealEstateUnitEvent[] = [];
  for (const event of transfer) {
    for (const unitCommand of sut(event)) unit.push(...units.decide(unitCommand, fold(units, [...unitEvents, ...unit])));
  }
  return { transfer, unit };
}

function apply(transferId: string, unitEvents: readonly RealEstateUnitEvent[], at = T0): SaleTransferCommand {
  return {
    type: 'ApplyForSaleTransfer',
    data: {
      transferId,
      unitNumber,
      sellers,
      buyers: [buyer],
      contractNumber: `C-${transferId}`,
      contractPriceFen: 68_000_000,
      lenderConsentMortgageIds: [],
      at,
      unit: unitTransferView(fold(units, unitEvents), unitNumber),
    },
  };
}

describe('unitCommandsFor', () => {
  it('locks the unit when a transfer is applied for', () => {
    const { transfer, unit } = handle([], [registered], apply('TR-1', [registered]));
    expect(sut(transfer[0])).toEqual([
      { type: 'LockUnitForTransfer', data: { unitNumber, transferId: 'TR-1', lenderConsentMortgageIds: [], at: T0 } },
    ]);
    expect(unit).toEqual([{ type: 'UnitLockedForTransfer', data: { unitNumber, transferId: 'TR-1', consentedMortgageIds: [], lockedAt: T0 } }]);
  });

  it('lets only one of two racing applications lock the unit', () => {
    // Both read the unit while it was free; the first to append wins, the second is decided again on the
    // reloaded unit (the store's expected-version conflict) and refused.
    const first = handle([], [registered], apply('TR-1', [registered]));
    const second = apply('TR-2', [registered], T1);
    expect(() => handle([], [registered, ...first.unit], second)).toThrow(IllegalStateError);
    expect(() => handle([], [registered, ...first.unit], apply('TR-2', [registered, ...first.unit], T1))).toThrow(
      expect.objectContaining({ code: 'unit-locked-for-transfer' }),
    );
  });

  it('carries a transfer through to the new owners and frees the unit', () => {
    let transferEvents: SaleTransferEvent[] = [];
    let unitEvents: RealEstateUnitEvent[] = [registered];
    const run = (command: SaleTransferCommand): void => {
      const { transfer, unit } = handle(transferEvents, unitEvents, command);
      transferEvents = [...transferEvents, ...transfer];
      unitEvents = [...unitEvents, ...unit];
    };
    run(apply('TR-1', unitEvents));
    run({ type: 'RecordTaxClearance', data: { transferId: 'TR-1', clearanceId: 'CLR-1', assessmentId: 'ASM-1', at: T1 } });
    run({ type: 'RegisterTransfer', data: { transferId: 'TR-1', at: T2 } });
    run({ type: 'IssueCertificate', data: { transferId: 'TR-1', certificateNumber: '渝(2018)涪陵区不动产权第0000001号', at: T3 } });

    expect(transferEvents.map((e) => e.type)).toEqual(['TransferApplied', 'TaxClearanceRecorded', 'OwnershipTransferred', 'CertificateIssued']);
    expect(unitEvents.map((e) => e.type)).toEqual(['UnitRegistered', 'UnitLockedForTransfer', 'UnitOwnershipTransferred']);
    expect(unitTransferView(fold(units, unitEvents), unitNumber)).toMatchObject({ owners: [buyer], lockedByTransferId: null });
  });

  it('writes nothing when the unit was seized after the application', () => {
    const applied = handle([], [registered], apply('TR-1', [registered]));
    const seized: RealEstateUnitEvent = {
      type: 'SeizureRegistered',
      data: { unitNumber, court: '重庆市涪陵区人民法院', orderNumber: '(2018)渝0102执1号', registeredAt: T1 },
    };
    const cleared: SaleTransferEvent = {
      type: 'TaxClearanceRecorded',
      data: { transferId: 'TR-1', caseId: null, clearanceId: 'CLR-1', assessmentId: 'ASM-1', clearedAt: T1 },
    };
    expect(() =>
      handle([...applied.transfer, cleared], [registered, ...applied.unit, seized], { type: 'RegisterTransfer', data: { transferId: 'TR-1', at: T2 } }),
    ).toThrow(RuleViolation);
  });

  it.each([
    ['cancelled', { type: 'CancelTransfer', data: { transferId: 'TR-1', reason: '申请人撤回申请', at: T4 } }],
    ['refused', { type: 'RefuseTransfer', data: { transferId: 'TR-1', reason: '合同与登记簿不符', at: T4 } }],
  ] as const)('unlocks the unit with the reason when the transfer is %s', (_, command) => {
    const applied = handle([], [registered], apply('TR-1', [registered]));
    const { transfer, unit } = handle(applied.transfer, [registered, ...applied.unit], command);
    expect(sut(transfer[0])).toEqual([{ type: 'UnlockUnit', data: { unitNumber, transferId: 'TR-1', reason: command.data.reason, at: T4 } }]);
    expect(unit).toEqual([{ type: 'UnitUnlocked', data: { unitNumber, transferId: 'TR-1', reason: command.data.reason, unlockedAt: T4 } }]);
  });

  it('asks nothing of the unit when an application is refused before it was accepted', () => {
    expect(
      sut({
        type: 'TransferRefused',
        data: { transferId: 'TR-1', caseId: null, unitNumber, code: 'unit-seized', reason: '查封', stage: 'application', taxClearanceId: null, refusedAt: T1 },
      }),
    ).toEqual([]);
    expect(sut({ type: 'TransferRegistrationRequested', data: { transferId: 'TR-1', caseId: null, unitNumber, requestedAt: T1 } })).toEqual([]);
  });

  it('asks nothing of the unit for a clearance or a certificate', () => {
    expect(sut({ type: 'TaxClearanceRecorded', data: { transferId: 'TR-1', caseId: null, clearanceId: 'C', assessmentId: 'A', clearedAt: T1 } })).toEqual([]);
    expect(
      sut({ type: 'CertificateIssued', data: { transferId: 'TR-1', caseId: null, unitNumber, certificateNumber: 'x', owners: [buyer], issuedAt: T3 } }),
    ).toEqual([]);
  });
});
