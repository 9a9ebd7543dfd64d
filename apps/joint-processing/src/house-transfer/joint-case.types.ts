import type { RealEstateEventMessage, TaxEventMessage } from '@gov/contracts';

/** One application, one set of materials: what the window takes in for a second-hand house transfer. */

export type IdType = 'resident-id' | 'credit-code';

export interface PartyInput {
  readonly name: string;
  readonly idType: IdType;
  readonly idNumber: string;
  readonly phone?: string;
}

export interface Share {
  readonly numerator: number;
  readonly denominator: number;
}

export interface BuyerInput extends PartyInput {
  readonly share: Share;
}

export interface HouseTransferApplication {
  readonly sellers: readonly PartyInput[];
  readonly buyers: readonly BuyerInput[];
  readonly unit: {
    readonly unitNumber: string;
    /** Hundredths of m², as on the certificate; avoids floats at the 90 m² threshold. */
    readonly areaHundredthsM2: number;
    readonly acquisitionDate: string;
    /** null when the seller cannot prove the original cost (income tax falls back to 1%). */
    readonly originalPriceFen: number | null;
  };
  readonly contract: {
    readonly number: string;
    readonly priceFen: number;
    readonly signedOn: string;
  };
  /** Declared by the parties, checked by tax (family home count, 满五唯一). */
  readonly taxFacts: {
    readonly buyerFamilyHome: 'first' | 'second' | 'other';
    readonly sellerOnlyHome: boolean;
  };
  readonly lenderConsentMortgageIds: readonly string[];
}

export interface MaterialInput {
  readonly type: string;
  readonly fileName: string;
  /** sha256 of the scanned file, hex. */
  readonly sha256: string;
}

export interface Ticket {
  readonly number: string;
  readonly category: string;
  readonly window: string;
}

export type Department = 'real-estate-registration' | 'tax';

/** Department events a joint case reacts to; others (their own lifecycle events...) are not its business. */
export const EVENTS_OF_INTEREST = {
  'real-estate-registration': ['TransferApplied', 'TransferRefused', 'TaxClearanceRecorded', 'OwnershipTransferred', 'CertificateIssued', 'TransferCancelled'],
  tax: ['HouseTransferTaxAssessed', 'HouseTransferTaxAssessmentRefused', 'PaymentConfirmed', 'TaxClearanceGranted', 'TaxAssessmentCancelled', 'RefundStarted'],
} as const;

type RealEstateEventOfInterest = Extract<RealEstateEventMessage, { type: (typeof EVENTS_OF_INTEREST)['real-estate-registration'][number] }>;
type TaxEventOfInterest = Extract<TaxEventMessage, { type: (typeof EVENTS_OF_INTEREST)['tax'][number] }>;

/** A department's event as its contract defines it (parsed at the consumer), each naming the joint case it is about. */
export type DepartmentEvent =
  | { readonly department: 'real-estate-registration'; readonly event: RealEstateEventOfInterest }
  | { readonly department: 'tax'; readonly event: TaxEventOfInterest };

/** Whether a parsed department event is one the joint case reacts to. */
export function ofInterest(department: 'real-estate-registration', event: RealEstateEventMessage): event is RealEstateEventOfInterest;
export function ofInterest(department: 'tax', event: TaxEventMessage): event is TaxEventOfInterest;
export function ofInterest(department: Department, event: RealEstateEventMessage | TaxEventMessage): boolean {
  return (EVENTS_OF_INTEREST[department] as readonly string[]).includes(event.type);
}

/** A command for another department, sent through this service's log and the relay. */
export interface DepartmentCommand {
  readonly commandId: string;
  readonly target: Department;
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}
