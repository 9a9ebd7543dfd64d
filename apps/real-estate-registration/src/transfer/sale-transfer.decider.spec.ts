import { DeciderSpecification, fold, IllegalStateError, NotFoundError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import { certificateNumberFormat } from '../certificate/certificate-number';
import type { UnitTransferView } from '../register/real-estate-unit.decider';
import { newPerson, newUnitNumber, owning, T0, T1, T2, T3, T4 } from '../testing/real-estate.factories';
import type { ApplyForSaleTransfer, SaleTransferCommand } from './sale-transfer.commands';
import { createSaleTransferDecider, saleTransferDecider as sut } from './sale-transfer.decider';
import type { SaleTransferEvent } from './sale-transfer.events';

const given = DeciderSpecification.for(sut);
const unitNumber = newUnitNumber();
const transferId = 'TR-2018-0001';
const seller1 = newPerson(1, '张三');
const seller2 = newPerson(2, '李四');
const buyer = owning(newPerson(7, '王五'));
const CERTIFICATE = '渝(2018)涪陵区不动产权第0001234号';

const fields = (error: ValidationError): string[] => error.issues.map((i) => i.field);
const code = (expected: string) => (error: Error) => expect(error).toHaveProperty('code', expected);

function unitView(overrides: Partial<UnitTransferView> = {}): UnitTransferView {
  return {
    unitNumber,
    owners: [owning(seller1, 1, 2), owning(seller2, 1, 2)],
    mortgageIds: [],
    seizureCount: 0,
    objectionCount: 0,
    lockedByTransferId: null,
    ...overrides,
  };
}

function applyData(overrides: Partial<ApplyForSaleTransfer['data']> = {}): ApplyForSaleTransfer['data'] {
  return {
    transferId,
    unitNumber,
    sellers: [seller1, seller2],
    buyers: [buyer],
    contractNumber: 'FL-2018-000123',
    contractPriceFen: 68_000_000,
    lenderConsentMortgageIds: [],
    at: T0,
    unit: unitView(),
    ...overrides,
  };
}

const apply = (overrides: Partial<ApplyForSaleTransfer['data']> = {}): SaleTransferCommand => ({
  type: 'ApplyForSaleTransfer',
  data: applyData(overrides),
});
const applied = (lenderConsentMortgageIds: string[] = []): SaleTransferEvent => ({
  type: 'TransferApplied',
  data: {
    transferId,
    caseId: null,
    unitNumber,
    sellers: [seller1, seller2],
    buyers: [buyer],
    contractNumber: 'FL-2018-000123',
    contractPriceFen: 68_000_000,
    lenderConsentMortgageIds,
    appliedAt: T0,
  },
});
const recordClearance = (clearanceId = 'CLR-1'): SaleTransferCommand => ({
  type: 'RecordTaxClearance',
  data: { transferId, clearanceId, assessmentId: 'ASM-1', at: T1 },
});
const cleared: SaleTransferEvent = {
  type: 'TaxClearanceRecorded',
  data: { transferId, caseId: null, clearanceId: 'CLR-1', assessmentId: 'ASM-1', clearedAt: T1 },
};
const register: SaleTransferCommand = { type: 'RegisterTransfer', data: { transferId, at: T2 } };
const transferred: SaleTransferEvent = {
  type: 'OwnershipTransferred',
  data: { transferId, caseId: null, unitNumber, buyers: [buyer], contractPriceFen: 68_000_000, transferredAt: T2 },
};
const issue = (certificateNumber = CERTIFICATE, at = T3): SaleTransferCommand => ({
  type: 'IssueCertificate',
  data: { transferId, certificateNumber, at },
});
const issued: SaleTransferEvent = {
  type: 'CertificateIssued',
  data: { transferId, caseId: null, unitNumber, certificateNumber: CERTIFICATE, owners: [buyer], issuedAt: T3 },
};
const cancel = (reason = '申请人撤回申请'): SaleTransferCommand => ({ type: 'CancelTransfer', data: { transferId, reason, at: T4 } });
const refuse = (reason = '合同与登记簿不符'): SaleTransferCommand => ({ type: 'RefuseTransfer', data: { transferId, reason, at: T4 } });
const cancelled: SaleTransferEvent = {
  type: 'TransferCancelled',
  data: { transferId, caseId: null, unitNumber, reason: '申请人撤回申请', taxClearanceId: null, cancelledAt: T4 },
};
const refused: SaleTransferEvent = {
  type: 'TransferRefused',
  data: { transferId, caseId: null, unitNumber, code: 'registration-refused', reason: '合同与登记簿不符', stage: 'registration', taxClearanceId: null, refusedAt: T4 },
};

describe('saleTransferDecider', () => {
  describe('ApplyForSaleTransfer', () => {
    it('accepts an application by all the owners of a free unit', () => {
      given([]).when(apply()).then([applied()]);
    });

    it('accepts the sellers in any order', () => {
      given([]).when(apply({ sellers: [seller2, seller1] })).then([{ ...applied(), data: { ...applied().data, sellers: [seller2, seller1] } } as SaleTransferEvent]);
    });

    it('refuses sellers who are not exactly the owners, without revealing the owners', () => {
      for (const sellers of [[seller1], [seller1, seller2, newPerson(3)], [seller1, newPerson(3)], [seller1, { ...seller2, name: '李四四' }]]) {
        given([])
          .when(apply({ sellers }))
          .thenThrows<RuleViolation>(RuleViolation, (e) => {
            expect(e.code).toBe('sellers-not-owners');
            expect(JSON.stringify(e.details)).not.toContain(seller2.idNumber);
          });
      }
    });

    it('refuses a seized unit', () => {
      given([]).when(apply({ unit: unitView({ seizureCount: 1 }) })).thenThrows(RuleViolation, code('unit-seized'));
    });

    it('refuses a unit under objection', () => {
      given([]).when(apply({ unit: unitView({ objectionCount: 1 }) })).thenThrows(RuleViolation, code('unit-under-objection'));
    });

    it('refuses a mortgaged unit unless the lender consents', () => {
      const unit = unitView({ mortgageIds: ['M-1'] });
      given([]).when(apply({ unit })).thenThrows(RuleViolation, code('unit-mortgaged'));
      given([]).when(apply({ unit, lenderConsentMortgageIds: ['M-1'] })).then([applied(['M-1'])]);
    });

    it('refuses a consent for a mortgage that is not on the unit', () => {
      given([]).when(apply({ lenderConsentMortgageIds: ['M-9'] })).thenThrows(RuleViolation, code('unknown-mortgage-consent'));
    });

    it('refuses a unit locked for another transfer', () => {
      given([]).when(apply({ unit: unitView({ lockedByTransferId: 'TR-OTHER' }) })).thenThrows(IllegalStateError, code('unit-locked-for-transfer'));
    });

    it('refuses an application for the same transfer id twice', () => {
      given([applied()]).when(apply()).thenThrows(IllegalStateError, code('transfer-already-applied'));
    });

    it('refuses a unit that is not registered, after checking the fields', () => {
      given([]).when(apply({ unit: null })).thenThrows(NotFoundError);
      given([])
        .when(apply({ unit: null, contractNumber: '' }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['contractNumber']));
    });

    it('refuses a unit view of another unit', () => {
      given([]).when(apply({ unit: unitView({ unitNumber: newUnitNumber(2) }) })).thenThrows(IllegalStateError, code('unit-number-mismatch'));
    });

    it('refuses buyers whose shares do not add up to one', () => {
      given([])
        .when(apply({ buyers: [owning(newPerson(7), 1, 2), owning(newPerson(8), 1, 3)] }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['buyers']));
    });

    it('reports every malformed field at once', () => {
      const badBuyer = { ...buyer, idNumber: '500102197503150019' };
      given([])
        .when(
          apply({
            transferId: '',
            unitNumber: '12',
            sellers: [],
            buyers: [badBuyer],
            contractNumber: '',
            contractPriceFen: 680_000.5,
            lenderConsentMortgageIds: ['M-1', 'M-1'],
            at: 'yesterday',
          }),
        )
        .thenThrows<ValidationError>(ValidationError, (e) =>
          expect(fields(e)).toEqual([
            'transferId',
            'unitNumber',
            'sellers',
            'buyers[0].idNumber',
            'contractNumber',
            'contractPriceFen',
            'lenderConsentMortgageIds',
            'at',
          ]),
        );
    });
  });

  describe('RecordTaxClearance', () => {
    it('records the clearance of an application awaiting it', () => {
      given([applied()]).when(recordClearance()).then([cleared]);
    });

    it('does nothing when the same clearance comes again', () => {
      given([applied(), cleared]).when(recordClearance()).thenNothingHappened();
      given([applied(), cleared, transferred, issued]).when(recordClearance()).thenNothingHappened();
    });

    it('refuses a second, different clearance', () => {
      given([applied(), cleared]).when(recordClearance('CLR-2')).thenThrows(IllegalStateError, code('tax-clearance-already-recorded'));
    });

    it('refuses a closed transfer and an unknown one', () => {
      given([applied(), cancelled]).when(recordClearance()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([applied(), refused]).when(recordClearance()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([]).when(recordClearance()).thenThrows(NotFoundError);
    });

    it('refuses a malformed assessment id', () => {
      given([applied()])
        .when({ type: 'RecordTaxClearance', data: { transferId, clearanceId: 'CLR-1', assessmentId: 'a b', at: T1 } })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['assessmentId']));
    });

    it('refuses a command for another transfer than the stream', () => {
      given([applied()])
        .when({ type: 'RecordTaxClearance', data: { transferId: 'TR-OTHER', clearanceId: 'CLR-1', assessmentId: 'ASM-1', at: T1 } })
        .thenThrows(IllegalStateError, code('transfer-id-mismatch'));
    });
  });

  describe('RegisterTransfer', () => {
    it('registers the buyers once the taxes are cleared', () => {
      given([applied(), cleared]).when(register).then([transferred]);
    });

    it('refuses before the taxes are cleared', () => {
      given([applied()]).when(register).thenThrows(IllegalStateError, code('awaiting-tax-clearance'));
    });

    it('refuses a second registration', () => {
      given([applied(), cleared, transferred]).when(register).thenThrows(IllegalStateError, code('transfer-already-registered'));
      given([applied(), cleared, transferred, issued]).when(register).thenThrows(IllegalStateError, code('transfer-already-registered'));
    });

    it('refuses a closed transfer and an unknown one', () => {
      given([applied(), cleared, cancelled]).when(register).thenThrows(IllegalStateError, code('transfer-closed'));
      given([]).when(register).thenThrows(NotFoundError);
    });
  });

  describe('IssueCertificate', () => {
    it('issues the certificate to the new owners and completes the transfer', () => {
      given([applied(), cleared, transferred]).when(issue()).then([issued]);
      expect(fold(sut, [applied(), cleared, transferred, issued])).toMatchObject({
        status: 'completed',
        certificate: { certificateNumber: CERTIFICATE, issuedAt: T3 },
      });
    });

    it('refuses a certificate before the owners are registered', () => {
      given([applied()]).when(issue()).thenThrows(IllegalStateError, code('transfer-not-registered'));
      given([applied(), cleared]).when(issue()).thenThrows(IllegalStateError, code('transfer-not-registered'));
    });

    it('refuses a second certificate, so the drawn serial is rolled back', () => {
      given([applied(), cleared, transferred, issued])
        .when(issue('渝(2018)涪陵区不动产权第0001235号'))
        .thenThrows(IllegalStateError, code('certificate-already-issued'));
    });

    it('refuses a closed transfer and an unknown one', () => {
      given([applied(), refused]).when(issue()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([]).when(issue()).thenThrows(NotFoundError);
    });

    it.each([
      ['a malformed number', '渝(2018)涪陵区不动产权第1234号'],
      ['another district', '渝(2018)渝中区不动产权第0001234号'],
      ['full-width brackets', '渝（2018）涪陵区不动产权第0001234号'],
      ['another year', '渝(2017)涪陵区不动产权第0001234号'],
    ])('refuses %s', (_, certificateNumber) => {
      given([applied(), cleared, transferred])
        .when(issue(certificateNumber))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['certificateNumber']));
    });

    it('takes the year of issue in China time', () => {
      const newYearsEveUtc = '2018-12-31T16:30:00Z';
      given([applied(), cleared, transferred])
        .when(issue('渝(2018)涪陵区不动产权第0000001号', newYearsEveUtc))
        .thenThrows(ValidationError);
      given([applied(), cleared, transferred])
        .when(issue('渝(2019)涪陵区不动产权第0000001号', newYearsEveUtc))
        .then([{ ...issued, data: { ...issued.data, certificateNumber: '渝(2019)涪陵区不动产权第0000001号', issuedAt: newYearsEveUtc } } as SaleTransferEvent]);
    });

    it('numbers by the configured province and district', () => {
      const sichuan = DeciderSpecification.for(
        createSaleTransferDecider({ certificateNumbers: certificateNumberFormat({ provinceAbbreviation: '川', district: '武侯区' }) }),
      );
      sichuan([applied(), cleared, transferred]).when(issue()).thenThrows(ValidationError);
      sichuan([applied(), cleared, transferred])
        .when(issue('川(2018)武侯区不动产权第0000007号'))
        .then([{ ...issued, data: { ...issued.data, certificateNumber: '川(2018)武侯区不动产权第0000007号' } } as SaleTransferEvent]);
    });
  });

  describe('CancelTransfer', () => {
    it('cancels an application awaiting tax clearance, with the reason', () => {
      given([applied()]).when(cancel()).then([cancelled]);
    });

    it('cancels after clearance, naming the clearance to refund', () => {
      given([applied(), cleared])
        .when(cancel())
        .then([{ type: 'TransferCancelled', data: { ...(cancelled.data as object), taxClearanceId: 'CLR-1' } } as SaleTransferEvent]);
    });

    it('refuses once the owners are registered', () => {
      given([applied(), cleared, transferred]).when(cancel()).thenThrows(IllegalStateError, code('transfer-already-registered'));
      given([applied(), cleared, transferred, issued]).when(cancel()).thenThrows(IllegalStateError, code('transfer-already-registered'));
    });

    it('refuses a closed transfer, an unknown one and a missing reason', () => {
      given([applied(), cancelled]).when(cancel()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([applied(), refused]).when(cancel()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([]).when(cancel()).thenThrows(NotFoundError);
      given([applied()])
        .when(cancel(''))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['reason']));
    });
  });

  describe('RefuseTransfer', () => {
    it('refuses an application with the reason, before or after clearance', () => {
      given([applied()]).when(refuse()).then([refused]);
      given([applied(), cleared])
        .when(refuse())
        .then([{ type: 'TransferRefused', data: { ...(refused.data as object), taxClearanceId: 'CLR-1' } } as SaleTransferEvent]);
    });

    it('is itself refused once the owners are registered or the transfer is closed', () => {
      given([applied(), cleared, transferred]).when(refuse()).thenThrows(IllegalStateError, code('transfer-already-registered'));
      given([applied(), refused]).when(refuse()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([applied(), cancelled]).when(refuse()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([]).when(refuse()).thenThrows(NotFoundError);
      given([applied()])
        .when(refuse(' '))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['reason']));
    });
  });

  describe('ApplyForSaleTransfer from a joint case', () => {
    it('keeps the case id the application came with', () => {
      given([])
        .when(apply({ caseId: 'JC-2018-0001' }))
        .then([{ ...applied(), data: { ...(applied().data as object), caseId: 'JC-2018-0001' } } as SaleTransferEvent]);
    });

    it('refuses a malformed case id', () => {
      given([])
        .when(apply({ caseId: 'a b' }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['caseId']));
    });
  });

  describe('RegisterTransfer deferred until the clearance', () => {
    const deferred: SaleTransferCommand = { type: 'RegisterTransfer', data: { transferId, at: T1, deferUntilTaxCleared: true } };
    const requested: SaleTransferEvent = { type: 'TransferRegistrationRequested', data: { transferId, caseId: null, unitNumber, requestedAt: T1 } };

    it('remembers the request while the taxes are not cleared, once', () => {
      given([applied()]).when(deferred).then([requested]);
      given([applied(), requested]).when(deferred).thenNothingHappened();
      expect(fold(sut, [applied(), requested, cleared])).toMatchObject({ status: 'tax-cleared', registrationRequestedAt: T1 });
    });

    it('registers at once when the taxes are already cleared', () => {
      given([applied(), cleared]).when({ ...deferred, data: { ...deferred.data, at: T2 } }).then([transferred]);
    });

    it('refuses a closed transfer', () => {
      given([applied(), cancelled]).when(deferred).thenThrows(IllegalStateError, code('transfer-closed'));
    });
  });

  describe('RefuseTransfer with a code', () => {
    it('names the reason in machine terms', () => {
      given([applied()])
        .when({ type: 'RefuseTransfer', data: { transferId, reason: '法院查封', code: 'unit-seized', at: T4 } })
        .then([{ type: 'TransferRefused', data: { ...(refused.data as object), code: 'unit-seized', reason: '法院查封' } } as SaleTransferEvent]);
    });
  });

  describe('RefuseApplication', () => {
    const refuseApplication = (overrides: Record<string, unknown> = {}): SaleTransferCommand =>
      ({ type: 'RefuseApplication', data: { transferId, caseId: null, unitNumber, code: 'unit-seized', reason: 'the unit is seized by court order', at: T0, ...overrides } }) as SaleTransferCommand;
    const applicationRefused: SaleTransferEvent = {
      type: 'TransferRefused',
      data: { transferId, caseId: null, unitNumber, code: 'unit-seized', reason: 'the unit is seized by court order', stage: 'application', taxClearanceId: null, refusedAt: T0 },
    };

    it('records why an application was not accepted, and closes the transfer id', () => {
      given([]).when(refuseApplication()).then([applicationRefused]);
      expect(fold(sut, [applicationRefused])).toMatchObject({ status: 'application-refused', code: 'unit-seized' });
      given([applicationRefused]).when(refuseApplication()).thenNothingHappened();
      given([applicationRefused]).when(apply()).thenThrows(IllegalStateError, code('transfer-closed'));
      given([applicationRefused]).when(cancel()).thenThrows(IllegalStateError, code('transfer-closed'));
    });

    it('never overwrites an accepted application', () => {
      given([applied()]).when(refuseApplication()).thenThrows(IllegalStateError, code('transfer-already-applied'));
    });

    it('keeps an application without a unit number refusable', () => {
      given([])
        .when(refuseApplication({ unitNumber: '' }))
        .then([{ ...applicationRefused, data: { ...(applicationRefused.data as object), unitNumber: '' } } as SaleTransferEvent]);
    });

    it('refuses a malformed refusal', () => {
      given([])
        .when(refuseApplication({ code: 'a b', reason: '' }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['code', 'reason']));
    });
  });

  describe('state', () => {
    it('walks the statuses of a transfer', () => {
      const statuses = [[], [applied()], [applied(), cleared], [applied(), cleared, transferred], [applied(), cleared, transferred, issued]].map(
        (events) => fold(sut, events).status,
      );
      expect(statuses).toEqual(['not-applied', 'awaiting-tax-clearance', 'tax-cleared', 'ownership-transferred', 'completed']);
      expect(fold(sut, [applied(), cleared, cancelled])).toMatchObject({
        status: 'cancelled',
        reason: '申请人撤回申请',
        taxClearance: { clearanceId: 'CLR-1' },
      });
      expect(fold(sut, [applied(), refused])).toMatchObject({ status: 'refused', reason: '合同与登记簿不符', taxClearance: null });
    });
  });
});
