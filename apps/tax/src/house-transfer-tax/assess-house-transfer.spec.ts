import { RuleViolation, ValidationError } from '@gov/event-sourcing';
import {
  assessHouseTransfer,
  type AssessedTaxLine,
  type HouseTransferTaxInput,
  type ReferencePrice,
} from './assess-house-transfer';
import { findTransferTaxPolicy, TRANSFER_TAX_POLICY_TABLE, type TransferTaxPolicy } from './transfer-tax.policy';

const V = '2016-05';
const policy = findTransferTaxPolicy(TRANSFER_TAX_POLICY_TABLE, V) as TransferTaxPolicy;

// Expected lines, written out by hand. Amounts are integer fen.
const line = (
  tax: AssessedTaxLine['tax'],
  payer: AssessedTaxLine['payer'],
  baseFen: number,
  rate: string,
  amountFen: number,
  id: string,
  divisor?: string,
): AssessedTaxLine => ({ tax, payer, baseFen, rate, ...(divisor ? { divisor } : {}), amountFen, policyLine: { id, version: V } });
const deed = (id: string, base: number, rate: string, amount: number) => line('deed-tax', 'buyer', base, rate, amount, `deed-tax.${id}`);
const vatExempt = (base: number) => line('value-added-tax', 'seller', base, '0', 0, 'vat.held-2-years-or-more-exempt');
const vat = (base: number, amount: number) => line('value-added-tax', 'seller', base, '0.05', amount, 'vat.held-under-2-years', '1.05');
const surcharges = (vatFen: number, urban: number, education: number, localEducation: number) => [
  line('urban-maintenance-tax', 'seller', vatFen, '0.07', urban, 'urban-maintenance-tax.city-district'),
  line('education-surcharge', 'seller', vatFen, '0.03', education, 'education-surcharge'),
  line('local-education-surcharge', 'seller', vatFen, '0.02', localEducation, 'local-education-surcharge'),
];
const iitExempt = (base: number) => line('individual-income-tax', 'seller', base, '0', 0, 'iit.held-5-years-only-home-exempt');
const iitOnGain = (gain: number, amount: number) => line('individual-income-tax', 'seller', gain, '0.2', amount, 'iit.on-gain');
const iitOnPrice = (base: number, amount: number) => line('individual-income-tax', 'seller', base, '0.01', amount, 'iit.on-price-cost-unproven');
const stampExempt = (base: number) => [
  line('stamp-duty', 'seller', base, '0', 0, 'stamp-duty.individual-housing-exempt'),
  line('stamp-duty', 'buyer', base, '0', 0, 'stamp-duty.individual-housing-exempt'),
];

const total = (totalFen: number): ReferencePrice => ({ kind: 'total', totalFen });
const perM2 = (fenPerM2: number): ReferencePrice => ({ kind: 'per-m2', fenPerM2 });

interface Row {
  readonly name: string;
  readonly input: HouseTransferTaxInput;
  readonly referencePriceFen: number;
  readonly taxableBaseSource: 'contract-price' | 'reference-price';
  readonly heldYears: number;
  readonly lines: readonly AssessedTaxLine[];
  readonly seller: number;
  readonly buyer: number;
}

const row = (
  name: string,
  [contractPriceFen, referencePrice, areaM2, buyerFamilyHome, sellerAcquiredOn, contractDate, sellerOnlyHome, originalCostFen]: [
    number,
    ReferencePrice,
    string,
    HouseTransferTaxInput['buyerFamilyHome'],
    string,
    string,
    boolean,
    number | null,
  ],
  expected: Omit<Row, 'name' | 'input'>,
): Row => ({
  name,
  input: { contractPriceFen, referencePrice, areaM2, buyerFamilyHome, sellerAcquiredOn, contractDate, sellerOnlyHome, originalCostFen },
  ...expected,
});

