import { DomainError, StreamVersionConflictError } from '@gov/event-sourcing';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { parseCloudEventType, type IncomingMessage } from '@gov/messaging';
import { JsonLogger, kafkaCommandContext, ServiceRuntime } from '@gov/platform';
import { SERVICES, TAX_EVENTS, parseTaxEvent, type TaxEventMessage } from '@gov/contracts';
import { ChangeSaleTransfer } from './sale-transfer.handler';

/**
 * The tax service's clearance of a transfer (every tax on it paid, as the bank
 * confirmed) becomes RecordTaxClearance on that transfer, in the inbox
 * transaction, on the CommandBus; one that arrives before its transfer's
 * application is kept for it (SaleTransferHandler). Everything else on the topic is not ours.
 */
@Injectable()
export class TaxClearanceConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'tax-events',
      topics: [this.runtime.topicOf(SERVICES.tax, 'events')],
      // Only clearances matter here: the rest of the tax topic costs no transaction.
      accepts: (ceType) => parseCloudEventType(ceType)?.name === TAX_EVENTS.taxClearanceGranted,
      // The tax contract, checked once: a clearance that breaks it is dead-lettered naming the field.
      parse: (message) => parseTaxEvent(message.type, message.data),
      handle: (message, tx) => this.handle(message, tx),
    });
  }

  async handle(message: IncomingMessage<TaxEventMessage>, tx: PoolClient): Promise<void> {
    if (message.data.type !== TAX_EVENTS.taxClearanceGranted) return;
    const data = message.data.data;
    const { transferId, assessmentId } = data;
    const at = data.grantedAt;
    try {
      await this.commands.execute(
        new ChangeSaleTransfer(
          // The clearance is identified by the tax event that granted it; one before its application is kept for it.
          { type: 'RecordTaxClearance', data: { transferId, clearanceId: message.id, assessmentId, at } },
          kafkaCommandContext({ ...message, source: message.source || `/gov/${SERVICES.tax}` }, { correlationId: data.caseId ?? undefined }),
          tx,
        ),
      );
    } catch (error) {
      // Losing a race every time is not an answer: let the inbox retry it.
      if (!(error instanceof DomainError) || error instanceof StreamVersionConflictError) throw error;
      // A closed transfer, a second clearance: on record already, nothing to add.
      this.logger.warn('tax clearance not recorded', { transferId, code: error.code });
    }
  }
}
