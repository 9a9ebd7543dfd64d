import { DeciderSpecification, fold, IllegalStateError, NotFoundError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import {
  newCompany,
  newPerson,
  newUnitNumber,
  owning,
  registerUnitData,
  T0,
  T1,
  T2,
  T3,
  T4,
  unitRegistered,
} from '../testing/real-estate.factories';
import type { RealEstateUnitCommand } from './real-estate-unit.commands';
import { realEstateUnitDecider as sut, unitTransferView } from './real-estate-unit.decider';
import type { RealEstateUnitEvent } from './real-estate-unit.events';

const given = DeciderSpecification.for(sut);
const unitNumber = newUnitNumber();
const registered = unitRegistered();

const fields = (error: ValidationError): string[] => error.issues.map((i) => i.field);
const code = (expected: string) => (error: Error) => expect(error).toHaveProperty('code', expected);

const mortgage = (mortgageId = 'M-1'): RealEstateUnitEvent => ({
  type: 'MortgageRegistered',
  data: { unitNumber, mortgageId, lender: '中国建设银行涪陵支行', amountFen: 20_000_000, registeredAt: T0 },
});
const seizure = (orderNumber = '(2018)渝0102执123号'): RealEstateUnitEvent => ({
  type: 'SeizureRegistered',
  data: { unitNumber, court: '重庆市涪陵区人民法院', orderNumber, registeredAt: T0 },
});
const objection = (objectionId = 'OBJ-1'): RealEstateUnitEvent => ({
  type: 'ObjectionRegistered',
  data: { unitNumber, objectionId, applicantName: '王五', reason: '主张共有份额', registeredAt: T0 },
});
const locked = (transferId = 'TR-1', consentedMortgageIds: string[] = []): RealEstateUnitEvent => ({
  type: 'UnitLockedForTransfer',
  data: { unitNumber, transferId, consentedMortgageIds, lockedAt: T1 },
});
const lock = (transferId = 'TR-1', lenderConsentMortgageIds: string[] = []): RealEstateUnitCommand => ({
  type: 'LockUnitForTransfer',
  data: { unitNumber, transferId, lenderConsentMortgageIds, at: T2 },
});
const buyer = owning(newPerson(7, '买受人'));
const transferOwnership = (transferId = 'TR-1', newOwners = [buyer]): RealEstateUnitCommand => ({
  type: 'TransferOwnership',
  data: { unitNumber, transferId, newOwners, priceFen: 68_000_000, at: T3 },
});
const ownershipTransferred = (transferId = 'TR-1', transferredAt = T3): RealEstateUnitEvent => ({
  type: 'UnitOwnershipTransferred',
  data: {
    unitNumber,
    transferId,
    previousOwners: registered.data.owners,
    newOwners: [buyer],
    priceFen: 68_000_000,
    transferredAt,
  },
});

describe('realEstateUnitDecider', () => {
  describe('RegisterUnit', () => {
    it('registers a unit with its owners and shares', () => {
      given([]).when({ type: 'RegisterUnit', data: registerUnitData() }).then([registered]);
    });

    it('accepts thirds that add up to exactly one, a company owner and an unknown original price', () => {
      const owners = [owning(newPerson(1), 1, 3), owning(newPerson(2), 1, 3), owning(newCompany(1), 1, 3)];
      const data = registerUnitData({ owners, originalPriceFen: null });
      given([]).when({ type: 'RegisterUnit', data }).then([unitRegistered({ owners, originalPriceFen: null })]);
    });

    it('keeps only the known fields of each owner', () => {
      const owner = { ...owning(newPerson(1)), phone: '13800000000' };
      const [event] = sut.decide({ type: 'RegisterUnit', data: registerUnitData({ owners: [owner] }) }, sut.initialState());
      expect(event.type === 'UnitRegistered' && event.data.owners[0]).toEqual(owning(newPerson(1)));
    });

    it('refuses a unit that is already registered', () => {
      given([registered])
        .when({ type: 'RegisterUnit', data: registerUnitData() })
        .thenThrows(IllegalStateError, code('unit-already-registered'));
    });

    it('refuses shares that do not add up to exactly one', () => {
      const owners = [owning(newPerson(1), 1, 3), owning(newPerson(2), 1, 3), owning(newPerson(3), 33, 100)];
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ owners }) })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues).toEqual([{ field: 'owners', message: 'shares must add up to exactly 1' }]));
    });

    it('refuses a share that is not a proper fraction', () => {
      const owners = [owning(newPerson(1), 3, 2), owning(newPerson(2), 0, 2)];
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ owners }) })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['owners[0].share', 'owners[1].share']));
    });

    it('refuses a resident id with a wrong check digit, naming the field but not the number', () => {
      const good = newPerson(1);
      const bad = { ...good, idNumber: good.idNumber.slice(0, 17) + (good.idNumber[17] === '0' ? '1' : '0') };
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ owners: [owning(bad)] }) })
        .thenThrows<ValidationError>(ValidationError, (e) => {
          expect(fields(e)).toEqual(['owners[0].idNumber']);
          expect(e.message).not.toContain(bad.idNumber);
        });
    });

    it('refuses a credit code with a wrong check character and the same owner twice', () => {
      const company = newCompany(1);
      const badCompany = { ...company, idNumber: company.idNumber.slice(0, 17) + (company.idNumber[17] === '1' ? '2' : '1') };
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ owners: [owning(badCompany)] }) })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['owners[0].idNumber']));
      const twice = [owning(newPerson(1), 1, 2), owning(newPerson(1), 1, 2)];
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ owners: twice }) })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['owners[1].idNumber']));
    });

    it('reports every bad field at once', () => {
      const data = registerUnitData({
        unitNumber: 'U-1',
        location: ' ',
        areaHundredthsM2: 89.52,
        originalPriceFen: 1.5,
        acquisitionDate: '2018-02-30',
        owners: [],
      });
      given([])
        .when({ type: 'RegisterUnit', data })
        .thenThrows<ValidationError>(ValidationError, (e) =>
          expect(fields(e)).toEqual(['unitNumber', 'location', 'areaHundredthsM2', 'originalPriceFen', 'owners', 'acquisitionDate']),
        );
    });

    it('refuses an acquisition date after the registration day and a time without an offset', () => {
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ acquisitionDate: '2018-07-03' }) })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['acquisitionDate']));
      given([])
        .when({ type: 'RegisterUnit', data: registerUnitData({ at: '2018-07-02T09:00:00' }) })
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['at']));
    });
  });

  describe('RegisterMortgage', () => {
    const register = (mortgageId = 'M-1', amountFen = 20_000_000): RealEstateUnitCommand => ({
      type: 'RegisterMortgage',
      data: { unitNumber, mortgageId, lender: '中国建设银行涪陵支行', amountFen, at: T0 },
    });

    it('registers a mortgage', () => {
      given([registered]).when(register()).then([mortgage()]);
    });

    it('refuses an unregistered unit', () => {
      given([]).when(register()).thenThrows(NotFoundError);
    });

    it('refuses the same mortgage id twice', () => {
      given([registered, mortgage()]).when(register()).thenThrows(IllegalStateError, code('mortgage-already-registered'));
    });

    it('refuses a unit locked for a transfer', () => {
      given([registered, locked()]).when(register('M-2')).thenThrows(IllegalStateError, code('unit-locked-for-transfer'));
    });

    it('refuses a seized unit', () => {
      given([registered, seizure()]).when(register('M-2')).thenThrows(RuleViolation, code('unit-seized'));
    });

    it('refuses an amount that is not positive integer fen', () => {
      given([registered])
        .when(register('M-1', 0))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['amountFen']));
    });

    it('refuses a command run on another unit’s stream', () => {
      const other = { ...register(), data: { ...register().data, unitNumber: newUnitNumber(2) } } as RealEstateUnitCommand;
      given([registered]).when(other).thenThrows(IllegalStateError, code('unit-number-mismatch'));
    });
  });

  describe('ReleaseMortgage', () => {
    const release = (mortgageId = 'M-1'): RealEstateUnitCommand => ({ type: 'ReleaseMortgage', data: { unitNumber, mortgageId, at: T2 } });
    const released: RealEstateUnitEvent = { type: 'MortgageReleased', data: { unitNumber, mortgageId: 'M-1', releasedAt: T2 } };

    it('releases a mortgage, also while the unit is locked', () => {
      given([registered, mortgage()]).when(release()).then([released]);
      given([registered, mortgage(), locked('TR-1', ['M-1'])]).when(release()).then([released]);
    });

    it('refuses an unknown or already released mortgage', () => {
      given([registered]).when(release()).thenThrows(NotFoundError);
      given([registered, mortgage(), released]).when(release()).thenThrows(NotFoundError);
    });

    it('refuses an unregistered unit', () => {
      given([]).when(release()).thenThrows(NotFoundError);
    });
  });

  describe('RegisterSeizure', () => {
    const register = (orderNumber = '(2018)渝0102执123号'): RealEstateUnitCommand => ({
      type: 'RegisterSeizure',
      data: { unitNumber, court: '重庆市涪陵区人民法院', orderNumber, at: T0 },
    });

    it('registers a court order, also while the unit is locked, and queues a second one', () => {
      given([registered]).when(register()).then([seizure()]);
      given([registered, locked()]).when(register()).then([seizure()]);
      given([registered, seizure()]).when(register('(2018)渝0102执124号')).then([seizure('(2018)渝0102执124号')]);
    });

    it('refuses the same court order twice', () => {
      given([registered, seizure()]).when(register()).thenThrows(IllegalStateError, code('seizure-already-registered'));
    });

    it('refuses an unregistered unit and a missing order number', () => {
      given([]).when(register()).thenThrows(NotFoundError);
      given([registered])
        .when(register(''))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['orderNumber']));
    });
  });

  describe('LiftSeizure', () => {
    const lift = (orderNumber = '(2018)渝0102执123号'): RealEstateUnitCommand => ({
      type: 'LiftSeizure',
      data: { unitNumber, court: '重庆市涪陵区人民法院', orderNumber, at: T2 },
    });

    it('lifts a seizure', () => {
      given([registered, seizure()])
        .when(lift())
        .then([{ type: 'SeizureLifted', data: { unitNumber, court: '重庆市涪陵区人民法院', orderNumber: '(2018)渝0102执123号', liftedAt: T2 } }]);
    });

    it('refuses an order that is not registered', () => {
      given([registered, seizure()]).when(lift('(2018)渝0102执999号')).thenThrows(NotFoundError);
      given([]).when(lift()).thenThrows(NotFoundError);
    });
  });

  describe('RegisterObjection', () => {
    const register = (objectionId = 'OBJ-1', reason = '主张共有份额'): RealEstateUnitCommand => ({
      type: 'RegisterObjection',
      data: { unitNumber, objectionId, applicantName: '王五', reason, at: T0 },
    });

    it('registers an objection, also while the unit is locked', () => {
      given([registered]).when(register()).then([objection()]);
      given([registered, locked()]).when(register()).then([objection()]);
    });

    it('refuses the same objection twice, an unregistered unit and a missing reason', () => {
      given([registered, objection()]).when(register()).thenThrows(IllegalStateError, code('objection-already-registered'));
      given([]).when(register()).thenThrows(NotFoundError);
      given([registered])
        .when(register('OBJ-1', ''))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['reason']));
    });
  });

  describe('WithdrawObjection', () => {
    const withdraw = (objectionId = 'OBJ-1'): RealEstateUnitCommand => ({
      type: 'WithdrawObjection',
      data: { unitNumber, objectionId, at: T2 },
    });

    it('withdraws an objection', () => {
      given([registered, objection()])
        .when(withdraw())
        .then([{ type: 'ObjectionWithdrawn', data: { unitNumber, objectionId: 'OBJ-1', withdrawnAt: T2 } }]);
    });

    it('refuses an unknown objection and an unregistered unit', () => {
      given([registered, objection()]).when(withdraw('OBJ-2')).thenThrows(NotFoundError);
      given([]).when(withdraw()).thenThrows(NotFoundError);
    });
  });

  describe('LockUnitForTransfer', () => {
    const lockedNow = (transferId = 'TR-1', consentedMortgageIds: string[] = []): RealEstateUnitEvent => ({
      type: 'UnitLockedForTransfer',
      data: { unitNumber, transferId, consentedMortgageIds, lockedAt: T2 },
    });

    it('locks a free unit for a transfer', () => {
      given([registered]).when(lock()).then([lockedNow()]);
    });

    it('does nothing when the same transfer already holds the lock', () => {
      given([registered, locked('TR-1')]).when(lock('TR-1')).thenNothingHappened();
    });

    it('refuses a second transfer while the unit is locked', () => {
      given([registered, locked('TR-1')]).when(lock('TR-2')).thenThrows(IllegalStateError, code('unit-locked-for-transfer'));
    });

    it('refuses a seized unit, and locks once the seizure is lifted', () => {
      given([registered, seizure()]).when(lock()).thenThrows(RuleViolation, code('unit-seized'));
      const lifted: RealEstateUnitEvent = {
        type: 'SeizureLifted',
        data: { unitNumber, court: '重庆市涪陵区人民法院', orderNumber: '(2018)渝0102执123号', liftedAt: T1 },
      };
      given([registered, seizure(), lifted]).when(lock()).then([lockedNow()]);
    });

    it('refuses a unit under objection, and locks once it is withdrawn', () => {
      given([registered, objection()]).when(lock()).thenThrows(RuleViolation, code('unit-under-objection'));
      const withdrawn: RealEstateUnitEvent = { type: 'ObjectionWithdrawn', data: { unitNumber, objectionId: 'OBJ-1', withdrawnAt: T1 } };
      given([registered, objection(), withdrawn]).when(lock()).then([lockedNow()]);
    });

    it('refuses a mortgaged unit unless the mortgage is released or its lender consents', () => {
      given([registered, mortgage()])
        .when(lock())
        .thenThrows<RuleViolation>(RuleViolation, (e) => {
          expect(e.code).toBe('unit-mortgaged');
          expect(e.details).toEqual({ blockers: ['unit-mortgaged'], unconsentedMortgageIds: ['M-1'] });
        });
      const released: RealEstateUnitEvent = { type: 'MortgageReleased', data: { unitNumber, mortgageId: 'M-1', releasedAt: T1 } };
      given([registered, mortgage(), released]).when(lock()).then([lockedNow()]);
      given([registered, mortgage()]).when(lock('TR-1', ['M-1'])).then([lockedNow('TR-1', ['M-1'])]);
    });

    it('needs a consent for every mortgage', () => {
      given([registered, mortgage('M-1'), mortgage('M-2')])
        .when(lock('TR-1', ['M-1']))
        .thenThrows<RuleViolation>(RuleViolation, (e) => expect(e.details).toMatchObject({ unconsentedMortgageIds: ['M-2'] }));
    });

    it('names the most serious blocker and lists all of them', () => {
      given([registered, mortgage(), objection(), seizure()])
        .when(lock())
        .thenThrows<RuleViolation>(RuleViolation, (e) => {
          expect(e.code).toBe('unit-seized');
          expect(e.details).toMatchObject({ blockers: ['unit-seized', 'unit-under-objection', 'unit-mortgaged'] });
        });
    });

    it('refuses a consent for a mortgage that is not on the unit', () => {
      given([registered]).when(lock('TR-1', ['M-9'])).thenThrows(RuleViolation, code('unknown-mortgage-consent'));
    });

    it('refuses a malformed transfer id or repeated consents', () => {
      given([registered, mortgage()])
        .when(lock(' ', ['M-1', 'M-1']))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['transferId', 'lenderConsentMortgageIds']));
    });

    it('refuses an unregistered unit', () => {
      given([]).when(lock()).thenThrows(NotFoundError);
    });

    it('refuses to lock again for a transfer that was already registered', () => {
      given([registered, locked('TR-1'), ownershipTransferred('TR-1')])
        .when(lock('TR-1'))
        .thenThrows(IllegalStateError, code('transfer-already-registered'));
    });
  });

  describe('UnlockUnit', () => {
    const unlock = (transferId = 'TR-1', reason = '申请人撤回申请'): RealEstateUnitCommand => ({
      type: 'UnlockUnit',
      data: { unitNumber, transferId, reason, at: T4 },
    });

    it('releases the lock with the reason', () => {
      given([registered, locked('TR-1')])
        .when(unlock())
        .then([{ type: 'UnitUnlocked', data: { unitNumber, transferId: 'TR-1', reason: '申请人撤回申请', unlockedAt: T4 } }]);
    });

    it('does nothing when the transfer does not hold the lock', () => {
      given([registered]).when(unlock()).thenNothingHappened();
      given([registered, locked('TR-2')]).when(unlock('TR-1')).thenNothingHappened();
    });

    it('refuses a missing reason and an unregistered unit', () => {
      given([registered, locked('TR-1')])
        .when(unlock('TR-1', ''))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['reason']));
      given([]).when(unlock()).thenThrows(NotFoundError);
    });

    it('leaves the unit free for the next transfer', () => {
      const unlocked: RealEstateUnitEvent = { type: 'UnitUnlocked', data: { unitNumber, transferId: 'TR-1', reason: 'x', unlockedAt: T1 } };
      given([registered, locked('TR-1'), unlocked])
        .when(lock('TR-2'))
        .then([{ type: 'UnitLockedForTransfer', data: { unitNumber, transferId: 'TR-2', consentedMortgageIds: [], lockedAt: T2 } }]);
    });
  });

  describe('TransferOwnership', () => {
    it('registers the new owners for the transfer holding the lock', () => {
      given([registered, locked('TR-1')]).when(transferOwnership()).then([ownershipTransferred()]);
    });

    it('does nothing when the same transfer already registered the owners', () => {
      given([registered, locked('TR-1'), ownershipTransferred('TR-1')]).when(transferOwnership('TR-1')).thenNothingHappened();
    });

    it('refuses a unit that is not locked', () => {
      given([registered]).when(transferOwnership()).thenThrows(IllegalStateError, code('unit-not-locked-for-transfer'));
    });

    it('refuses a transfer that does not hold the lock', () => {
      given([registered, locked('TR-2')]).when(transferOwnership('TR-1')).thenThrows(IllegalStateError, code('unit-locked-for-transfer'));
    });

    it('refuses when a seizure or an objection was registered after the lock', () => {
      given([registered, locked('TR-1'), seizure()]).when(transferOwnership()).thenThrows(RuleViolation, code('unit-seized'));
      given([registered, locked('TR-1'), objection()]).when(transferOwnership()).thenThrows(RuleViolation, code('unit-under-objection'));
    });

    it('keeps a consented mortgage on the unit', () => {
      given([registered, mortgage(), locked('TR-1', ['M-1'])]).when(transferOwnership()).then([ownershipTransferred()]);
      const state = fold(sut, [registered, mortgage(), locked('TR-1', ['M-1']), ownershipTransferred()]);
      expect(unitTransferView(state, unitNumber)).toMatchObject({ mortgageIds: ['M-1'], lockedByTransferId: null });
    });

    it('refuses new owners whose shares do not add up to one', () => {
      given([registered, locked('TR-1')])
        .when(transferOwnership('TR-1', [owning(newPerson(7), 1, 2)]))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(fields(e)).toEqual(['newOwners']));
    });

    it('refuses an unregistered unit', () => {
      given([]).when(transferOwnership()).thenThrows(NotFoundError);
    });
  });

  describe('state', () => {
    it('follows the owners, encumbrances and lock', () => {
      const state = fold(sut, [registered, mortgage(), seizure(), objection()]);
      expect(state.status).toBe('registered');
      expect(unitTransferView(state, unitNumber)).toEqual({
        unitNumber,
        owners: registered.data.owners,
        mortgageIds: ['M-1'],
        seizureCount: 1,
        objectionCount: 1,
        lockedByTransferId: null,
      });
      expect(unitTransferView(fold(sut, [registered, locked('TR-1')]), unitNumber).lockedByTransferId).toBe('TR-1');
    });

    it('takes the transfer as the new acquisition, dated in China time', () => {
      const state = fold(sut, [registered, locked('TR-1'), ownershipTransferred('TR-1', '2018-07-02T17:00:00Z')]);
      expect(state).toMatchObject({
        status: 'registered',
        lastTransferId: 'TR-1',
        unit: { owners: [buyer], acquisitionDate: '2018-07-03', originalPriceFen: 68_000_000 },
      });
    });

    it('has no transfer view before registration', () => {
      expect(() => unitTransferView(sut.initialState(), unitNumber)).toThrow(NotFoundError);
    });
  });
});
