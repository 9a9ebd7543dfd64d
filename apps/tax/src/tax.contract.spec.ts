import {
  TAX_EVENTS,
  type HouseTransferTaxAssessedV1,
  type PaymentConfirmedV1,
  type PaymentOrderCancelledV1,
  type PaymentOrderIssuedV1,
  type RefundCompletedV1,
  type RefundStartedV1,
  type TaxAssessmentCancelledV1,
  type TaxClearanceGrantedV1,
  type TaxClearanceRevokedV1,
  type TaxEventName,
  type TaxpayerDeregisteredV1,
  type TaxpayerRegisteredV1,
} from '@gov/contracts';
import type { TaxAssessmentEvent } from './house-transfer-tax/tax-assessment.events';
import type { PaymentOrderEvent } from './payment/payment-order.events';
import type { TaxpayerEvent } from './taxpayer/taxpayer.events';

/** Every event the tax service's aggregates record. */
type TaxDomainEvent = TaxpayerEvent | TaxAssessmentEvent | PaymentOrderEvent;

type DataOf<E extends { type: string; data: object }, T extends E['type']> = Extract<E, { type: T }>['data'];

// The events as recorded are what goes on the wire: each must fit its public contract (checked by tsc).
const fits = {
  HouseTransferTaxAssessed: (d: DataOf<TaxAssessmentEvent, 'HouseTransferTaxAssessed'>): HouseTransferTaxAssessedV1 => d,
  TaxClearanceGranted: (d: DataOf<TaxAssessmentEvent, 'TaxClearanceGranted'>): TaxClearanceGrantedV1 => d,
  TaxAssessmentCancelled: (d: DataOf<TaxAssessmentEvent, 'TaxAssessmentCancelled'>): TaxAssessmentCancelledV1 => d,
  TaxClearanceRevoked: (d: DataOf<TaxAssessmentEvent, 'TaxClearanceRevoked'>): TaxClearanceRevokedV1 => d,
  PaymentOrderIssued: (d: DataOf<PaymentOrderEvent, 'PaymentOrderIssued'>): PaymentOrderIssuedV1 => d,
  PaymentConfirmed: (d: DataOf<PaymentOrderEvent, 'PaymentConfirmed'>): PaymentConfirmedV1 => d,
  PaymentOrderCancelled: (d: DataOf<PaymentOrderEvent, 'PaymentOrderCancelled'>): PaymentOrderCancelledV1 => d,
  RefundStarted: (d: DataOf<PaymentOrderEvent, 'RefundStarted'>): RefundStartedV1 => d,
  RefundCompleted: (d: DataOf<PaymentOrderEvent, 'RefundCompleted'>): RefundCompletedV1 => d,
  TaxpayerRegistered: (d: DataOf<TaxpayerEvent, 'TaxpayerRegistered'>): TaxpayerRegisteredV1 => d,
  TaxpayerDeregistered: (d: DataOf<TaxpayerEvent, 'TaxpayerDeregistered'>): TaxpayerDeregisteredV1 => d,
} satisfies Record<TaxDomainEvent['type'], unknown>;

describe('tax contract', () => {
  it('names every domain event in the public contract', () => {
    const published: readonly TaxEventName[] = Object.keys(fits) as TaxDomainEvent['type'][];
    expect(Object.values(TAX_EVENTS)).toEqual(expect.arrayContaining([...published]));
  });
});
