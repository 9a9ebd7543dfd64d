import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { assertNever, StreamVersionConflictError, type DomainCommand, type DomainEvent, type AggregateType } from '@gov/event-sourcing';
import {
  AggregateRepository,
  PostgresEventStore,
  type EventMetadata,
  type HandleResult,
  type Queryable,
  type RecordedEvent,
} from '@gov/event-sourcing/postgres';
import { recordLifecycle } from '@gov/platform';
import type { CaseLifecycleEvent } from '@gov/contracts';
import { TaxpayerAggregate } from '../taxpayer/taxpayer.aggregate';
import type { TaxpayerCommand } from '../taxpayer/taxpayer.commands';
import type { TaxpayerEvent } from '../taxpayer/taxpayer.events';
import { findTaxpayer, projectTaxpayer, taxpayerIdentifier } from '../taxpayer/taxpayer.projection';
import { TaxAssessmentAggregate } from '../house-transfer-tax/tax-assessment.aggregate';
import type { TaxAssessmentCommand } from '../house-transfer-tax/tax-assessment.commands';
import type { TaxAssessmentEvent } from '../house-transfer-tax/tax-assessment.events';
import { projectTaxAssessment } from '../house-transfer-tax/tax-assessment.projection';
import { PaymentOrderAggregate } from '../payment/payment-order.aggregate';
import type { PaymentOrderCommand } from '../payment/payment-order.commands';
import type { PaymentOrderEvent } from '../payment/payment-order.events';
import { projectPaymentOrder } from '../payment/payment-order.projection';
import { caseEvents, immediateCase, taxCases } from './case-lifecycle';

/** Every event the tax service's aggregates record. */
export type TaxDomainEvent = TaxpayerEvent | TaxAssessmentEvent | PaymentOrderEvent;

export interface StepOptions<S, R> {
  readonly commandId?: string;
  readonly requestHash?: string;
  readonly metadata: EventMetadata;
  readonly result?: (state: S, events: readonly RecordedEvent[], version: number) => R;
}

const CONFLICT_ATTEMPTS = 3;

/**
 * Runs a command and every in-service reaction to its events in ONE
 * transaction: assessed → payment order issued; payment confirmed → tax
 * payment recorded (→ clearance); assessment cancelled → payment order
 * cancelled (→ refund if paid); plus the case lifecycle. A reaction can
 * therefore never be lost or run twice: it commits with its cause or not at all.
 */
@Injectable()
export class TaxWorkflow {
  constructor(
    readonly store: PostgresEventStore,
    private readonly aggregates: AggregateRepository,
  ) {}