// Inputs: contract price, reference price, area m², buyer's home, acquired, contract date, seller's only home, original cost.
const table: readonly Row[] = [
  row('A first home ≤90 m², held 8 years, five-and-only: deed tax only',
    [100_000_000, perM2(1_000_000), '89.99', 'first', '2010-03-01', '2018-06-30', true, 60_000_000],
    {
      referencePriceFen: 89_990_000, // 1,000,000 × 89.99
      taxableBaseSource: 'contract-price', heldYears: 8,
      lines: [deed('first-home.up-to-threshold', 100_000_000, '0.01', 1_000_000), vatExempt(100_000_000), iitExempt(100_000_000), ...stampExempt(100_000_000)],
      seller: 0, buyer: 1_000_000,
    }),
  row('B first home exactly 90.00 m² (still ≤90), held 3 years: VAT exempt, income tax on the gain',
    [85_000_000, total(80_000_000), '90.00', 'first', '2015-06-30', '2018-06-30', true, 60_000_000],
    {
      referencePriceFen: 80_000_000, taxableBaseSource: 'contract-price', heldYears: 3,
      // gain 85,000,000 − 60,000,000 = 25,000,000; × 20% = 5,000,000
      lines: [deed('first-home.up-to-threshold', 85_000_000, '0.01', 850_000), vatExempt(85_000_000), iitOnGain(25_000_000, 5_000_000), ...stampExempt(85_000_000)],
      seller: 5_000_000, buyer: 850_000,
    }),
  row('C first home 90.01 m² (>90), held 1 year, cost unproven: every line rounds',
    [123_456_789, perM2(1_200_000), '90.01', 'first', '2017-06-30', '2018-06-30', true, null],
    {
      referencePriceFen: 108_012_000, // 1,200,000 × 90.01
      taxableBaseSource: 'contract-price', heldYears: 1,
      lines: [
        deed('first-home.above-threshold', 123_456_789, '0.015', 1_851_852), // 1,851,851.835 → up
        vat(123_456_789, 5_878_895), // 123,456,789 ÷ 21 = 5,878,894 r 15 (.714) → up
        ...surcharges(5_878_895, 411_523, 176_367, 117_578), // 411,522.65 / 176,366.85 / 117,577.90
        iitOnPrice(123_456_789, 1_234_568), // 1,234,567.89
        ...stampExempt(123_456_789),
      ],
      seller: 7_818_931, // 5,878,895 + 411,523 + 176,367 + 117,578 + 1,234,568
      buyer: 1_851_852,
    }),
  row('D second home ≤90 m², contract under the per-m² reference price, held exactly 2 years',
    [100_000_000, perM2(1_234_567), '88.88', 'second', '2016-06-30', '2018-06-30', false, 80_000_000],
    {
      referencePriceFen: 109_728_315, // 1,234,567 × 88.88 = 109,728,314.96 → up
      taxableBaseSource: 'reference-price', heldYears: 2,
      lines: [
        deed('second-home.up-to-threshold', 109_728_315, '0.01', 1_097_283), // 1,097,283.15 → down
        vatExempt(109_728_315), // the 2nd anniversary counts as held 2 years
        iitOnGain(29_728_315, 5_945_663), // (109,728,315 − 80,000,000) × 20%
        ...stampExempt(109_728_315),
      ],
      seller: 5_945_663, buyer: 1_097_283,
    }),
  row('E second home >90 m², one day short of 2 years: VAT and surcharges',
    [150_000_000, total(140_000_000), '120.00', 'second', '2016-07-01', '2018-06-30', false, 100_000_000],
    {
      referencePriceFen: 140_000_000, taxableBaseSource: 'contract-price', heldYears: 1,
      lines: [
        deed('second-home.above-threshold', 150_000_000, '0.02', 3_000_000),
        vat(150_000_000, 7_142_857), // 150,000,000 ÷ 21 = 7,142,857.14
        ...surcharges(7_142_857, 500_000, 214_286, 142_857), // 499,999.99 / 214,285.71 / 142,857.14
        iitOnGain(50_000_000, 10_000_000),
        ...stampExempt(150_000_000),
      ],
      seller: 18_000_000, // 7,142,857 + 500,000 + 214,286 + 142,857 + 10,000,000
      buyer: 3_000_000,
    }),
  row('F third home, small area: 3% regardless; five-and-only',
    [50_000_000, perM2(800_000), '60.00', 'other', '2008-06-30', '2018-06-30', true, null],
    {
      referencePriceFen: 48_000_000, taxableBaseSource: 'contract-price', heldYears: 10,
      lines: [deed('other', 50_000_000, '0.03', 1_500_000), vatExempt(50_000_000), iitExempt(50_000_000), ...stampExempt(50_000_000)],
      seller: 0, buyer: 1_500_000,
    }),
  row('G third home, large area, held 6 years but not the only home, cost unproven: 1% of the price',
    [300_000_000, total(250_000_000), '150.00', 'other', '2012-01-15', '2018-06-30', false, null],
    {
      referencePriceFen: 250_000_000, taxableBaseSource: 'contract-price', heldYears: 6,
      lines: [deed('other', 300_000_000, '0.03', 9_000_000), vatExempt(300_000_000), iitOnPrice(300_000_000, 3_000_000), ...stampExempt(300_000_000)],
      seller: 3_000_000, buyer: 9_000_000,
    }),
  row('H first home >90 m², under the reference total, not the only home, sold at a loss: no gain, no income tax',
    [300_000_000, total(310_000_000), '95.00', 'first', '2011-05-20', '2018-06-30', false, 320_000_000],
    {
      referencePriceFen: 310_000_000, taxableBaseSource: 'reference-price', heldYears: 7,
      lines: [
        deed('first-home.above-threshold', 310_000_000, '0.015', 4_650_000),
        vatExempt(310_000_000),
        iitOnGain(0, 0), // 310,000,000 − 320,000,000 < 0
        ...stampExempt(310_000_000),
      ],
      seller: 0, buyer: 4_650_000,
    }),
  row('I second home 90.50 m², the only home but one day short of 5 years: income tax due',
    [200_000_000, perM2(2_000_000), '90.50', 'second', '2013-07-01', '2018-06-30', true, 150_000_000],
    {
      referencePriceFen: 181_000_000, taxableBaseSource: 'contract-price', heldYears: 4,
      lines: [deed('second-home.above-threshold', 200_000_000, '0.02', 4_000_000), vatExempt(200_000_000), iitOnGain(50_000_000, 10_000_000), ...stampExempt(200_000_000)],
      seller: 10_000_000, buyer: 4_000_000,
    }),
  row('J second home ≤90 m², five-and-only on the 5th anniversary; price equal to the reference',
    [70_000_000, total(70_000_000), '70.00', 'second', '2013-06-30', '2018-06-30', true, 50_000_000],
    {
      referencePriceFen: 70_000_000, taxableBaseSource: 'contract-price', heldYears: 5,
      lines: [deed('second-home.up-to-threshold', 70_000_000, '0.01', 700_000), vatExempt(70_000_000), iitExempt(70_000_000), ...stampExempt(70_000_000)],
      seller: 0, buyer: 700_000,
    }),
  row('K first home ≤90 m², held months: surcharges on the rounded VAT, exact halves round up',
    [60_000_140, total(55_000_000), '80.00', 'first', '2017-12-01', '2018-06-30', true, 50_000_000],
    {
      referencePriceFen: 55_000_000, taxableBaseSource: 'contract-price', heldYears: 0,
      lines: [
        deed('first-home.up-to-threshold', 60_000_140, '0.01', 600_001), // 600,001.40
        vat(60_000_140, 2_857_150), // 60,000,140 ÷ 21 = 2,857,149 r 11 (.524) → up
        // 7% of 2,857,150 = 200,000.50 → 200,001 (on the unrounded VAT it would be 200,000.47 → 200,000);
        // 3% = 85,714.50 → 85,715; 2% = 57,143.00
        ...surcharges(2_857_150, 200_001, 85_715, 57_143),
        iitOnGain(10_000_140, 2_000_028),
        ...stampExempt(60_000_140),
      ],
      seller: 5_200_037, // 2,857,150 + 200,001 + 85,715 + 57,143 + 2,000,028
      buyer: 600_001,
    }),
  row('L acquired 29 Feb 2016, contract 28 Feb 2018: 2 years complete (no 29th, month end counts)',
    [120_000_000, total(100_000_000), '100.00', 'first', '2016-02-29', '2018-02-28', false, null],
    {
      referencePriceFen: 100_000_000, taxableBaseSource: 'contract-price', heldYears: 2,
      lines: [deed('first-home.above-threshold', 120_000_000, '0.015', 1_800_000), vatExempt(120_000_000), iitOnPrice(120_000_000, 1_200_000), ...stampExempt(120_000_000)],
      seller: 1_200_000, buyer: 1_800_000,
    }),
  row('M acquired 29 Feb 2016, contract 27 Feb 2018: under 2 years; third home under the reference price',
    [40_000_000, perM2(900_000), '45.50', 'other', '2016-02-29', '2018-02-27', false, 30_000_000],
    {
      referencePriceFen: 40_950_000, // 900,000 × 45.50
      taxableBaseSource: 'reference-price', heldYears: 1,
      lines: [
        deed('other', 40_950_000, '0.03', 1_228_500),
        vat(40_950_000, 1_950_000), // 40,950,000 ÷ 21, exact
        ...surcharges(1_950_000, 136_500, 58_500, 39_000),
        iitOnGain(10_950_000, 2_190_000),
        ...stampExempt(40_950_000),
      ],
      seller: 4_374_000, // 1,950,000 + 136,500 + 58,500 + 39,000 + 2,190,000
      buyer: 1_228_500,
    }),
  row('N second home >90 m², under the reference price, held 1 year, cost unproven: every tax on the reference price',
    [120_000_000, perM2(1_100_000), '130.25', 'second', '2017-01-10', '2018-06-30', false, null],
    {
      referencePriceFen: 143_275_000, // 1,100,000 × 130.25
      taxableBaseSource: 'reference-price', heldYears: 1,
      lines: [
        deed('second-home.above-threshold', 143_275_000, '0.02', 2_865_500),
        vat(143_275_000, 6_822_619), // 143,275,000 ÷ 21 = 6,822,619 r 1
        ...surcharges(6_822_619, 477_583, 204_679, 136_452), // 477,583.33 / 204,678.57 / 136,452.38
        iitOnPrice(143_275_000, 1_432_750),
        ...stampExempt(143_275_000),
      ],
      seller: 9_074_083, // 6,822,619 + 477,583 + 204,679 + 136,452 + 1,432,750
      buyer: 2_865_500,
    }),
];

