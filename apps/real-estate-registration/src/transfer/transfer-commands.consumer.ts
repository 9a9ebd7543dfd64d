import { DomainError, RuleViolation, StreamVersionConflictError, assertNever } from '@gov/event-sourcing';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import type { IncomingMessage } from '@gov/messaging';
import { JsonLogger, kafkaCommandContext, ServiceRuntime, type CommandContext } from '@gov/platform';
import { parseRealEstateCommand, type RealEstateCommandMessage } from '@gov/contracts';
import type { ApplyForSaleTransfer, SaleTransferCommand } from './sale-transfer.commands';
import { ChangeSaleTransfer } from './sale-transfer.handler';

// Answers already on record for this transfer: the sender has heard them.
const ALREADY_ANSWERED = new Set(['transfer-already-applied', 'transfer-closed', 'transfer-already-registered', 'certificate-already-issued']);
const MAX_REASON = 500;

/**
 * Commands from other services (the joint window) on
 * `gov.real-estate-registration.commands.v1`, on the CommandBus like REST and
 * gRPC. Each runs in the inbox transaction with ce_id as its command id, so a redelivery has no effect.
 * A domain refusal is an answer, not a failure: it is recorded as
 * TransferRefused for the sender to read. A message that breaks the contract
 * (libs/contracts) is dead-lettered at once, naming the field; other
 * unexpected errors are retried, then dead-lettered.
 */
@Injectable()
export class TransferCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.runtime.consumeCommands(parseRealEstateCommand, (message, tx) => this.handle(message, tx));
  }

  async handle(message: IncomingMessage<RealEstateCommandMessage>, tx: PoolClient): Promise<void> {
    const { data } = message.data;
    const at = new Date().toISOString();
    const context = kafkaCommandContext(message, { correlationId: data.caseId ?? undefined });
    const command = commandOf(message.data, at);
    try {
      await this.commands.execute(new ChangeSaleTransfer(command, context, tx));
    } catch (error) {
      // Losing a race every time is not an answer: let the inbox retry it.
      if (!(error instanceof DomainError) || error instanceof StreamVersionConflictError) throw error;
      await this.answerRefusal(command, data.caseId, error, context, tx, at);
    }
  }

  private async answerRefusal(command: SaleTransferCommand, caseId: string | null, error: DomainError, context: CommandContext, tx: PoolClient, at: string): Promise<void> {
    const { transferId } = command.data;
    const log = { transferId, command: command.type, code: error.code };
    const reason = error.message.slice(0, MAX_REASON).trim();
    if (ALREADY_ANSWERED.has(error.code)) {
      this.logger.info('transfer command already answered; no effect', log);
      return;
    }
    if (command.type === 'ApplyForSaleTransfer') {
      const unitNumber = command.data.unitNumber.slice(0, 100);
      await this.commands.execute(new ChangeSaleTransfer({ type: 'RefuseApplication', data: { transferId, caseId, unitNumber, code: error.code, reason, at } }, context, tx));
      this.logger.info('sale transfer application refused', log);
      return;
    }
    if (command.type === 'RegisterTransfer' && error instanceof RuleViolation) {
      // The unit can no longer be transferred (seized or objected to since the lock): close the transfer and free the unit.
      await this.commands.execute(new ChangeSaleTransfer({ type: 'RefuseTransfer', data: { transferId, code: error.code, reason, at } }, context, tx));
      this.logger.info('sale transfer registration refused', log);
      return;
    }
    // Nothing to record (an unknown transfer, a cancellation after registration): the sender reads the transfer's events.
    this.logger.warn('transfer command refused without effect', log);
  }
}

/** The contract's command as a domain command; the decider checks the content (identity numbers, unit number, shares). */
function commandOf(message: RealEstateCommandMessage, at: string): SaleTransferCommand {
  switch (message.type) {
    case 'ApplyForSaleTransfer': {
      const d = message.data;
      const apply: ApplyForSaleTransfer['data'] = {
        transferId: d.transferId,
        caseId: d.caseId,
        unitNumber: d.unitNumber,
        sellers: d.sellers.map((p) => ({ ...p })),
        buyers: d.buyers.map((b) => ({ ...b, share: { ...b.share } })),
        contractNumber: d.contractNumber,
        contractPriceFen: d.contractPriceFen,
        lenderConsentMortgageIds: [...d.lenderConsentMortgageIds],
        at,
        unit: null,
      };
      return { type: 'ApplyForSaleTransfer', data: apply };
    }
    case 'RegisterTransfer':
      // The joint case may hear of the payment before this service records the clearance.
      return { type: 'RegisterTransfer', data: { transferId: message.data.transferId, at, deferUntilTaxCleared: true } };
    case 'CancelTransfer':
      return { type: 'CancelTransfer', data: { transferId: message.data.transferId, reason: message.data.reason, at } };
    default:
      return assertNever(message, 'real-estate command');
  }
}
