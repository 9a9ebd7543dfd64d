import { StandardsValidationError } from '../errors';
import { parseCatalogVersion } from './catalog-validation';

const item = (overrides: Record<string, unknown> = {}) => ({
  code: 'T-01',
  department: 'health',
  name: '公共场所卫生许可（新办）',
  itemType: 'licensing',
  processType: 'GENERAL',
  legalLimit: { unit: 'working-days', value: 20 },
  promisedLimit: { unit: 'working-days', value: 7 },
  immediate: false,
  onlineLevel: 'tolerated-missing',
  materials: [
    { name: '申请书', requirement: 'key' },
    { name: '卫生管理制度', requirement: 'tolerable-missing' },
  ],
  windows: [{ category: 'health', numbers: [21] }],
  ...overrides,
});

const doc = (items: unknown[], overrides: Record<string, unknown> = {}) => ({
  version: 'test-1',
  effectiveFrom: '2018-08-01',
  departments: [{ code: 'health', name: '卫计委' }],
  items,
  ...overrides,
});

function issuesOf(json: unknown): Array<{ field: string; message: string }> {
  try {
    parseCatalogVersion(json);
  } catch (error) {
    if (error instanceof StandardsValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the catalog to be refused');
}

describe(parseCatalogVersion.name, () => {
  it('reads an item, filling the standard steps and defaults', () => {
    const version = parseCatalogVersion(doc([item()]));
    expect(version.entries[0]).toMatchObject({
      kind: 'item',
      parent: null,
      steps: [{ code: 'accept' }, { code: 'review' }, { code: 'approve' }],
      serviceDays: 'working-days',
      components: [],
      legalBasis: null,
    });
  });

  it('names the item and field of a promise above the legal limit', () => {
    expect(issuesOf(doc([item({ promisedLimit: { unit: 'working-days', value: 30 } })]))).toEqual([
      { field: 'items[0](T-01).promisedLimit.value', message: 'promised 30 exceeds the legal 20 working-days' },
    ]);
  });

  it('names misspelt and missing fields', () => {
    const { promisedLimit, ...rest } = item();
    const fields = issuesOf(doc([{ ...rest, promisedLimt: promisedLimit }])).map((i) => i.field);
    expect(fields).toEqual(['items[0](T-01).promisedLimt', 'items[0](T-01).promisedLimit']);
  });

  it('checks the process rules of the center', () => {
    const issues = issuesOf(
      doc([
        item({ code: 'T-01', immediate: true }),
        item({ code: 'T-02', processType: 'MAJOR' }),
        item({ code: 'T-03', processType: 'SIMPLE', onlineLevel: 'fully-online', promisedLimit: { unit: 'working-days', value: 3 } }),
        item({ code: 'T-04', materials: [{ name: '申请书', requirement: 'key' }] }),
        item({ code: 'T-05', steps: [{ code: 'accept', name: '受理' }, { code: 'decide', name: '决定' }] }),
      ]),
    );
    expect(issues.map((i) => i.field)).toEqual([
      'items[1](T-02).steps',
      'items[4](T-05).steps',
      'items[0](T-01).immediate',
      'items[2](T-03).promisedLimit',
      'items[3](T-04).onlineLevel',
    ]);
  });

  it('checks cross references', () => {
    const issues = issuesOf(
      doc([
        { code: 'G-01', kind: 'group', department: 'health', name: '主项' },
        { code: 'G-02', kind: 'group', department: 'health', name: '空主项' },
        item({ code: 'T-01', parent: 'G-01', department: 'tax' }),
        item({ code: 'T-02', parent: 'T-01' }),
        item({ code: 'T-02', components: ['X-99'] }),
      ]),
    );
    expect(issues.map((i) => i.field)).toEqual([
      'items[4](T-02).code',
      'items[1](G-02)',
      'items[2](T-01).department',
      'items[2](T-01).department',
      'items[3](T-02).parent',
      'items[4](T-02).components[0]',
    ]);
  });

  it('checks the document', () => {
    const fields = issuesOf({ version: '', effectiveFrom: '2018-8-1', departments: [], items: [], extra: true }).map((i) => i.field);
    expect(fields).toEqual(['(root).extra', '(root).version', 'effectiveFrom', 'departments', 'items']);
  });

  it('puts the catalog version in the message', () => {
    expect(() => parseCatalogVersion(doc([item({ onlineLevel: 'online' })]), 'data/catalog/test-1.json')).toThrow(
      /^data\/catalog\/test-1\.json test-1: items\[0\]\(T-01\)\.onlineLevel: expected one of/,
    );
  });
});