describe(assessHouseTransfer.name, () => {
  it.each(table.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const sut = assessHouseTransfer(r.input, policy);

    expect(sut).toEqual({
      policyVersion: V,
      referencePriceFen: r.referencePriceFen,
      taxableBaseFen: Math.max(r.input.contractPriceFen, r.referencePriceFen),
      taxableBaseSource: r.taxableBaseSource,
      sellerHeldFullYears: r.heldYears,
      lines: r.lines,
      totals: { sellerFen: r.seller, buyerFen: r.buyer, totalFen: r.seller + r.buyer },
    });
  });

  it('the table covers every branch', () => {
    const lineIds = new Set(table.flatMap((r) => r.lines.map((l) => l.policyLine.id)));
    const allPolicyLines = [
      ...policy.deedTax.brackets.map((b) => b.id),
      policy.valueAddedTax.exempt.id,
      policy.valueAddedTax.taxed.id,
      ...policy.surcharges.map((s) => s.id),
      policy.individualIncomeTax.exempt.id,
      policy.individualIncomeTax.onGain.id,
      policy.individualIncomeTax.onPriceWhenCostUnproven.id,
      policy.stampDuty.exempt.id,
    ];
    expect([...lineIds].sort()).toEqual([...allPolicyLines].sort());
    expect(table.some((r) => r.taxableBaseSource === 'reference-price')).toBe(true);
    expect(table.some((r) => r.heldYears >= 5 && !r.input.sellerOnlyHome)).toBe(true);
    expect(table.some((r) => r.heldYears < 5 && r.input.sellerOnlyHome)).toBe(true);
    expect(table.length).toBeGreaterThanOrEqual(12);
  });

  const valid: HouseTransferTaxInput = table[0].input;

  it('names every malformed field at once', () => {
    const error = catchError(() =>
      assessHouseTransfer(
        { ...valid, contractPriceFen: 1.5, areaM2: '89.999', sellerAcquiredOn: '2019-01-01', originalCostFen: -1 },
        policy,
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual([
      'contractPriceFen',
      'areaM2',
      'sellerAcquiredOn',
      'originalCostFen',
    ]);
  });

  it('refuses a reference price that is neither a total nor per m², and impossible dates', () => {
    const error = catchError(() =>
      assessHouseTransfer(
        { ...valid, referencePrice: { kind: 'per-m2', fenPerM2: 0 }, contractDate: '2018-02-30', buyerFamilyHome: 'third' as 'other' },
        policy,
      ),
    ) as ValidationError;
    expect(error.issues.map((i) => i.field)).toEqual(['referencePrice.fenPerM2', 'buyerFamilyHome', 'contractDate']);
  });

  it('refuses a policy version that is not in force on the contract date', () => {
    const error = catchError(() => assessHouseTransfer({ ...valid, sellerAcquiredOn: '2010-01-01', contractDate: '2016-04-30' }, policy));
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).code).toBe('policy-not-effective');
  });

  it('cites the version it applied and uses that version’s thresholds', () => {
    // A hypothetical later version: the area threshold moves to 140 m².
    const later: TransferTaxPolicy = {
      ...policy,
      version: 'test-later',
      effectiveFrom: '2030-01-01',
      deedTax: { ...policy.deedTax, areaThresholdM2: '140' },
    };
    const sut = assessHouseTransfer({ ...valid, areaM2: '120.00', referencePrice: total(90_000_000), contractDate: '2030-06-30' }, later);
    expect(sut.lines[0]).toEqual({
      tax: 'deed-tax',
      payer: 'buyer',
      baseFen: 100_000_000,
      rate: '0.01',
      amountFen: 1_000_000,
      policyLine: { id: 'deed-tax.first-home.up-to-threshold', version: 'test-later' },
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
