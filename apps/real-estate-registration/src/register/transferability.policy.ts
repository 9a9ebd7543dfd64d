import { RuleViolation } from '@gov/event-sourcing';

/** What a sale needs to know about a unit's encumbrances. */
export interface EncumbranceSummary {
  /** Mortgages still registered (not released). */
  readonly mortgageIds: readonly string[];
  readonly seizureCount: number;
  readonly objectionCount: number;
}

export type TransferBlocker = 'unit-seized' | 'unit-under-objection' | 'unit-mortgaged';

/**
 * Which encumbrances stop a sale. A seizure (查封) and an objection (异议登记)
 * always do; a mortgage does unless its lender consents (Civil Code art. 406:
 * the mortgage then stays on the unit and follows it to the buyer).
 */
export function transferBlockers(summary: EncumbranceSummary, lenderConsentMortgageIds: readonly string[]): TransferBlocker[] {
  const blockers: TransferBlocker[] = [];
  if (summary.seizureCount > 0) blockers.push('unit-seized');
  if (summary.objectionCount > 0) blockers.push('unit-under-objection');
  if (unconsentedMortgages(summary, lenderConsentMortgageIds).length > 0) blockers.push('unit-mortgaged');
  return blockers;
}

/** Refuses with the most serious blocker's code; details list all of them. */
export function assertTransferable(summary: EncumbranceSummary, lenderConsentMortgageIds: readonly string[]): void {
  const blockers = transferBlockers(summary, lenderConsentMortgageIds);
  if (blockers.length === 0) return;
  const unconsented = unconsentedMortgages(summary, lenderConsentMortgageIds);
  throw new RuleViolation(blockers[0], MESSAGES[blockers[0]], {
    blockers,
    ...(unconsented.length > 0 ? { unconsentedMortgageIds: unconsented } : {}),
  });
}

/** A consent must name a mortgage registered on the unit: a consent to anything else is a mistake to report. */
export function assertConsentsKnown(summary: EncumbranceSummary, lenderConsentMortgageIds: readonly string[]): void {
  const unknown = lenderConsentMortgageIds.filter((id) => !summary.mortgageIds.includes(id));
  if (unknown.length > 0) {
    throw new RuleViolation('unknown-mortgage-consent', 'a lender consent names a mortgage that is not registered on the unit', {
      mortgageIds: unknown,
    });
  }
}

const MESSAGES: Record<TransferBlocker, string> = {
  'unit-seized': 'the unit is seized by court order',
  'unit-under-objection': 'an objection is registered against the unit',
  'unit-mortgaged': 'the unit is mortgaged: release the mortgage or bring the lender’s consent',
};

function unconsentedMortgages(summary: EncumbranceSummary, consents: readonly string[]): string[] {
  return summary.mortgageIds.filter((id) => !consents.includes(id));
}
