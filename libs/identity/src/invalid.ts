/**
 * The refusal every identifier validator returns. `reason` never repeats the
 * input, so it is safe to show, log and put in a problem+json body.
 */
export interface InvalidIdentifier<TCode extends string> {
  readonly valid: false;
  /** Stable machine-readable cause, e.g. `check-character`. */
  readonly code: TCode;
  readonly reason: string;
}

export const invalid = <TCode extends string>(code: TCode, reason: string): InvalidIdentifier<TCode> => ({
  valid: false,
  code,
  reason,
});
