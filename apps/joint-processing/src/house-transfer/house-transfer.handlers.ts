import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { IllegalStateError, RuleViolation } from '@gov/event-sourcing';
import { AggregateRepository, PostgresEventStore, namedStatement, type RecordedEvent } from '@gov/event-sourcing/postgres';
import { commandOptionsOf, type CommandContext, eventMetadataOf } from '@gov/platform';
import { HallService } from '../hall/hall.service';
import { JointProcessingConfig } from '../joint-processing.config';
import type { SubmitHouseTransferDto } from './house-transfer.dto';
import { projectJointCase } from './house-transfer.projection';
import { HouseTransferService } from './house-transfer.service';
import { JointCaseAggregate, caseLockKey, jointCaseIdOf } from './joint-case.aggregate';
import type { JointCase } from './joint-case.decider';
import type { JointCaseEvent } from './joint-case.events';
import type { DepartmentEvent } from './joint-case.types';

const LOCK_KNOWN_CASE = namedStatement('jp_lock_known_case', 'SELECT pg_advisory_xact_lock(hashtext($2)) FROM jp_cases WHERE case_id = $1');

export interface SubmittedCase {
  readonly caseId: string;
  readonly status: string;
}

/** A clerk accepts a house transfer at the window (REST and gRPC). */
export class SubmitHouseTransferCommand extends Command<SubmittedCase> {
  constructor(
    readonly dto: SubmitHouseTransferDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A department's event about a joint case (read with its contract), in the consumer's inbox transaction. */
export class RecordDepartmentEventCommand extends Command<void> {
  constructor(
    readonly event: DepartmentEvent,
    /** The message's context (kafkaCommandContext): its ce_id is the cause of what the case records. */
    readonly ctx: CommandContext,
    readonly inbox: PoolClient,
  ) {
    super();
  }
}

export type CaseTimer = 'promise-warning' | 'promise-breach' | 'payment-window';

/** A durable deadline fell due, in the transaction that claimed its row. */
export class FireCaseTimerCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly timer: CaseTimer,
    readonly tx: PoolClient,
  ) {
    super();
  }
}

/** The joint case's inline read model, its outbound commands and its lifecycle, with each append. */
function projectCase(store: PostgresEventStore, config: JointProcessingConfig) {
  return (tx: PoolClient, events: readonly RecordedEvent<JointCaseEvent>[], state: JointCase) => projectJointCase(tx, events, state, { store, itemCode: config.HOUSE_TRANSFER_ITEM });
}

@CommandHandler(SubmitHouseTransferCommand)
export class SubmitHouseTransferHandler implements ICommandHandler<SubmitHouseTransferCommand, SubmittedCase> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly store: PostgresEventStore,
    private readonly hall: HallService,
    private readonly cases: HouseTransferService,
    private readonly config: JointProcessingConfig,
  ) {}

  async execute({ dto, context }: SubmitHouseTransferCommand): Promise<SubmittedCase> {
    const at = new Date().toISOString();
    const ticket = await this.hall.ticket(dto.ticket.day, dto.ticket.number);
    if (ticket.category !== 'house-transfer') throw new RuleViolation('wrong-ticket', `ticket ${ticket.number} is for ${ticket.category}, not the house transfer`);
    if (!ticket.window) throw new RuleViolation('ticket-not-called', `ticket ${ticket.number} has not been called to a window yet`);
    // The catalog is the configuration of what this item requires: its key materials.
    const { requiredMaterials, catalogVersion } = this.cases.requirements(at);
    const caseId = randomUUID();
    const project = projectCase(this.store, this.config);
    const r = await this.aggregates.handle(
      JointCaseAggregate,
      caseId,
      {
        type: 'SubmitHouseTransfer',
        data: {
          caseId,
          ticket: { number: ticket.number, category: ticket.category, window: ticket.window },
          application: {
            sellers: dto.sellers.map(({ name, idType, idNumber, phone }) => ({ name, idType, idNumber, ...(phone ? { phone } : {}) })),
            buyers: dto.buyers.map(({ name, idType, idNumber, phone, share }) => ({ name, idType, idNumber, ...(phone ? { phone } : {}), share: { ...share } })),
            unit: { ...dto.unit, originalPriceFen: dto.unit.originalPriceFen ?? null },
            contract: { ...dto.contract },
            taxFacts: { ...dto.taxFacts },
            lenderConsentMortgageIds: dto.lenderConsentMortgageIds ?? [],
          },
          materials: dto.materials.map((m) => ({ ...m })),
          requiredMaterials,
          clerk: context.actor?.subject ?? 'unknown',
          catalogVersion,
          at,
          promiseMinutes: this.config.PROMISE_MINUTES,
          warnMinutes: this.config.PROMISE_WARNING_MINUTES,
          paymentWindowMinutes: this.config.PAYMENT_WINDOW_MINUTES,
        },
      },
      {
        ...commandOptionsOf(context),
        project: async (tx, events, state) => {
          // The ticket serves one case: taken with the case's first events, or the submission fails whole.
          const used = await tx.query('UPDATE jp_tickets SET case_id = $3 WHERE day = $1 AND number = $2 AND case_id IS NULL', [ticket.day, ticket.number, caseId]);
          if (used.rowCount !== 1) throw new IllegalStateError('ticket-used', `ticket ${ticket.number} already serves another case`);
          await project(tx, events, state);
        },
        result: () => ({ caseId, status: 'in-progress' }),
      },
    );
    return r.result;
  }
}

/**
 * Ignored when the event is about no joint case. One stream, in the inbox transaction:
 * no command record (the inbox applies each message once, and the decider ignores a
 * step already taken), no savepoint (a failure fails the message).
 */
@CommandHandler(RecordDepartmentEventCommand)
export class RecordDepartmentEventHandler implements ICommandHandler<RecordDepartmentEventCommand, void> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly store: PostgresEventStore,
    private readonly config: JointProcessingConfig,
  ) {}

  async execute({ event, ctx, inbox }: RecordDepartmentEventCommand): Promise<void> {
    const eventId = ctx.causationId ?? '';
    const caseId = jointCaseIdOf(event);
    if (!caseId) return;
    // One statement: is it our case, and if so serialise with its other writers (the lock lasts to commit).
    const known = await inbox.query(LOCK_KNOWN_CASE([caseId, caseLockKey(caseId)]));
    if (known.rowCount === 0) return;
    await this.aggregates.handle(
      JointCaseAggregate,
      caseId,
      { type: 'RecordDepartmentEvent', data: { ...event, eventId, at: new Date().toISOString() } },
      { tx: inbox, metadata: eventMetadataOf(ctx), project: projectCase(this.store, this.config) },
    );
  }
}

@CommandHandler(FireCaseTimerCommand)
export class FireCaseTimerHandler implements ICommandHandler<FireCaseTimerCommand, void> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly store: PostgresEventStore,
    private readonly config: JointProcessingConfig,
  ) {}

  async execute({ caseId, timer, tx }: FireCaseTimerCommand): Promise<void> {
    await this.aggregates.handle(
      JointCaseAggregate,
      caseId,
      { type: 'FireTimer', data: { timer, at: new Date().toISOString() } },
      { tx, lockStream: true, commandId: `timer:${caseId}:${timer}`, storeResult: false, project: projectCase(this.store, this.config) },
    );
  }
}
