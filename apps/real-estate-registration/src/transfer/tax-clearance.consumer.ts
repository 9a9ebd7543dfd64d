import { Validation, DomainError, StreamVersionConflictError } from '@gov/event-sourcing';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { CALLER_ID, isInstant } from '@gov/service-standards';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { parseCloudEventType, type IncomingMessage } from '@gov/messaging';
import { JsonLogger, kafkaCommandContext, ServiceRuntime } from '@gov/platform';
import { SERVICES, TAX_EVENTS, type TaxClearanceGrantedV1 } from '@gov/contracts';
import { saleTransferStreamId } from './sale-transfer.events';
import { SaleTransferHandler } from './sale-transfer.handler';

/**
 * The tax service's clearance of a transfer (every tax on it paid, as the bank
 * confirmed) becomes RecordTaxClearance on that transfer, in the inbox
 * transaction. Clearances for transfers this service does not know are
 * ignored: tax also serves other callers. Everything else on the topic is not ours.
 */
@Injectable()
export class TaxClearanceConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly store: PostgresEventStore,
    private readonly transfers: SaleTransferHandler,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'tax-events',
      topics: [this.runtime.topicOf(SERVICES.tax, 'events')],
      // Only clearances matter here: the rest of the tax topic costs no transaction.
      accepts: (ceType) => parseCloudEventType(ceType)?.name === TAX_EVENTS.taxClearanceGranted,
      handle: (message, tx) => this.handle(message, tx),
    });
  }

  async handle(message: IncomingMessage, tx: PoolClient): Promise<void> {
    const type = parseCloudEventType(message.type);
    if (!type || type.service !== SERVICES.tax || type.name !== TAX_EVENTS.taxClearanceGranted) return;
    const data = (typeof message.data === 'object' && message.data !== null ? message.data : {}) as Partial<TaxClearanceGrantedV1>;
    const ids = new Validation();
    if (!ids.require('transferId', data.transferId, CALLER_ID)) {
      this.logger.warn('tax clearance without a usable transfer id; ignored', { eventId: message.id });
      return;
    }
    const transferId = data.transferId as string;
    const at = isInstant(data.grantedAt) ? data.grantedAt : new Date().toISOString();
    // Same lock as the application of this transfer: one of the two sees the other.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`transfer-clearance:${transferId}`]);
    if (!(await this.store.streamHead(saleTransferStreamId(transferId), tx))) {
      // Tax may clear a transfer before its application reaches us; keep it for then.
      // (Clearances of transfers that never come are other callers' and stay unused.)
      await tx.query(
        `INSERT INTO re_pending_tax_clearances (transfer_id, clearance_id, assessment_id, granted_at) VALUES ($1, $2, $3, $4) ON CONFLICT (transfer_id) DO NOTHING`,
        [transferId, message.id, String(data.assessmentId ?? ''), at],
      );
      return;
    }
    try {
      await this.transfers.handle(
        // The clearance is identified by the tax event that granted it.
        { type: 'RecordTaxClearance', data: { transferId, clearanceId: message.id, assessmentId: data.assessmentId as string, at } },
        { ...kafkaCommandContext({ ...message, source: message.source || `/gov/${SERVICES.tax}` }), tx },
      );
    } catch (error) {
      // Losing a race every time is not an answer: let the inbox retry it.
      if (!(error instanceof DomainError) || error instanceof StreamVersionConflictError) throw error;
      // A closed transfer, a second clearance: on record already, nothing to add.
      this.logger.warn('tax clearance not recorded', { transferId, code: error.code });
    }
  }
}
