import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { DomainError, IllegalStateError, StreamVersionConflictError, assertNever } from '@gov/event-sourcing';
import { TAX_COMMANDS, TAX_EVENTS, parseTaxCommand, type TaxCommandMessage } from '@gov/contracts';
import type { IncomingMessage } from '@gov/messaging';
import { JsonLogger, ServiceRuntime, type CommandContext, validateDto, kafkaCommandContext } from '@gov/platform';
import { AssessHouseTransferTaxCommandDto, CancelAssessmentCommandDto } from './tax-assessment.dto';
import { AssessHouseTransferTaxCommand, CancelAssessmentCommand } from './tax-assessment.handler';
import { RecordTaxCommandRefusal, type TaxCommandRefusal } from './tax-command-refusal.handler';

/**
 * Commands from other services on `gov.tax.commands.v1` (the joint-processing
 * saga), through the command bus like REST and gRPC. Each runs in the inbox
 * transaction with the message id (ce_id) as its command id, so a redelivered or
 * resent command takes effect once. A domain refusal is an answer, not a failure:
 * the unit of work rolls back to its savepoint and a refusal event is recorded
 * instead, for the sender to read.
 * A message that breaks the contract (libs/contracts) is dead-lettered at once,
 * naming the field; other unexpected errors are retried, then dead-lettered.
 */
@Injectable()
export class TaxCommandsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.runtime.consumeCommands(parseTaxCommand, (message, tx) => this.handle(message, tx));
  }

  async handle(message: IncomingMessage<TaxCommandMessage>, tx: PoolClient): Promise<void> {
    const command = message.data;
    const ctx = kafkaCommandContext(message, { correlationId: command.data.caseId ?? undefined });
    switch (command.type) {
      case TAX_COMMANDS.assessHouseTransferTax: {
        const data = command.data;
        return this.attempt(
          tx,
          async () => {
            // Content rules (identity check digits, amounts, dates) as on the REST edge: breaking them is refused with an answer.
            const dto = await validateDto(AssessHouseTransferTaxCommandDto, data);
            await this.commands.execute(new AssessHouseTransferTaxCommand(dto, ctx, tx));
          },
          async (error) => {
            if (error instanceof IllegalStateError && error.code === 'assessment-exists' && (await this.assessmentRef(tx, data.assessmentId))?.transferId === data.transferId) {
              // Already assessed for this transfer under another command id: the sender's wish holds.
              this.logger.info('tax command: assessment already exists for the transfer; nothing to do', { commandId: message.id });
              return null;
            }
            return {
              type: TAX_EVENTS.houseTransferTaxAssessmentRefused,
              data: {
                commandId: message.id,
                assessmentId: data.assessmentId,
                transferId: data.transferId,
                caseId: data.caseId,
                code: error.code,
                reason: error.message,
                refusedAt: new Date().toISOString(),
              },
            };
          },
          ctx,
        );
      }
      case TAX_COMMANDS.cancelAssessment: {
        const data = command.data;
        return this.attempt(
          tx,
          async () => {
            const dto = await validateDto(CancelAssessmentCommandDto, data);
            await this.commands.execute(new CancelAssessmentCommand(dto.assessmentId, { reason: dto.reason }, ctx, tx));
          },
          async (error) => {
            const known = await this.assessmentRef(tx, data.assessmentId);
            return {
              type: TAX_EVENTS.taxAssessmentCancellationRefused,
              data: {
                commandId: message.id,
                assessmentId: data.assessmentId,
                transferId: known?.transferId ?? null,
                caseId: known?.caseId ?? data.caseId,
                code: error.code,
                reason: error.message,
                refusedAt: new Date().toISOString(),
              },
            };
          },
          ctx,
        );
      }
      default:
        return assertNever(command, 'tax command');
    }
  }

  private async attempt(tx: PoolClient, work: () => Promise<void>, refusal: (error: DomainError) => Promise<TaxCommandRefusal | null>, ctx: CommandContext): Promise<void> {
    try {
      await work();
    } catch (error) {
      // The unit of work left the transaction as it was. A race still lost after its
      // retries is retried by the consumer; anything not a domain refusal is a failure.
      if (!(error instanceof DomainError) || error instanceof StreamVersionConflictError) throw error;
      const event = await refusal(error);
      if (event) await this.commands.execute(new RecordTaxCommandRefusal(event, ctx, tx));
    }
  }

  private async assessmentRef(tx: PoolClient, assessmentId: string): Promise<{ transferId: string; caseId: string | null } | null> {
    const { rows } = await tx.query<{ transfer_id: string; case_id: string | null }>('SELECT transfer_id, case_id FROM tax_assessments WHERE assessment_id = $1', [assessmentId]);
    return rows.length ? { transferId: rows[0].transfer_id, caseId: rows[0].case_id } : null;
  }
}
