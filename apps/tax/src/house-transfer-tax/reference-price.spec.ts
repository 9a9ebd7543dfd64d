import {
  buildReferencePriceTable,
  importReferencePrices,
  lookupReferencePrice,
  parseReferencePriceJsonLine,
  referencePriceCsvParser,
} from './reference-price';

const UNIT = '500102001001GB00001F00010001';

describe(importReferencePrices.name, () => {
  it('reads JSON lines in yuan into fen, per unit (total or per m²) and per community', () => {
    const sut = importReferencePrices(
      [
        `{"unitNumber":"${UNIT}","totalYuan":"1200000.00"}`,
        '',
        '{"unitNumber":"500102001001GB00001F00000002","pricePerM2Yuan":"12000"}',
        '{"community":"江东花园","pricePerM2Yuan":9800.5}',
      ].join('\n'),
      'jsonl',
    );

    expect(sut.errors).toEqual([]);
    expect(sut.entries).toEqual([
      { scope: 'unit', unitNumber: UNIT, price: { kind: 'total', totalFen: 120_000_000 } },
      { scope: 'unit', unitNumber: '500102001001GB00001F00000002', price: { kind: 'per-m2', fenPerM2: 1_200_000 } },
      { scope: 'community', community: '江东花园', price: { kind: 'per-m2', fenPerM2: 980_050 } },
    ]);
  });

  it('reports each bad JSON line by number and keeps the good ones', () => {
    const sut = importReferencePrices(
      [
        '{"unitNumber":"500102001001GB00001F00000001","totalYuan":"100"}',
        '{not json',
        '{"unitNumber":"500102001001GB00001F00000002","community":"C","totalYuan":"100"}',
        '{"unitNumber":"500102001001GB00001F00000003","totalYuan":"100.001"}',
        '{"unitNumber":"500102001001GB00001F00000004","totalYuan":"100","pricePerM2Yuan":"1"}',
        '{"community":"C","totalYuan":"100"}',
        '{"unitNumber":"500102001001GB00001F00000001","totalYuan":"200"}',
        '{"unitNumber":"500102001001GB00001F00000005","price":"1"}',
        '{"unitNumber":"500102001001GB00001F00000006","totalYuan":"0"}',
        '{"unitNumber":"abc","totalYuan":"1"}',
      ].join('\r\n'),
      'jsonl',
    );

    expect(sut.entries).toHaveLength(1);
    expect(sut.errors).toEqual([
      { line: 2, message: 'not valid JSON' },
      { line: 3, message: 'give exactly one of unit number or community' },
      { line: 4, message: 'total must be a positive yuan amount with at most 2 decimals' },
      { line: 5, message: 'give exactly one of price per m² or total' },
      { line: 6, message: 'a community reference price is per m²' },
      { line: 7, message: 'unit 500102001001GB00001F00000001 is already listed on line 1' },
      { line: 8, message: 'unknown field price' },
      { line: 9, message: 'total must be a positive yuan amount with at most 2 decimals' },
      { line: 10, message: 'unit number must be a 28-character unit number (GB/T 37346), e.g. 500102001001GB00001F00010001' },
    ]);
  });

  it('reads CSV with the columns in any order, quoted fields and a BOM', () => {
    const sut = importReferencePrices(
      [
        '\ufeffcommunity,unit_number,total_yuan,price_per_m2_yuan',
        `,${UNIT},1200000.50,`,
        '"江东花园, 二期",,,9800',
        ',"500102001001GB00001F00000007",,8000.10',
      ].join('\n'),
      'csv',
    );

    expect(sut.errors).toEqual([]);
    expect(sut.entries).toEqual([
      { scope: 'unit', unitNumber: UNIT, price: { kind: 'total', totalFen: 120_000_050 } },
      { scope: 'community', community: '江东花园, 二期', price: { kind: 'per-m2', fenPerM2: 980_000 } },
      { scope: 'unit', unitNumber: '500102001001GB00001F00000007', price: { kind: 'per-m2', fenPerM2: 800_010 } },
    ]);
  });

  it('refuses text that is not valid UTF-8 or holds a NUL, naming line and field', () => {
    const sut = importReferencePrices(
      ['unit_number,community,total_yuan', '5001020010\u000001GB00001F00000001,,100', '500102001001GB\ufffd0001F00000001,,100', ',东\ud800区,100', '500102001001GB00001F00000008,,100'].join('\n'),
      'csv',
    );
    expect(sut.errors).toEqual([
      { line: 2, message: expect.stringMatching(/^unit number /) },
      { line: 3, message: expect.stringMatching(/^unit number /) },
      { line: 4, message: expect.stringMatching(/^community: /) },
    ]);
    expect(sut.entries).toEqual([{ scope: 'unit', unitNumber: '500102001001GB00001F00000008', price: { kind: 'total', totalFen: 10_000 } }]);
  });

  it('reports bad CSV rows by line number', () => {
    const sut = importReferencePrices(
      ['unit_number,price_per_m2_yuan', '500102001001GB00001F00000001,8000', '500102001001GB00001F00000002', '500102001001GB00001F00000003,abc', '"500102001001GB00001F00000004,8000', '500102001001GB00001F00000001,9000'].join('\n'),
      'csv',
    );
    expect(sut.entries).toHaveLength(1);
    expect(sut.errors).toEqual([
      { line: 3, message: 'expected 2 fields, found 1' },
      { line: 4, message: 'price per m² must be a positive yuan amount with at most 2 decimals' },
      { line: 5, message: 'unterminated quote' },
      { line: 6, message: 'unit 500102001001GB00001F00000001 is already listed on line 2' },
    ]);
  });

  it('refuses a CSV whose header it does not understand', () => {
    expect(importReferencePrices('unit,price\n500102001001GB00001F00000001,1', 'csv').errors).toEqual([
      { line: 1, message: 'header: unknown column unit, price' },
    ]);
    expect(referencePriceCsvParser('unit_number,community')).toEqual({
      ok: false,
      message: 'header: needs price_per_m2_yuan or total_yuan',
    });
    expect(importReferencePrices('', 'csv').errors).toHaveLength(1);
  });

  it('parses a single JSON line for streaming imports', () => {
    expect(parseReferencePriceJsonLine('[1]')).toEqual({ ok: false, message: 'must be a JSON object' });
  });
});

describe(lookupReferencePrice.name, () => {
  const sut = buildReferencePriceTable(
    importReferencePrices(
      ['{"unitNumber":"500102001001GB00001F00000001","totalYuan":"1000000"}', '{"community":"C","pricePerM2Yuan":"9000"}'].join('\n'),
      'jsonl',
    ).entries,
  );

  it("prefers the unit's own entry over its community's", () => {
    expect(lookupReferencePrice(sut, { unitNumber: '500102001001GB00001F00000001', community: 'C' })).toEqual({
      price: { kind: 'total', totalFen: 100_000_000 },
      source: 'unit',
    });
  });

  it("falls back to the community's price per m², else finds nothing", () => {
    expect(lookupReferencePrice(sut, { unitNumber: '500102001001GB00001F00000002', community: 'C' })).toEqual({
      price: { kind: 'per-m2', fenPerM2: 900_000 },
      source: 'community',
    });
    expect(lookupReferencePrice(sut, { unitNumber: '500102001001GB00001F00000002' })).toBeNull();
    expect(lookupReferencePrice(sut, { unitNumber: '500102001001GB00001F00000002', community: 'D' })).toBeNull();
  });
});
