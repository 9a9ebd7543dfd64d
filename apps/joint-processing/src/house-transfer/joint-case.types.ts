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

/** A command for another department, sent through this service's log and the relay. */
export interface DepartmentCommand {
  readonly commandId: string;
  readonly target: Department;
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}
