import { presentPersonalData, seesPersonalData, visibleTo, type Viewer } from './visibility';

const PARTY = '50010219800101001X';
const owner = { department: 'tax', partyIds: [PARTY] };

describe(seesPersonalData.name, () => {
  it.each<[string, Viewer | undefined, boolean]>([
    ['a party', { roles: ['applicant'], partyId: PARTY }, true],
    ["a clerk of the owning department", { roles: ['clerk'], department: 'tax' }, true],
    ['a supervisor', { roles: ['supervisor'] }, true],
    ['a service account', { roles: ['service'] }, true],
    ['another applicant', { roles: ['applicant'], partyId: '500102199007200038' }, false],
    ["another department's clerk", { roles: ['clerk'], department: 'real-estate' }, false],
    ['a clerk without a department', { roles: ['clerk'] }, false],
    ['nobody', undefined, false],
  ])('%s: %s', (_who, viewer, sees) => {
    expect(seesPersonalData(viewer, owner)).toBe(sees);
  });

  it('masks names and identity numbers for everyone else', () => {
    const record = { taxpayer: { residentId: PARTY, name: '张三', phone: '13812345678' }, totalFen: 100 };
    expect(presentPersonalData(record, { roles: ['clerk'], department: 'tax' }, owner)).toBe(record);
    expect(presentPersonalData(record, { roles: ['clerk'], department: 'joint-window' }, owner)).toEqual({
      taxpayer: { residentId: '500***********001X', name: '张*', phone: '138****5678' },
      totalFen: 100,
    });
    expect(visibleTo(record, undefined, owner)).toMatchObject({ personalDataVisible: false, taxpayer: { name: '张*' } });
  });
});
