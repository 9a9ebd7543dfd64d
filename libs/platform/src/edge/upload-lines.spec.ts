import { Readable } from 'node:stream';
import { splitLines } from './upload-lines';

describe(splitLines.name, () => {
  const collect = async (chunks: (Buffer | string)[], max = 100) => {
    const lines: { number: number; text: string; tooLong: boolean }[] = [];
    for await (const line of splitLines(Readable.from(chunks), max)) lines.push({ ...line });
    return lines;
  };

  it('splits on LF and CRLF across chunk boundaries, numbering blank lines and a last line without a break', async () => {
    expect((await collect(['a,b\r', '\nc', 'd\n\ne'])).map((l) => [l.number, l.text])).toEqual([
      [1, 'a,b'],
      [2, 'cd'],
      [3, ''],
      [4, 'e'],
    ]);
    expect(await collect([])).toEqual([]);
  });

  it('decodes a multi-byte character split between chunks and drops a byte-order mark', async () => {
    const bytes = Buffer.from('\ufeff江东花园\n', 'utf8');
    expect((await collect([bytes.subarray(0, 5), bytes.subarray(5)])).map((l) => l.text)).toEqual(['江东花园']);
  });

  it('drops a line longer than the limit as it streams past, and goes on', async () => {
    expect(await collect(['x'.repeat(6), 'y'.repeat(6), '\nok\n'], 10)).toEqual([
      { number: 1, text: '', tooLong: true },
      { number: 2, text: 'ok', tooLong: false },
    ]);
  });
});
