import { ContractViolation } from '@gov/contracts';
import { readLifecycleEvent } from './lifecycle-message';

describe(readLifecycleEvent.name, () => {
  const ref = { caseId: 'c-1', itemCode: 'GS-02', catalogVersion: '2018-08', department: 'market-regulation', at: '2018-10-08T10:00:00+08:00' };

  it('reads the lifecycle events of the contract and nothing else', () => {
    expect(readLifecycleEvent('CaseAccepted', { ...ref, applicantIds: ['x'], extra: 1 })).toEqual({ type: 'CaseAccepted', data: { ...ref, applicantIds: ['x'] } });
    expect(readLifecycleEvent('CaseStepCompleted', { ...ref, step: 'review' })).toEqual({ type: 'CaseStepCompleted', data: { ...ref, step: 'review' } });
    expect(readLifecycleEvent('TransferOwnershipRegistered', { anything: true })).toBeNull();
  });

  it('falls back to no catalog version when the department gave none', () => {
    const { catalogVersion: _v, ...withoutVersion } = ref;
    expect(readLifecycleEvent('CaseResumed', withoutVersion)).toEqual({ type: 'CaseResumed', data: { ...withoutVersion, catalogVersion: '' } });
  });

  it.each([
    ['a missing case id', 'CaseAccepted', { ...ref, caseId: undefined }, 'caseId'],
    ['a time without an offset', 'CaseAccepted', { ...ref, at: '2018-10-08T10:00:00' }, 'at'],
    ['a bare date', 'CaseCompleted', { ...ref, at: '2018-10-08', outcome: 'approved' }, 'at'],
    ['an unknown outcome', 'CaseDecided', { ...ref, outcome: 'maybe' }, 'outcome'],
    ['applicant ids that are not strings', 'CaseAccepted', { ...ref, applicantIds: [1] }, 'applicantIds[0]'],
    ['a missing step', 'CaseStepCompleted', ref, 'step'],
  ])('refuses %s, naming the field', (_what, name, data, field) => {
    let error: unknown;
    try {
      readLifecycleEvent(name, data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as ContractViolation).issues.map((i) => i.field)).toContain(field);
  });
});
