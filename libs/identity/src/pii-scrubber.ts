import {
  DEFAULT_PERSONAL_FIELDS,
  kindMatcher,
  maskResidentId,
  walkMasking,
  type MaskingWalk,
  type PersonalFields,
} from './masking';

// 17 digits + digit/X (any checksum: a mistyped number is still personal), or an
// 11-digit mobile with an optional +86 and matching separators; neither inside a longer digit run.
const PII_SOURCE = String.raw`(?<!\d)(?:(\d{17}[\dXx])|((?:\+?86)?)(1[3-9]\d)([- ]?)\d{4}\4(\d{4}))(?!\d)`;
const PII = new RegExp(PII_SOURCE, 'g');
const HAS_PII = new RegExp(PII_SOURCE);
// The shortest thing worth masking is a bare 11-digit mobile.
const MIN_LENGTH = 11;

const maskMatch = (
  match: string,
  residentId: string | undefined,
  prefix: string,
  head: string,
  separator: string,
  tail: string,
): string => (residentId ? maskResidentId(residentId) : `${prefix}${head}${separator}****${separator}${tail}`);

/**
 * Masks everything in free text shaped like a resident identity number or a
 * mainland mobile number. Returns `text` itself when there is nothing to mask.
 */
export function scrubPii(text: string): string {
  if (text.length < MIN_LENGTH || !HAS_PII.test(text)) return text;
  return text.replace(PII, maskMatch);
}

/**
 * Personal keys for logs: the defaults without a bare `name`, which in log
 * lines is an error class, event or service far more often than a person.
 */
export const LOG_PERSONAL_FIELDS: PersonalFields = Object.freeze(
  Object.fromEntries(Object.entries(DEFAULT_PERSONAL_FIELDS).filter(([key]) => key !== 'name')),
);

const logWalk: MaskingWalk = { kindOf: kindMatcher(LOG_PERSONAL_FIELDS), text: scrubPii, alwaysCopy: false };

/**
 * Log-line scrubber: strings are {@link scrubPii}-ed and values under personal
 * keys masked, at any depth. Copy on write: returns `value` itself, allocating
 * nothing, when there is nothing to mask.
 */
export function scrubPiiDeep(value: unknown, fields?: PersonalFields): unknown {
  const walk = fields === undefined ? logWalk : { kindOf: kindMatcher(fields), text: scrubPii, alwaysCopy: false };
  return walkMasking(value, walk, undefined, 0);
}
