import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { IllegalStateError, RuleViolation, StreamVersionConflictError, type Decider, type DomainEvent } from '@gov/event-sourcing';
import {
  AggregateRepository,
  PostgresEventStore,
  findCommandResult,
  recordCommandResult,
  type EventMetadata,
  type LoadedAggregate,
  type Queryable,
  type RecordedEvent,
} from '@gov/event-sourcing/postgres';
import { DEPARTMENTS } from '@gov/contracts';
import { eventMetadataOf, recordLifecycle, type CommandContext } from '@gov/platform';
import { seedCatalog } from '@gov/service-standards';
import {
  certificateNumberFormat,
  certificateYearOf,
  formatCertificateNumber,
  parseCertificateNumber,
  type CertificateNumberFormat,
} from '../certificate/certificate-number';
import { drawCertificateSerial } from '../certificate/certificate-serials';
import { projectCertificate } from '../certificate/certificate.projection';
import { isValidUnitNumber } from '@gov/identity';
import { RealEstateConfig } from '../real-estate.config';
import { RealEstateUnitAggregate } from '../register/real-estate-unit.aggregate';
import { realEstateUnitDecider, unitTransferView, type RealEstateUnitState } from '../register/real-estate-unit.decider';
import type { RealEstateUnitEvent } from '../register/real-estate-unit.events';
import { projectUnit } from '../register/unit.projection';
import { saleTransferAggregate, type SaleTransferAggregateType } from './sale-transfer.aggregate';
import type { SaleTransferCommand } from './sale-transfer.commands';
import type { SaleTransferState, SaleTransferStatus } from './sale-transfer.decider';
import type { SaleTransferEvent } from './sale-transfer.events';
import { projectTransfer } from './sale-transfer.projection';
import { lifecycleEventsFor } from './transfer-lifecycle.policy';
import { unitCommandsFor } from './unit-effects.policy';

export interface TransferOutcome {
  readonly transferId: string;
  readonly status: SaleTransferStatus;
  readonly version: number;
  readonly certificateNumber: string | null;
  /** A retried command: the first outcome, nothing written. */
  readonly duplicate: boolean;
}

