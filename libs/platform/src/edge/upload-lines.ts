/** One physical line of an import file. */
export interface SourceLine {
  /** 1-based, counting blank lines too, so it matches what an editor shows. */
  readonly number: number;
  /** Without the line break; empty when the line was too long. */
  readonly text: string;
  /** The line exceeded the limit; its text was dropped as it streamed past, never buffered. */
  readonly tooLong: boolean;
}

/**
 * Splits a stream of chunks (a `Readable`, or any async iterable of bytes or
 * strings) into lines without holding more than one line in memory. Bytes are
 * decoded as UTF-8 across chunk boundaries, so a character split between two
 * chunks survives. LF and CRLF both end a line; a leading byte-order mark is dropped.
 */
export async function* splitLines(source: AsyncIterable<string | Uint8Array>, maxLineLength: number): AsyncGenerator<SourceLine> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let number = 1;
  let discarding = false;
  let first = true;

  function* drain(text: string): Generator<SourceLine> {
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      if (discarding) {
        discarding = false;
      } else {
        const line = stripCr(pending + text.slice(start, end));
        pending = '';
        yield line.length > maxLineLength ? { number, text: '', tooLong: true } : { number, text: line, tooLong: false };
      }
      pending = '';
      number++;
      start = end + 1;
    }
    if (discarding) return;
    pending += text.slice(start);
    // A line with no end in sight is reported now and skipped, so one bad line cannot fill the memory.
    if (pending.length > maxLineLength + 1) {
      yield { number, text: '', tooLong: true };
      pending = '';
      discarding = true;
    }
  }

  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield* drain(text);
  }
  yield* drain(decoder.decode());
  if (!discarding && pending.length > 0) {
    const line = stripCr(pending);
    yield line.length > maxLineLength ? { number, text: '', tooLong: true } : { number, text: line, tooLong: false };
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
