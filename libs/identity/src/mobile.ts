// 11 digits, second digit 3-9: every mainland carrier segment (130-199). Stored without +86 or separators.
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** A mainland China mobile number in canonical form: 11 digits starting 13–19, no prefix or separators. */
export function isMainlandMobile(value: unknown): value is string {
  return typeof value === 'string' && MAINLAND_MOBILE.test(value);
}
