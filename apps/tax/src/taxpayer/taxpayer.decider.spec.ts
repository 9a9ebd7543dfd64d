import { DeciderSpecification, IllegalStateError, NotFoundError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import { creditCodes, residentIds } from '../testing/tax-fixtures';
import type { DeregisterTaxpayer, RegisterTaxpayer } from './taxpayer.commands';
import { taxpayerDecider } from './taxpayer.decider';
import type { TaxpayerDeregistered, TaxpayerRegistered } from './taxpayer.events';

const AT = '2018-06-30T09:00:00+08:00';
const LATER = '2018-07-02T10:30:00+08:00';
const materials = { setId: 'materials-1', documentIds: ['doc-id-card', 'doc-application-form'] };
const person = { kind: 'person', residentId: residentIds.seller, name: '张三' } as const;

const register = (overrides: Partial<RegisterTaxpayer['data']> = {}): RegisterTaxpayer => ({
  type: 'RegisterTaxpayer',
  data: { taxpayerId: 'tp-1', taxpayer: person, materials, at: AT, ...overrides },
});
const deregister = (overrides: Partial<DeregisterTaxpayer['data']> = {}): DeregisterTaxpayer => ({
  type: 'DeregisterTaxpayer',
  data: {
    taxpayerId: 'tp-1',
    reason: 'business closed',
    materials: { setId: 'materials-2', documentIds: ['doc-deregistration-form'] },
    unpaid: { count: 0, amountFen: 0 },
    at: LATER,
    ...overrides,
  },
});
const registered = (taxpayer: TaxpayerRegistered['data']['taxpayer'] = person): TaxpayerRegistered => ({
  type: 'TaxpayerRegistered',
  data: { taxpayerId: 'tp-1', taxpayer, materials, registeredAt: AT },
});
const deregistered: TaxpayerDeregistered = {
  type: 'TaxpayerDeregistered',
  data: {
    taxpayerId: 'tp-1',
    reason: 'business closed',
    materials: { setId: 'materials-2', documentIds: ['doc-deregistration-form'] },
    deregisteredAt: LATER,
  },
};

describe('taxpayerDecider', () => {
  const given = DeciderSpecification.for(taxpayerDecider);

  describe('RegisterTaxpayer', () => {
    it('registers a person by resident identity number', () => {
      given([]).when(register()).then([registered()]);
    });

    it('registers a business by credit code', () => {
      const business = { kind: 'business', creditCode: creditCodes.company, name: '涪陵某某有限公司' } as const;
      given([]).when(register({ taxpayer: business })).then([registered(business)]);
    });

    it('refuses a malformed command, naming every bad field', () => {
      given([])
        .when(register({ taxpayer: { kind: 'person', residentId: '12345', name: ' ' }, materials: { setId: '', documentIds: [] }, at: 'today' }))
        .thenThrows<ValidationError>(ValidationError, (e) =>
          expect(e.issues.map((i) => i.field)).toEqual([
            'at',
            'taxpayer.residentId',
            'taxpayer.name',
            'materials.setId',
            'materials.documentIds',
          ]),
        );
    });

    it('refuses a credit code with letters outside GB 32100 and a listed document twice', () => {
      given([])
        .when(
          register({
            taxpayer: { kind: 'business', creditCode: '91500102MA5U00001O', name: 'x' },
            materials: { setId: 's', documentIds: ['a', 'a'] },
          }),
        )
        .thenThrows<ValidationError>(ValidationError, (e) =>
          expect(e.issues.map((i) => i.field)).toEqual(['taxpayer.creditCode', 'materials.documentIds']),
        );
    });

    it('refuses to register twice', () => {
      given([registered()]).when(register()).thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.code).toBe('taxpayer-already-registered'),
      );
    });

    it('refuses to re-register a deregistered taxpayer under the same id', () => {
      given([registered(), deregistered]).when(register()).thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.code).toBe('taxpayer-deregistered'),
      );
    });
  });

  describe('DeregisterTaxpayer', () => {
    it('deregisters when nothing is unpaid', () => {
      given([registered()]).when(deregister()).then([deregistered]);
    });

    it('refuses while anything is unpaid, naming the count and amount', () => {
      given([registered()])
        .when(deregister({ unpaid: { count: 2, amountFen: 5_850_000 } }))
        .thenThrows<RuleViolation>(RuleViolation, (e) => {
          expect(e.code).toBe('taxpayer-has-unpaid-items');
          expect(e.message).toContain('2 unpaid item(s) totalling 5850000 fen');
          expect(e.details).toEqual({ unpaidCount: 2, unpaidAmountFen: 5_850_000 });
        });
    });

    it('refuses an unknown taxpayer', () => {
      given([]).when(deregister()).thenThrows(NotFoundError);
    });

    it('refuses to deregister twice', () => {
      given([registered(), deregistered]).when(deregister()).thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.code).toBe('taxpayer-deregistered'),
      );
    });

    it('refuses a malformed command: no reason, an impossible unpaid summary', () => {
      given([registered()])
        .when(deregister({ reason: '', unpaid: { count: 0, amountFen: 100 } }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues.map((i) => i.field)).toEqual(['reason', 'unpaid.count']));
      given([registered()])
        .when(deregister({ unpaid: { count: -1, amountFen: 0.5 } }))
        .thenThrows<ValidationError>(ValidationError, (e) =>
          expect(e.issues.map((i) => i.field)).toEqual(['unpaid.count', 'unpaid.amountFen']),
        );
    });
  });
});
