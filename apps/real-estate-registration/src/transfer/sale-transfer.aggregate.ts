import type { AggregateType } from '@gov/event-sourcing';
import { REAL_ESTATE_STREAMS } from '@gov/contracts';
import type { CertificateNumberFormat } from '../certificate/certificate-number';
import type { SaleTransferCommand } from './sale-transfer.commands';
import { createSaleTransferDecider, type SaleTransferState } from './sale-transfer.decider';
import type { SaleTransferEvent } from './sale-transfer.events';

export type SaleTransferAggregateType = AggregateType<SaleTransferState, SaleTransferCommand, SaleTransferEvent>;

/** Stream `sale-transfer-<transferId>`, numbering certificates in the configured province and district. */
export function saleTransferAggregate(certificateNumbers: CertificateNumberFormat): SaleTransferAggregateType {
  return { name: REAL_ESTATE_STREAMS.saleTransfer, decider: createSaleTransferDecider({ certificateNumbers }) };
}