/** A sale transfer command on the CommandBus (REST and gRPC). */
export class ChangeSaleTransfer extends Command<TransferOutcome> {
  constructor(
    readonly command: SaleTransferCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export interface TransferExecution extends CommandContext {
  /** Run inside this transaction (a consumer's inbox transaction) instead of one of its own. */
  readonly tx?: PoolClient;
}

// Concurrent writers to a unit are few; a handful of reloads settles any race.
const MAX_ATTEMPTS = 5;
const SAVEPOINT = 'sale_transfer';

/** A concurrent request with the same command id committed first: answer with its outcome. */
class DuplicateCommitted extends Error {}

/**
 * Runs a transfer command against the transfer stream and its unit's stream in
 * one transaction: decide the transfer command, derive the unit commands
 * (unit-effects.policy), decide those, append both streams with their expected
 * versions, draw the certificate serial when one is issued, update the read
 * models and record the case lifecycle. A concurrent write to either stream
 * makes the command run again on the new state (a new transaction, or back to
 * a savepoint inside a caller's), so of two applications racing for one unit
 * the second finds it locked.
 */
@Injectable()
@CommandHandler(ChangeSaleTransfer)
export class SaleTransferHandler implements ICommandHandler<ChangeSaleTransfer, TransferOutcome> {
  private readonly transfers: SaleTransferAggregateType;
  readonly certificateFormat: CertificateNumberFormat;
  private readonly itemCode: string;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly aggregates: AggregateRepository,
    config: RealEstateConfig,
  ) {
    this.certificateFormat = certificateNumberFormat({ provinceAbbreviation: config.CERTIFICATE_PROVINCE, district: config.CERTIFICATE_DISTRICT });
    this.transfers = saleTransferAggregate(this.certificateFormat);
    this.itemCode = config.TRANSFER_ITEM_CODE;
    // A misconfigured item code stops start-up rather than the first case.
    seedCatalog().latest().item(this.itemCode);
  }

  execute({ command, context }: ChangeSaleTransfer): Promise<TransferOutcome> {
    return this.handle(command, context);
  }

  handle(command: SaleTransferCommand, execution: TransferExecution): Promise<TransferOutcome> {
    return execution.tx ? this.inCallersTransaction(execution.tx, command, execution) : this.inOwnTransaction(command, execution);
  }

  private async inOwnTransaction(command: SaleTransferCommand, execution: TransferExecution): Promise<TransferOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction((tx) => this.once(tx, command, execution));
      } catch (error) {
        if (error instanceof StreamVersionConflictError && attempt < MAX_ATTEMPTS) continue;
        if (error instanceof DuplicateCommitted) return this.firstOutcome(this.store.pool, execution);
        throw error;
      }
    }
  }

  private async inCallersTransaction(tx: PoolClient, command: SaleTransferCommand, execution: TransferExecution): Promise<TransferOutcome> {
    for (let attempt = 1; ; attempt++) {
      await tx.query(`SAVEPOINT ${SAVEPOINT}`);
      try {
        const outcome = await this.once(tx, command, execution);
        await tx.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        return outcome;
      } catch (error) {
        // Leaves the caller's transaction usable, e.g. to record a refusal instead.
        await tx.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        await tx.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        if (error instanceof StreamVersionConflictError && attempt < MAX_ATTEMPTS) continue;
        if (error instanceof DuplicateCommitted) return this.firstOutcome(tx, execution);
        throw error;
      }
    }
  }

  private async firstOutcome(db: Queryable, execution: TransferExecution): Promise<TransferOutcome> {
    const seen = await findCommandResult<TransferOutcome>(db, execution.commandId!, execution.requestHash);
    return { ...seen!.result, duplicate: true };
  }

  private async once(tx: PoolClient, command: SaleTransferCommand, execution: TransferExecution): Promise<TransferOutcome> {
    const { commandId, requestHash } = execution;
    if (commandId) {
      const seen = await findCommandResult<TransferOutcome>(tx, commandId, requestHash);
      if (seen) return { ...seen.result, duplicate: true };
    }
    const transfer = await this.aggregates.load(this.transfers, command.data.transferId, tx);
    const unitNumber = unitNumberOf(command, transfer.state);
    const unit = unitNumber === null ? null : await this.aggregates.load(RealEstateUnitAggregate, unitNumber, tx);
    const session = new TransferSession(this.transfers.decider, transfer, unit);

    if (command.type === 'ApplyForSaleTransfer') {
      const view = unit && unit.state.status !== 'unregistered' ? unitTransferView(unit.state, command.data.unitNumber) : null;
      session.run({ ...command, data: { ...command.data, unit: view } });
      await this.recordEarlyClearance(tx, session, command.data.transferId);
    } else {
      session.run(command);
    }
    if (command.type === 'RecordTaxClearance') this.registerIfRequested(session, command.data.at);

    const metadata: EventMetadata = { ...eventMetadataOf(execution), ...(commandId ? { commandId } : {}) };
    await this.flush(tx, session, metadata);
    if (session.transfer.state.status === 'ownership-transferred') {
      // Drawn after everything else is written: the year's counter row stays locked until commit.
      const at = session.transfer.state.transferredAt;
      const year = certificateYearOf(at);
      const serial = await drawCertificateSerial(tx, this.certificateFormat.district, year);
      const certificateNumber = formatCertificateNumber({ year, serial }, this.certificateFormat);
      session.run({ type: 'IssueCertificate', data: { transferId: command.data.transferId, certificateNumber, at } });
      await this.flush(tx, session, metadata);
    }

    const state = session.transfer.state;
    const outcome: TransferOutcome = {
      transferId: command.data.transferId,
      status: state.status,
      version: session.transfer.version,
      certificateNumber: state.status === 'completed' ? state.certificate.certificateNumber : null,
      duplicate: false,
    };
    if (commandId && !(await recordCommandResult(tx, commandId, requestHash, transfer.streamId, outcome))) throw new DuplicateCommitted();
    return outcome;
  }

  /** A clearance the tax service granted before this application arrived (tax-clearance.consumer). */
  private async recordEarlyClearance(tx: PoolClient, session: TransferSession, transferId: string): Promise<void> {
    if (session.transfer.state.status !== 'awaiting-tax-clearance') return;
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`transfer-clearance:${transferId}`]);
    const { rows } = await tx.query<{ clearance_id: string; assessment_id: string; granted_at: Date }>(
      'DELETE FROM re_pending_tax_clearances WHERE transfer_id = $1 RETURNING clearance_id, assessment_id, granted_at',
      [transferId],
    );
    if (!rows.length) return;
    const c = rows[0];
    session.run({ type: 'RecordTaxClearance', data: { transferId, clearanceId: c.clearance_id, assessmentId: c.assessment_id, at: c.granted_at.toISOString() } });
  }

  /**
   * Appends what was decided since the last flush, transfer stream first then
   * unit (one lock order for every command), and updates the read models and
   * the case lifecycle.
   */
  private async flush(tx: PoolClient, session: TransferSession, metadata: EventMetadata): Promise<void> {
    const transferEvents = session.transfer.take();
    if (transferEvents.length === 0) return;
    const appended = await session.transfer.append(this.store, tx, this.transfers.name, transferEvents, metadata);
    const unitEvents = session.unit?.take() ?? [];
    if (session.unit && unitEvents.length > 0) {
      const unitAppended = await session.unit.append(this.store, tx, RealEstateUnitAggregate.name, unitEvents, metadata);
      await projectUnit(tx, session.unit.state, session.unit.version, unitAppended);
    }
    await projectTransfer(tx, session.transfer.state, session.transfer.version);
    for (const event of appended) {
      if (event.type === 'CertificateIssued') {
        await projectCertificate(tx, event, parseCertificateNumber(event.data.certificateNumber, this.certificateFormat), this.certificateFormat);
      }
      await this.recordCaseLifecycle(tx, event, session.transfer.state, metadata);
    }
  }

  /** RegisterTransfer came before the clearance: register now; if the unit can no longer be transferred, refuse with why. */
  private registerIfRequested(session: TransferSession, at: string): void {
    const state = session.transfer.state;
    if (state.status !== 'tax-cleared' || state.registrationRequestedAt === null) return;
    const transferId = state.application.transferId;
    try {
      session.run({ type: 'RegisterTransfer', data: { transferId, at } });
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      session.run({ type: 'RefuseTransfer', data: { transferId, code: error.code, reason: error.message, at } });
    }
  }

  private async recordCaseLifecycle(tx: PoolClient, event: SaleTransferEvent, state: SaleTransferState, metadata: EventMetadata): Promise<void> {
    if (!('application' in state)) return;
    // The case keeps the catalog version in force when it was accepted.
    const catalogVersion = seedCatalog().versionAt(state.application.appliedAt).version;
    const ref = { itemCode: this.itemCode, catalogVersion, department: DEPARTMENTS.realEstate };
    for (const lifecycle of lifecycleEventsFor(event, ref, metadata.actor?.subject)) {
      await recordLifecycle(this.store, tx, lifecycle, metadata);
    }
  }
}

