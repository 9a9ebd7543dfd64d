import { newPerson, newUnitNumber, owning, T0, T1, T2, T3, T4 } from '../testing/real-estate.factories';
import type { SaleTransferEvent } from './sale-transfer.events';
import { lifecycleEventsFor as sut, type TransferCaseRef } from './transfer-lifecycle.policy';

const ref: TransferCaseRef = { itemCode: 'BDC-01', catalogVersion: '2018-08', department: 'real-estate' };
const transferId = 'TR-1';
const unitNumber = newUnitNumber();
const buyer = owning(newPerson(7));
const kinds = (event: SaleTransferEvent) => sut(event, ref, 'clerk-1').map((e) => [e.type, 'step' in e.data ? e.data.step : 'outcome' in e.data ? e.data.outcome : null]);

describe('lifecycleEventsFor', () => {
  it('opens the case on acceptance, under the item and catalog version, with the transfer id as case id', () => {
    expect(
      sut(
        {
          type: 'TransferApplied',
          data: { transferId, caseId: 'JC-1', unitNumber, sellers: [], buyers: [buyer], contractNumber: 'C', contractPriceFen: 1, lenderConsentMortgageIds: [], appliedAt: T0 },
        },
        ref,
      ),
    ).toEqual([
      { type: 'CaseAccepted', data: { caseId: transferId, itemCode: 'BDC-01', catalogVersion: '2018-08', department: 'real-estate', at: T0, applicantIds: [buyer.idNumber] } },
    ]);
  });

  it('marks the steps, the decision and the completion of an approved transfer', () => {
    expect(kinds({ type: 'TaxClearanceRecorded', data: { transferId, caseId: null, clearanceId: 'C', assessmentId: 'A', clearedAt: T1 } })).toEqual([['CaseStepCompleted', 'tax-cleared']]);
    expect(kinds({ type: 'OwnershipTransferred', data: { transferId, caseId: null, unitNumber, buyers: [buyer], contractPriceFen: 1, transferredAt: T2 } })).toEqual([
      ['CaseStepCompleted', 'ownership-registered'],
      ['CaseDecided', 'approved'],
    ]);
    expect(kinds({ type: 'CertificateIssued', data: { transferId, caseId: null, unitNumber, certificateNumber: 'N', owners: [buyer], issuedAt: T3 } })).toEqual([
      ['CaseStepCompleted', 'certificate-issued'],
      ['CaseCompleted', 'approved'],
    ]);
  });

  it('ends a refused case refused, a cancelled one withdrawn, and opens none for an application never accepted', () => {
    const refused = (stage: 'application' | 'registration'): SaleTransferEvent => ({
      type: 'TransferRefused',
      data: { transferId, caseId: null, unitNumber, code: 'unit-seized', reason: '查封', stage, taxClearanceId: null, refusedAt: T4 },
    });
    expect(kinds(refused('registration'))).toEqual([
      ['CaseDecided', 'refused'],
      ['CaseCompleted', 'refused'],
    ]);
    expect(sut(refused('registration'), ref)[0].data).toMatchObject({ reason: '查封' });
    expect(kinds(refused('application'))).toEqual([]);
    expect(kinds({ type: 'TransferCancelled', data: { transferId, caseId: null, unitNumber, reason: 'r', taxClearanceId: null, cancelledAt: T4 } })).toEqual([['CaseCompleted', 'withdrawn']]);
    expect(kinds({ type: 'TransferRegistrationRequested', data: { transferId, caseId: null, unitNumber, requestedAt: T1 } })).toEqual([]);
  });
});
