import { Validation, DomainError, RuleViolation, StreamVersionConflictError, ValidationError } from '@gov/event-sourcing';
import { CALLER_ID } from '@gov/service-standards';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { MalformedMessageError, parseCloudEventType, type IncomingMessage } from '@gov/messaging';
import { JsonLogger, kafkaCommandContext, ServiceRuntime, type CommandContext } from '@gov/platform';
import { REAL_ESTATE_COMMANDS, SERVICES, type RealEstateCommandName } from '@gov/contracts';
import type { ApplyForSaleTransfer, SaleTransferCommand } from './sale-transfer.commands';
import { SaleTransferHandler } from './sale-transfer.handler';

const COMMAND_NAMES: readonly string[] = Object.values(REAL_ESTATE_COMMANDS);
// Answers already on record for this transfer: the sender has heard them.
const ALREADY_ANSWERED = new Set(['transfer-already-applied', 'transfer-closed', 'transfer-already-registered', 'certificate-already-issued']);
const MAX_REASON = 500;

/**
 * Commands from other services (the joint window) on
 * `gov.real-estate-registration.commands.v1`. Each runs in the inbox
 * transaction with ce_id as its command id, so a redelivery has no effect.
 * A domain refusal is an answer, not a failure: it is recorded as
 * TransferRefused for the sender to read. Only unexpected errors are retried
 * and dead-lettered.
 */
@Injectable()
export class TransferCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly transfers: SaleTransferHandler,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({ name: 'commands', topics: [this.runtime.commandsTopic], handle: (message, tx) => this.handle(message, tx) });
  }

  async handle(message: IncomingMessage, tx: PoolClient): Promise<void> {
    const name = commandNameOf(message.type);
    const data = objectOf(message.data);
    const transferId = data.transferId;
    const ids = new Validation();
    // Without a usable transfer id there is no stream to answer on: dead-letter it.
    if (!ids.require('transferId', transferId, CALLER_ID)) throw new ValidationError(ids.issues, `${name} without a valid transferId`);
    const at = new Date().toISOString();
    const context: CommandContext & { tx: PoolClient } = {
      ...kafkaCommandContext(message, { correlationId: typeof data.caseId === 'string' ? data.caseId : undefined }),
      tx,
    };
    const command = commandOf(name, transferId, data, at);
    try {
      await this.transfers.handle(command, context);
    } catch (error) {
      // Losing a race every time is not an answer: let the inbox retry it.
      if (!(error instanceof DomainError) || error instanceof StreamVersionConflictError) throw error;
      await this.answerRefusal(command, error, context, at);
    }
  }

  private async answerRefusal(command: SaleTransferCommand, error: DomainError, context: CommandContext & { tx: PoolClient }, at: string): Promise<void> {
    const { transferId } = command.data;
    const log = { transferId, command: command.type, code: error.code };
    const reason = error.message.slice(0, MAX_REASON).trim();
    if (ALREADY_ANSWERED.has(error.code)) {
      this.logger.info('transfer command already answered; no effect', log);
      return;
    }
    if (command.type === 'ApplyForSaleTransfer') {
      const unitNumber = typeof command.data.unitNumber === 'string' ? command.data.unitNumber.slice(0, 100) : '';
      await this.transfers.handle({ type: 'RefuseApplication', data: { transferId, unitNumber, code: error.code, reason, at } }, context);
      this.logger.info('sale transfer application refused', log);
      return;
    }
    if (command.type === 'RegisterTransfer' && error instanceof RuleViolation) {
      // The unit can no longer be transferred (seized or objected to since the lock): close the transfer and free the unit.
      await this.transfers.handle({ type: 'RefuseTransfer', data: { transferId, code: error.code, reason, at } }, context);
      this.logger.info('sale transfer registration refused', log);
      return;
    }
    // Nothing to record (an unknown transfer, a cancellation after registration): the sender reads the transfer's events.
    this.logger.warn('transfer command refused without effect', log);
  }
}

function commandNameOf(type: string): RealEstateCommandName {
  const parsed = parseCloudEventType(type);
  if (!parsed || parsed.service !== SERVICES.realEstate || parsed.version !== 1 || !COMMAND_NAMES.includes(parsed.name)) {
    throw new MalformedMessageError(`not a command this service takes: ce_type ${JSON.stringify(type.slice(0, 120))}`);
  }
  return parsed.name as RealEstateCommandName;
}

function objectOf(data: unknown): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new MalformedMessageError('command data must be a JSON object');
  return data as Record<string, unknown>;
}

/** The contract's data as a domain command; the decider checks every field (identity numbers included). */
function commandOf(name: RealEstateCommandName, transferId: string, data: Record<string, unknown>, at: string): SaleTransferCommand {
  switch (name) {
    case 'ApplyForSaleTransfer': {
      const apply: ApplyForSaleTransfer['data'] = {
        transferId,
        caseId: data.caseId === undefined ? null : (data.caseId as string | null),
        unitNumber: data.unitNumber as string,
        sellers: data.sellers as ApplyForSaleTransfer['data']['sellers'],
        buyers: data.buyers as ApplyForSaleTransfer['data']['buyers'],
        contractNumber: data.contractNumber as string,
        contractPriceFen: data.contractPriceFen as number,
        lenderConsentMortgageIds: (data.lenderConsentMortgageIds ?? []) as string[],
        at,
        unit: null,
      };
      return { type: 'ApplyForSaleTransfer', data: apply };
    }
    case 'RegisterTransfer':
      // The joint case may hear of the payment before this service records the clearance.
      return { type: 'RegisterTransfer', data: { transferId, at, deferUntilTaxCleared: true } };
    case 'CancelTransfer':
      return { type: 'CancelTransfer', data: { transferId, reason: data.reason as string, at } };
    default: {
      const unknownName: never = name;
      throw new MalformedMessageError(`unknown command ${String(unknownName)}`);
    }
  }
}
