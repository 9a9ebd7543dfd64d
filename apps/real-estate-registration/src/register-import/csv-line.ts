/**
 * Splits one CSV record (RFC 4180 quoting: `"a, b"`, `"say ""hi"""`) into fields.
 * Records are one line each: a quoted field may not span lines, so a file's
 * line numbers stay the numbers of its records in the error report.
 * Unquoted fields are trimmed; quoted ones are kept as written.
 */
export function splitCsvLine(line: string): { fields: string[] } | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote === -1) return { error: 'a quoted field is not closed on this line' };
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      fields.push(value);
      if (i === line.length) return { fields };
      if (line[i] !== ',') return { error: 'a quoted field must be followed by a comma or the end of the line' };
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const raw = comma === -1 ? line.slice(i) : line.slice(i, comma);
      if (raw.includes('"')) return { error: 'a field containing " must be quoted, with the quote doubled' };
      fields.push(raw.trim());
      if (comma === -1) return { fields };
      i = comma + 1;
    }
  }
}