/** The unit a command touches: the one applied for, or the one the transfer holds. */
function unitNumberOf(command: SaleTransferCommand, state: SaleTransferState): string | null {
  if (command.type === 'ApplyForSaleTransfer') return isValidUnitNumber(command.data.unitNumber) ? command.data.unitNumber : null;
  return 'application' in state ? state.application.unitNumber : null;
}

/** One stream in a transaction: its state and head, and the events decided but not yet appended. */
class StreamInTransaction<S, E extends DomainEvent> {
  private pending: E[] = [];

  constructor(
    readonly streamId: string,
    public state: S,
    public version: number,
    private lastHash: Buffer,
  ) {}

  static of<S, E extends DomainEvent>(loaded: LoadedAggregate<S>): StreamInTransaction<S, E> {
    return new StreamInTransaction<S, E>(loaded.streamId, loaded.state, loaded.version, loaded.lastHash);
  }

  decided(state: S, events: readonly E[]): void {
    this.state = state;
    this.pending.push(...events);
  }

  take(): E[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  async append(store: PostgresEventStore, tx: PoolClient, streamType: string, events: readonly E[], metadata: EventMetadata): Promise<readonly RecordedEvent<E>[]> {
    const appended = await store.append(
      this.streamId,
      streamType,
      events.map((e) => ({ type: e.type, data: e.data, metadata })),
      { expectedVersion: this.version, previousHash: this.lastHash },
      tx,
    );
    this.version = appended.nextExpectedVersion;
    this.lastHash = appended.lastHash;
    return appended.events as readonly RecordedEvent<E>[];
  }
}

/**
 * The transfer stream and its unit's stream within one transaction. `run`
 * decides one transfer command and the unit commands its events require, and
 * keeps nothing when either refuses.
 */
class TransferSession {
  readonly transfer: StreamInTransaction<SaleTransferState, SaleTransferEvent>;
  readonly unit: StreamInTransaction<RealEstateUnitState, RealEstateUnitEvent> | null;

  constructor(
    private readonly decider: Decider<SaleTransferState, SaleTransferCommand, SaleTransferEvent>,
    transfer: LoadedAggregate<SaleTransferState>,
    unit: LoadedAggregate<RealEstateUnitState> | null,
  ) {
    this.transfer = StreamInTransaction.of(transfer);
    this.unit = unit ? StreamInTransaction.of(unit) : null;
  }

  run(command: SaleTransferCommand): void {
    const events = this.decider.decide(command, this.transfer.state);
    let transfer = this.transfer.state;
    let unit = this.unit?.state ?? null;
    const unitEvents: RealEstateUnitEvent[] = [];
    for (const event of events) {
      transfer = this.decider.evolve(transfer, event);
      for (const unitCommand of unitCommandsFor(event)) {
        if (unit === null) throw new IllegalStateError('unit-not-loaded', 'the transfer names no registered unit');
        const decided = realEstateUnitDecider.decide(unitCommand, unit);
        unit = decided.reduce(realEstateUnitDecider.evolve, unit);
        unitEvents.push(...decided);
      }
    }
    this.transfer.decided(transfer, events);
    if (this.unit && unit !== null) this.unit.decided(unit, unitEvents);
  }
}
