import type { DomainCommand } from '@gov/event-sourcing';

/** A person by resident identity number, or a business by Unified Social Credit Code. */
export type TaxpayerIdentity =
  | { readonly kind: 'person'; readonly residentId: string; readonly name: string }
  | { readonly kind: 'business'; readonly creditCode: string; readonly name: string };

/** The resident id or credit code that names the taxpayer. */
export function taxpayerIdentifier(taxpayer: TaxpayerIdentity): string {
  return taxpayer.kind === 'person' ? taxpayer.residentId : taxpayer.creditCode;
}

/** The one set of materials the applicant hands in (一套资料), stored elsewhere by id. */
export interface MaterialsSet {
  readonly setId: string;
  readonly documentIds: readonly string[];
}

export type RegisterTaxpayer = DomainCommand<
  'RegisterTaxpayer',
  {
    readonly taxpayerId: string;
    readonly taxpayer: TaxpayerIdentity;
    readonly materials: MaterialsSet;
    readonly at: string;
  }
>;

export type DeregisterTaxpayer = DomainCommand<
  'DeregisterTaxpayer',
  {
    readonly taxpayerId: string;
    readonly reason: string;
    readonly materials: MaterialsSet;
    /** Looked up by the handler from the unpaid-items read model just before deciding. */
    readonly unpaid: { readonly count: number; readonly amountFen: number };
    readonly at: string;
  }
>;

export type TaxpayerCommand = RegisterTaxpayer | DeregisterTaxpayer;
