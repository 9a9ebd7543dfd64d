import { Readable } from 'node:stream';
import { readLines } from './read-lines';

describe(readLines.name, () => {
  const collect = async (chunks: (Buffer | string)[]) => {
    const lines: string[] = [];
    for await (const line of readLines(Readable.from(chunks))) lines.push(line);
    return lines;
  };

  it('splits on LF and CRLF across chunk boundaries, keeping blank lines and a last line without a break', async () => {
    expect(await collect(['a,b\r', '\nc', 'd\n\ne'])).toEqual(['a,b', 'cd', '', 'e']);
    expect(await collect(['x\n'])).toEqual(['x']);
    expect(await collect([])).toEqual([]);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('江东花园\n', 'utf8');
    expect(await collect([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual(['江东花园']);
  });
});
