import { findUnsafeInput, findUnsafeQuery, MAX_INPUT_DEPTH } from './input-hygiene';
import { ParseCalendarDayParam } from './params';

describe('input hygiene', () => {
  it('names the field holding a NUL, a lone surrogate or U+FFFD, nested or in a key', () => {
    expect(findUnsafeInput({ owners: [{ name: 'a\u0000b' }] })).toEqual({ field: 'owners[0].name', message: 'must not contain a NUL character' });
    expect(findUnsafeInput({ a: { b: 'x\ud800' } })).toEqual({ field: 'a.b', message: 'is not valid UTF-8 text (lone surrogate)' });
    expect(findUnsafeInput({ a: 'x\udc00y' })?.field).toBe('a');
    expect(findUnsafeInput({ a: 'bad \ufffd byte' })).toEqual({ field: 'a', message: 'is not valid UTF-8 text' });
    expect(findUnsafeInput({ 'k\u0000': 1 })?.message).toMatch(/field name/);
    expect(findUnsafeInput({ name: '张三 😀', n: 1, ok: true, list: ['a', null] })).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without recursing (50,000 levels)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findUnsafeInput({ a: deep })?.message).toMatch(/nested too deeply/);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = { a: ok };
    expect(findUnsafeInput(ok)).toBeUndefined();
  });

  it('decodes the raw query strictly and names the parameter', () => {
    expect(findUnsafeQuery('/cases?from=%FF')).toEqual({ field: 'from', message: 'is not valid percent-encoded UTF-8' });
    expect(findUnsafeQuery('/cases?from=2026-01-01&to=a%00')).toEqual({ field: 'to', message: 'must not contain a NUL character' });
    expect(findUnsafeQuery('/cases?x=%ED%A0%80')?.field).toBe('x');
    expect(findUnsafeQuery('/cases?from=2026-01-01&q=%E4%B8%AD+x')).toBeUndefined();
  });

  it('refuses an impossible day in a path parameter, naming it', () => {
    const pipe = new ParseCalendarDayParam();
    expect(pipe.transform('2024-02-29', { type: 'param', data: 'day' })).toBe('2024-02-29');
    for (const d of ['2026-02-30', '2026-13-01', '2026-02-29', '26-02-01', '2026-02-01T00:00:00Z', 42]) {
      expect(() => pipe.transform(d, { type: 'param', data: 'day' })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'day' })] }));
    }
  });
});
