import { ValidationError } from '@gov/event-sourcing';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Party } from '../domain/party';
import { realEstateUnitDecider } from '../register/real-estate-unit.decider';
import { newCompany, newPerson, newUnitNumber } from '../testing/real-estate.factories';
import { splitCsvLine } from './csv-line';
import { parseRegisterImport, type RegisterImportOptions, type RegisterImportResult } from './register-import.parser';

// Jest does not start node with --expose-gc; turning the flag on now makes `gc` available to a new context.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const registeredAt = '2018-07-01T08:00:00+08:00';
const jsonl: RegisterImportOptions = { format: 'jsonl', registeredAt };
const csv: RegisterImportOptions = { format: 'csv', registeredAt };
const HEADER = 'unitNumber,location,areaM2,use,owners,acquisitionDate,originalPriceFen';
const zhang = newPerson(1, '张三');
const li = newPerson(2, '李四');

async function parse(input: string | readonly (string | Uint8Array)[], options: RegisterImportOptions): Promise<RegisterImportResult[]> {
  const results: RegisterImportResult[] = [];
  const source = typeof input === 'string' ? Readable.from([Buffer.from(input, 'utf8')]) : Readable.from(input);
  for await (const result of parseRegisterImport(source, options)) results.push(result);
  return results;
}

const errors = (results: RegisterImportResult[]): { line: number; fields: string[] }[] =>
  results.flatMap((r) => ('issues' in r ? [{ line: r.line, fields: r.issues.map((i) => i.field) }] : []));

function jsonLine(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    unitNumber: newUnitNumber(1),
    location: '重庆市涪陵区崇义街道太极大道18号1幢3-2',
    areaM2: '89.52',
    use: 'residential',
    owners: [
      { ...zhang, share: '1/2' },
      { ...li, share: '1/2' },
    ],
    acquisitionDate: '2012-05-20',
    originalPriceFen: 35_000_000,
    ...overrides,
  });
}

const ownersCell = (...owners: [Party, string][]): string => owners.map(([p, share]) => `${p.name}|${p.idType}|${p.idNumber}|${share}`).join(';');

function csvRow(overrides: Partial<Record<string, string>> = {}): string {
  const cells = {
    unitNumber: newUnitNumber(1),
    location: '"重庆市涪陵区崇义街道太极大道18号1幢3-2, 附1号"',
    areaM2: '89.52',
    use: '住宅',
    owners: ownersCell([zhang, '1/2'], [li, '1/2']),
    acquisitionDate: '2012-05-20',
    originalPriceFen: '35000000',
    ...overrides,
  };
  return [cells.unitNumber, cells.location, cells.areaM2, cells.use, cells.owners, cells.acquisitionDate, cells.originalPriceFen].join(',');
}

const expectedCommand = {
  type: 'RegisterUnit',
  data: {
    unitNumber: newUnitNumber(1),
    location: '重庆市涪陵区崇义街道太极大道18号1幢3-2',
    use: 'residential',
    acquisitionDate: '2012-05-20',
    originalPriceFen: 35_000_000,
    areaHundredthsM2: 8952,
    owners: [
      { ...zhang, share: { numerator: 1, denominator: 2 } },
      { ...li, share: { numerator: 1, denominator: 2 } },
    ],
    at: registeredAt,
  },
};

