import rawPolicyTable from './data/transfer-tax-policy.json';
import {
  deedTaxBracketFor,
  findPolicyLine,
  findTransferTaxPolicy,
  parseTransferTaxPolicyTable,
  TRANSFER_TAX_POLICY_TABLE,
  transferTaxPolicyOn,
  type TransferTaxPolicy,
} from './transfer-tax.policy';

const clone = (): { versions: Record<string, unknown>[] } => JSON.parse(JSON.stringify(rawPolicyTable));

describe(parseTransferTaxPolicyTable.name, () => {
  it('ships the 2016 rates for Fuling (a city district)', () => {
    const sut = findTransferTaxPolicy(TRANSFER_TAX_POLICY_TABLE, '2016-05') as TransferTaxPolicy;
    expect(TRANSFER_TAX_POLICY_TABLE.jurisdiction.divisionCode).toBe('500102');
    expect(sut.deedTax.brackets.map((b) => [b.buyerFamilyHome, b.area, b.rate])).toEqual([
      ['first', 'up-to-threshold', '0.01'],
      ['first', 'above-threshold', '0.015'],
      ['second', 'up-to-threshold', '0.01'],
      ['second', 'above-threshold', '0.02'],
      ['other', 'any', '0.03'],
    ]);
    expect(sut.deedTax.areaThresholdM2).toBe('90');
    expect([sut.valueAddedTax.exemptWhenHeldYears, sut.valueAddedTax.taxed.rate, sut.valueAddedTax.taxed.divisor]).toEqual([2, '0.05', '1.05']);
    expect(sut.surcharges.map((s) => [s.tax, s.rate])).toEqual([
      ['urban-maintenance-tax', '0.07'],
      ['education-surcharge', '0.03'],
      ['local-education-surcharge', '0.02'],
    ]);
    expect(sut.individualIncomeTax).toMatchObject({
      exemptWhenHeldYears: 5,
      exemptOnlyForOnlyFamilyHome: true,
      onGain: { rate: '0.2' },
      onPriceWhenCostUnproven: { rate: '0.01' },
    });
  });

  it('lists every problem of a broken table', () => {
    const raw = clone();
    const version = raw.versions[0] as { deedTax: { brackets: { rate: string }[] }; effectiveUntil: string | null };
    version.deedTax.brackets.pop();
    version.deedTax.brackets[0].rate = '1%';
    raw.versions.push({ ...raw.versions[0], version: '2018-01', effectiveFrom: '2018-01-01' });

    expect(() => parseTransferTaxPolicyTable(raw)).toThrow(
      /rate: must be a decimal string[\s\S]*0 brackets match other home, area up-to-threshold[\s\S]*2016-05 overlaps 2018-01/,
    );
    expect(() => parseTransferTaxPolicyTable({})).toThrow(/\$\.jurisdiction: must be an object/);
  });
});

describe(transferTaxPolicyOn.name, () => {
  const later = clone();
  (later.versions[0] as { effectiveUntil: string | null }).effectiveUntil = '2024-12-01';
  later.versions.push({ ...clone().versions[0], version: '2024-12', effectiveFrom: '2024-12-01', effectiveUntil: null });
  const sut = parseTransferTaxPolicyTable(later);

  it('picks the version in force on the date; the start is inclusive, the end exclusive', () => {
    expect(transferTaxPolicyOn(sut, '2016-04-30')).toBeUndefined();
    expect(transferTaxPolicyOn(sut, '2016-05-01')?.version).toBe('2016-05');
    expect(transferTaxPolicyOn(sut, '2024-11-30')?.version).toBe('2016-05');
    expect(transferTaxPolicyOn(sut, '2024-12-01')?.version).toBe('2024-12');
    expect(transferTaxPolicyOn(TRANSFER_TAX_POLICY_TABLE, '2099-01-01')?.version).toBe('2016-05');
  });
});

describe(deedTaxBracketFor.name, () => {
  const policy = findTransferTaxPolicy(TRANSFER_TAX_POLICY_TABLE, '2016-05') as TransferTaxPolicy;

  it('treats exactly 90.00 m² as up to the threshold and 90.01 m² as above', () => {
    expect(deedTaxBracketFor(policy, 'second', 9000).id).toBe('deed-tax.second-home.up-to-threshold');
    expect(deedTaxBracketFor(policy, 'second', 9001).id).toBe('deed-tax.second-home.above-threshold');
    expect(deedTaxBracketFor(policy, 'other', 1).id).toBe('deed-tax.other');
  });
});

describe(findPolicyLine.name, () => {
  it('follows an assessed line back to its rule and legal source', () => {
    expect(findPolicyLine(TRANSFER_TAX_POLICY_TABLE, { id: 'iit.on-gain', version: '2016-05' })).toEqual({
      id: 'iit.on-gain',
      rate: '0.2',
      source: '个人所得税法 财产转让所得',
    });
    expect(findPolicyLine(TRANSFER_TAX_POLICY_TABLE, { id: 'iit.on-gain', version: '1999-01' })).toBeUndefined();
    expect(findPolicyLine(TRANSFER_TAX_POLICY_TABLE, { id: 'no-such-line', version: '2016-05' })).toBeUndefined();
  });
});