  /** In the caller's transaction (a Kafka inbox), or in one of its own that is re-run when a concurrent write won. */
  async run<T>(work: (tx: PoolClient) => Promise<T>, tx?: PoolClient): Promise<T> {
    if (tx) return work(tx);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(work);
      } catch (error) {
        if (error instanceof StreamVersionConflictError && attempt < CONFLICT_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  taxpayer<R>(tx: PoolClient, id: string, command: TaxpayerCommand, options: StepOptions<unknown, R>): Promise<HandleResult<R>> {
    return this.step(tx, TaxpayerAggregate, id, command, options, projectTaxpayer);
  }

  assessment<R>(tx: PoolClient, id: string, command: TaxAssessmentCommand, options: StepOptions<unknown, R>): Promise<HandleResult<R>> {
    return this.step(tx, TaxAssessmentAggregate, id, command, options, projectTaxAssessment);
  }

  paymentOrder<R>(tx: PoolClient, id: string, command: PaymentOrderCommand, options: StepOptions<unknown, R>): Promise<HandleResult<R>> {
    return this.step(tx, PaymentOrderAggregate, id, command, options, projectPaymentOrder);
  }

  private async step<S, C extends DomainCommand, E extends DomainEvent, R>(
    tx: PoolClient,
    type: AggregateType<S, C, E>,
    id: string,
    command: C,
    options: StepOptions<S, R>,
    project: (tx: Queryable, events: readonly RecordedEvent<E>[]) => Promise<void>,
  ): Promise<HandleResult<R>> {
    const handled = await this.aggregates.handle(type, id, command, {
      tx,
      commandId: options.commandId,
      requestHash: options.requestHash,
      metadata: options.metadata,
      result: options.result,
      project: (t, events) => project(t, events),
    });
    if (!handled.duplicate) await this.react(tx, handled.events as readonly RecordedEvent<TaxDomainEvent>[], options.metadata);
    return handled;
  }

  private async react(tx: PoolClient, events: readonly RecordedEvent<TaxDomainEvent>[], metadata: EventMetadata): Promise<void> {
    const types = new Set(events.map((e) => e.type));
    for (const event of events) {
      const caused: EventMetadata = { ...withoutCommandId(metadata), causationId: event.eventId };
      const actor = metadata.actor?.subject;
      switch (event.type) {
        case 'TaxpayerRegistered':
          await this.lifecycle(tx, immediateCase(taxCases.registration(event.data.taxpayerId, event.data.registeredAt), [taxpayerIdentifier(event.data.taxpayer)], actor), caused);
          break;
        case 'TaxpayerDeregistered': {
          const found = await findTaxpayer(tx, event.data.taxpayerId);
          const applicants = found ? [found.identifier] : [];
          await this.lifecycle(tx, immediateCase(taxCases.deregistration(event.data.taxpayerId, event.data.deregisteredAt), applicants, actor), caused);
          break;
        }
        case 'HouseTransferTaxAssessed': {
          const d = event.data;
          const taxCase = taxCases.houseTransfer(d.assessmentId, d.assessedAt);
          const applicants = [...d.sellers, ...d.buyers].map((p) => p.residentId);
          await this.lifecycle(tx, [caseEvents.accepted(taxCase, applicants), caseEvents.step(taxCase, 'tax-assessed', d.assessedAt, actor)], caused);
          if (d.paymentOrderId !== null) {
            await this.paymentOrder(tx, d.paymentOrderId, {
              type: 'IssuePaymentOrder',
              data: { paymentOrderId: d.paymentOrderId, assessmentId: d.assessmentId, transferId: d.transferId, caseId: d.caseId, amountFen: d.totals.totalFen, at: d.assessedAt },
            }, { metadata: caused });
          }
          break;
        }
        case 'TaxClearanceGranted': {
          const d = event.data;
          const assessedAt = await this.assessedAt(tx, d.assessmentId);
          const taxCase = taxCases.houseTransfer(d.assessmentId, assessedAt ?? d.grantedAt);
          await this.lifecycle(
            tx,
            [
              ...(d.paymentOrderId !== null ? [caseEvents.step(taxCase, 'payment-confirmed', d.grantedAt)] : []),
              caseEvents.decided(taxCase, d.grantedAt, 'approved'),
              caseEvents.completed(taxCase, d.grantedAt, 'approved'),
            ],
            caused,
          );
          break;
        }
        case 'TaxAssessmentCancelled': {
          const d = event.data;
          const { rows } = await tx.query<{ payment_order_id: string | null; assessed_at: Date }>(
            'SELECT payment_order_id, assessed_at FROM tax_assessments WHERE assessment_id = $1',
            [d.assessmentId],
          );
          const paymentOrderId = rows[0]?.payment_order_id ?? null;
          if (paymentOrderId !== null) {
            await this.paymentOrder(tx, paymentOrderId, { type: 'CancelPaymentOrder', data: { paymentOrderId, reason: d.reason, at: d.cancelledAt } }, { metadata: caused });
          }
          // A cleared case was already completed; cancelling it later revokes the clearance (and refunds), not the case record.
          if (!types.has('TaxClearanceRevoked')) {
            const taxCase = taxCases.houseTransfer(d.assessmentId, rows[0]?.assessed_at.toISOString() ?? d.cancelledAt);
            await this.lifecycle(tx, [caseEvents.completed(taxCase, d.cancelledAt, 'withdrawn')], caused);
          }
          break;
        }
        case 'PaymentConfirmed': {
          const d = event.data;
          await this.assessment(
            tx,
            d.assessmentId,
            { type: 'RecordTaxPayment', data: { assessmentId: d.assessmentId, paymentOrderId: d.paymentOrderId, bankTransactionId: d.bankTransactionId, amountFen: d.amountFen, at: d.paidAt } },
            { metadata: caused },
          );
          break;
        }
        case 'TaxClearanceRevoked':
        case 'PaymentOrderIssued':
        case 'PaymentOrderCancelled':
        case 'RefundStarted':
        case 'RefundCompleted':
          break;
        default:
          assertNever(event, 'tax event');
      }
    }
  }

  private async lifecycle(tx: PoolClient, events: readonly CaseLifecycleEvent[], metadata: EventMetadata): Promise<void> {
    for (const e of events) await recordLifecycle(this.store, tx, e, metadata);
  }

  private async assessedAt(tx: Queryable, assessmentId: string): Promise<string | null> {
    const { rows } = await tx.query<{ assessed_at: Date }>('SELECT assessed_at FROM tax_assessments WHERE assessment_id = $1', [assessmentId]);
    return rows[0]?.assessed_at.toISOString() ?? null;
  }
}

function withoutCommandId(metadata: EventMetadata): EventMetadata {
  const { commandId: _commandId, ...rest } = metadata;
  return rest;
}