describe(parseRegisterImport.name, () => {
  describe('JSON lines', () => {
    it('turns each line into a RegisterUnit command the decider accepts', async () => {
      const [result] = await parse(`${jsonLine()}\n`, jsonl);
      expect(result).toEqual({ line: 1, command: expectedCommand });
      if (!('command' in result)) throw new Error('expected a command');
      expect(realEstateUnitDecider.decide(result.command, realEstateUnitDecider.initialState())).toHaveLength(1);
    });

    it('accepts Chinese use labels, share objects, numeric areas, a company and an unknown price', async () => {
      const line = jsonLine({
        use: '商业',
        areaM2: 120.5,
        owners: [{ ...newCompany(1), share: { numerator: 1, denominator: 1 } }],
        originalPriceFen: null,
      });
      const [result] = await parse(line, jsonl);
      expect(result).toMatchObject({
        command: { data: { use: 'commercial', areaHundredthsM2: 12050, originalPriceFen: null, owners: [{ idType: 'credit-code' }] } },
      });
    });

    it('reports each bad line with its number and goes on; blank lines are skipped but counted', async () => {
      const input = [
        jsonLine(),
        '',
        '{not json',
        '[1,2]',
        jsonLine({ areaM2: '89.523', colour: 'red' }),
        jsonLine({ owners: [{ ...zhang, idNumber: zhang.idNumber.slice(0, 17) + (zhang.idNumber[17] === '0' ? '1' : '0'), share: '1' }] }),
        jsonLine({ owners: [{ ...zhang, share: '1/2' }, { ...li, share: '1/3' }] }),
        jsonLine({ owners: [{ ...zhang, share: 'half', age: 40 }] }),
        jsonLine({ areaM2: '0', use: 'castle', unitNumber: 'U-1', acquisitionDate: '2018-07-02' }),
        jsonLine({ unitNumber: newUnitNumber(2) }),
      ].join('\n');
      const results = await parse(input, jsonl);
      expect(errors(results)).toEqual([
        { line: 3, fields: ['line'] },
        { line: 4, fields: ['line'] },
        { line: 5, fields: ['colour', 'areaM2'] },
        { line: 6, fields: ['owners[0].idNumber'] },
        { line: 7, fields: ['owners'] },
        { line: 8, fields: ['owners[0].age', 'owners[0].share'] },
        { line: 9, fields: ['unitNumber', 'areaM2', 'use', 'acquisitionDate'] },
      ]);
      expect(results.filter((r) => 'command' in r).map((r) => r.line)).toEqual([1, 10]);
      const bad = results.find((r) => r.line === 6);
      expect(bad && 'error' in bad && bad.error.message).toBe('check character does not match (GB 11643)');
      expect(JSON.stringify(results.filter((r) => 'error' in r))).not.toContain(zhang.idNumber.slice(0, 17));
    });
  });

  describe('CSV', () => {
    it('reads quoted fields, Chinese labels and the owners column', async () => {
      const results = await parse(`${HEADER}\n${csvRow()}\n`, csv);
      expect(results).toEqual([{ line: 2, command: { ...expectedCommand, data: { ...expectedCommand.data, location: '重庆市涪陵区崇义街道太极大道18号1幢3-2, 附1号' } } }]);
    });

    it('takes the columns in any order, an empty price as unknown, a whole share as 1', async () => {
      const header = 'owners,unitNumber,use,areaM2,location,originalPriceFen,acquisitionDate';
      const row = `${ownersCell([zhang, '1'])},${newUnitNumber(3)},residential,75,涪陵区某街1号,,2001-01-01`;
      const [result] = await parse(`${header}\r\n${row}\r\n`, csv);
      expect(result).toMatchObject({
        line: 2,
        command: { data: { unitNumber: newUnitNumber(3), areaHundredthsM2: 7500, originalPriceFen: null, owners: [{ share: { numerator: 1, denominator: 1 } }] } },
      });
    });

    it('reports bad rows and goes on', async () => {
      const input = [
        HEADER,
        csvRow({ areaM2: '89,52' }),
        csvRow({ owners: `${zhang.name}|${zhang.idNumber}|1` }),
        csvRow({ owners: ownersCell([zhang, '1/2'], [li, 'half']) }),
        csvRow({ originalPriceFen: '350000.00' }),
        csvRow({ location: '"unclosed' }),
        csvRow({ use: 'palace', acquisitionDate: '2012-13-01' }),
        csvRow({ unitNumber: newUnitNumber(2) }),
      ].join('\n');
      const results = await parse(input, csv);
      expect(errors(results)).toEqual([
        { line: 2, fields: ['columns'] },
        { line: 3, fields: ['owners[0]'] },
        { line: 4, fields: ['owners[1].share'] },
        { line: 5, fields: ['originalPriceFen'] },
        { line: 6, fields: ['line'] },
        { line: 7, fields: ['use', 'acquisitionDate'] },
      ]);
      expect(results.at(-1)).toMatchObject({ line: 8, command: { data: { unitNumber: newUnitNumber(2) } } });
    });

    it('reports a bad header once and reads no rows', async () => {
      const results = await parse(`unitNumber,location,area,use,owners,owners\n${csvRow()}\n`, csv);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ line: 1, error: { field: 'header' } });
      expect('issues' in results[0] && results[0].issues.map((i) => i.message)).toEqual([
        'unknown column "area"',
        'column owners appears twice',
        'column areaM2 is missing',
        'column acquisitionDate is missing',
        'column originalPriceFen is missing',
      ]);
    });

    it('drops a byte-order mark, as Excel writes one', async () => {
      const results = await parse(`\uFEFF${HEADER}\n${csvRow()}`, csv);
      expect(results).toMatchObject([{ line: 2, command: { type: 'RegisterUnit' } }]);
    });
  });

  describe('streaming', () => {
    it('decodes characters split across chunks, one byte at a time', async () => {
      const bytes = Buffer.from(`${HEADER}\n${csvRow()}\n${csvRow({ unitNumber: newUnitNumber(2) })}`, 'utf8');
      const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
      expect(await parse(chunks, csv)).toEqual(await parse(bytes.toString('utf8'), csv));
    });

    it('reads string chunks too', async () => {
      const text = `${jsonLine()}\n${jsonLine({ unitNumber: newUnitNumber(2) })}`;
      const results = await parse([text.slice(0, 50), text.slice(50, 51), text.slice(51)], jsonl);
      expect(results.map((r) => 'command' in r)).toEqual([true, true]);
    });

    it('refuses a file that is not UTF-8', async () => {
      // "张三" in GBK, as older Chinese spreadsheets save it.
      const gbk = Buffer.concat([
        Buffer.from(`${HEADER}\n${newUnitNumber(1)},x,1,residential,`),
        Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
        Buffer.from(`|resident-id|${zhang.idNumber}|1,2001-01-01,\n`),
      ]);
      const results = await parse([gbk], csv);
      expect(results).toMatchObject([{ line: 2, error: { field: 'line', message: expect.stringContaining('UTF-8') } }]);
    });

    it('skips a line that is too long without buffering it, and goes on', async () => {
      const long = 'x'.repeat(5000);
      const chunks = [`${jsonLine()}\n{"location":"`, ...Array.from({ length: 10 }, () => long), `"}\n${jsonLine({ unitNumber: newUnitNumber(2) })}`];
      const results = await parse(chunks, { ...jsonl, maxLineLength: 1000 });
      expect(results.map((r) => ('command' in r ? `${r.line}:ok` : `${r.line}:${r.error.field}`))).toEqual(['1:ok', '2:line', '3:ok']);
    });

    it('refuses malformed options before reading', async () => {
      await expect(parse(jsonLine(), { format: 'jsonl', registeredAt: '2018-07-01' })).rejects.toThrow(ValidationError);
      await expect(parse(jsonLine(), { format: 'xml' as 'csv', registeredAt })).rejects.toThrow(ValidationError);
    });

    it('yields before the input ends and pulls no further than it must', async () => {
      let pulled = 0;
      async function* source(): AsyncGenerator<string> {
        yield `${HEADER}\n`;
        for (let i = 1; i <= 1000; i++) {
          pulled++;
          yield `${csvRow({ unitNumber: newUnitNumber(i) })}\n`;
        }
      }
      const results = parseRegisterImport(source(), csv);
      const first = await results.next();
      expect(first.value).toMatchObject({ line: 2 });
      expect(pulled).toBeLessThanOrEqual(2);
      await results.return(undefined);
    });

    it('imports 100,000 units with bounded memory', async () => {
      const LINES = 100_000;
      const owners = Array.from({ length: 50 }, (_, i) => newPerson(i + 1));
      let produced = 0;
      // Generated on demand, so the input itself is never in memory either.
      async function* file(): AsyncGenerator<Buffer> {
        yield Buffer.from(`${HEADER}\n`);
        for (let start = 1; start <= LINES; start += 1000) {
          const rows: string[] = [];
          for (let n = start; n < start + 1000; n++) {
            const a = owners[n % 50];
            const b = owners[(n + 1) % 50];
            rows.push(csvRow({ unitNumber: newUnitNumber(n), owners: ownersCell([a, '2/3'], [b, '1/3']), originalPriceFen: n % 7 === 0 ? '' : String(n * 100) }));
          }
          produced += rows.length;
          yield Buffer.from(`${rows.join('\n')}\n`, 'utf8');
        }
      }

      // Live heap after a full collection, so garbage V8 has not yet collected does not count.
      const liveHeap = (): number => {
        collectGarbage();
        return process.memoryUsage().heapUsed;
      };
      const baseline = liveHeap();
      let peak = baseline;
      let commands = 0;
      let failures = 0;
      let firstSeenWhenProduced = -1;
      for await (const result of parseRegisterImport(file(), csv)) {
        if (firstSeenWhenProduced < 0) firstSeenWhenProduced = produced;
        if ('command' in result) commands++;
        else failures++;
        if ((commands + failures) % 10_000 === 0) peak = Math.max(peak, liveHeap());
      }

      expect({ commands, failures }).toEqual({ commands: LINES, failures: 0 });
      expect(firstSeenWhenProduced).toBeLessThan(LINES);
      // Holding the 100,000 commands would take well over 100 MB.
      expect((peak - baseline) / 2 ** 20).toBeLessThan(50);
    });
  });
});

describe(splitCsvLine.name, () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    [' a , b ,c ', ['a', 'b', 'c']],
    ['"a, b",c', ['a, b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['a,,', ['a', '', '']],
    ['"",""', ['', '']],
    ['', ['']],
  ])('splits %j', (line, fields) => {
    expect(splitCsvLine(line)).toEqual({ fields });
  });

  it.each(['"open', '"a"b,c', 'a"b,c'])('refuses %j', (line) => {
    expect(splitCsvLine(line)).toHaveProperty('error');
  });
});
