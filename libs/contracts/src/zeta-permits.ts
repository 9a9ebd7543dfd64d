/**
 * zeta-permits contract (v1), department `zeta`: what the service publishes on
 * `gov.zeta-permits.events.v1` (Kafka binary-mode CloudEvents, ce_type
 * `gov.zeta-permits.<EventName>.v1`, key = ce_subject = the stream id), beside
 * the case lifecycle events (case-lifecycle.ts) supervision reads.
 * Instants are ISO 8601 with an offset; identity numbers GB 11643.
 */

/** Stream id prefixes: the Kafka key and ce_subject of an event are `<prefix>-<id>`. */
export const ZETA_PERMITS_STREAMS = {
  application: 'zeta-permits-application',
} as const;

/**
 * Item code of the service's cases in the catalog (`@gov/service-standards`), on
 * its lifecycle events. Until a catalog version lists it, supervision tracks
 * the cases without measuring them against a time limit.
 */
export const ZETA_PERMITS_ITEM_CODES = {
  application: 'ZETA-PERMITS-01',
} as const;

export const ZETA_PERMITS_EVENTS = {
  applicationSubmitted: 'ApplicationSubmitted',
  applicationDecided: 'ApplicationDecided',
} as const;
export type ZetaPermitsEventName = (typeof ZETA_PERMITS_EVENTS)[keyof typeof ZETA_PERMITS_EVENTS];

export interface ZetaPermitsApplicant {
  /** Resident identity number (GB 11643). Personal data. */
  readonly residentId: string;
  /** Personal data. */
  readonly name: string;
}

export interface ApplicationSubmittedV1 {
  readonly applicationId: string;
  readonly applicant: ZetaPermitsApplicant;
  /** What is applied for, in the applicant's words. */
  readonly subject: string;
  readonly submittedAt: string;
}

export interface ApplicationDecidedV1 {
  readonly applicationId: string;
  readonly outcome: 'approved' | 'refused';
  /** Why it was refused; null when approved. */
  readonly reason: string | null;
  readonly decidedAt: string;
}

/** Event data by name: what consumers parse `gov.zeta-permits.<Name>.v1` into. */
export interface ZetaPermitsEventDataV1 {
  readonly ApplicationSubmitted: ApplicationSubmittedV1;
  readonly ApplicationDecided: ApplicationDecidedV1;
}
