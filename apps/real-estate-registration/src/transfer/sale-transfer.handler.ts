import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { IllegalStateError, RuleViolation } from '@gov/event-sourcing';
import { AggregateRepository, PostgresEventStore, namedStatement, type RecordedEvent, type StreamOptions, type StreamSession, type UnitOfWork } from '@gov/event-sourcing/postgres';
import { DEPARTMENTS } from '@gov/contracts';
import { commandOptionsOf, recordLifecycle, type CommandContext } from '@gov/platform';
import { seedCatalog } from '@gov/service-standards';
import { isValidUnitNumber } from '@gov/identity';
import {
  certificateNumberFormat,
  certificateYearOf,
  formatCertificateNumber,
  parseCertificateNumber,
  type CertificateNumberFormat,
} from '../certificate/certificate-number';
import { drawCertificateSerial } from '../certificate/certificate-serials';
import { projectCertificate } from '../certificate/certificate.projection';
import { RealEstateConfig } from '../real-estate.config';
import { RealEstateUnitAggregate } from '../register/real-estate-unit.aggregate';
import type { RealEstateUnitCommand } from '../register/real-estate-unit.commands';
import { unitTransferView, type RealEstateUnitState } from '../register/real-estate-unit.decider';
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

/**
 * A sale transfer command on the CommandBus: from REST and gRPC, and from the
 * consumers with `inbox`, their inbox transaction (the inbox row and the effect
 * commit together; a refusal leaves the transaction usable to record an answer).
 */
export class ChangeSaleTransfer extends Command<TransferOutcome> {
  constructor(
    readonly command: SaleTransferCommand,
    readonly context: CommandContext,
    readonly inbox?: PoolClient,
  ) {
    super();
  }
}

const LOCK_CLEARANCE = namedStatement('re_lock_clearance', "SELECT pg_advisory_xact_lock(hashtext('transfer-clearance:' || $1))");
const KEEP_CLEARANCE = namedStatement(
  're_keep_clearance',
  'INSERT INTO re_pending_tax_clearances (transfer_id, clearance_id, assessment_id, granted_at) VALUES ($1, $2, $3, $4) ON CONFLICT (transfer_id) DO NOTHING',
);

// Concurrent writers to a unit are few; a handful of reloads settles any race.
const RETRIES = 4;

type TransferStream = StreamSession<SaleTransferState, SaleTransferCommand, SaleTransferEvent>;
type UnitStream = StreamSession<RealEstateUnitState, RealEstateUnitCommand, RealEstateUnitEvent>;

/**
 * Runs a transfer command against the transfer stream and its unit's stream in
 * one unit of work: decide the transfer command, derive the unit commands
 * (unit-effects.policy), decide those, append both streams with their expected
 * versions (transfer first, then unit: one lock order for every command), draw
 * the certificate serial when one is issued, update the read models and record
 * the case lifecycle. A concurrent write to either stream makes the command run
 * again on the new state, so of two applications racing for one unit the second
 * finds it locked.
 */
@CommandHandler(ChangeSaleTransfer)
export class SaleTransferHandler implements ICommandHandler<ChangeSaleTransfer, TransferOutcome> {
  private readonly transfers: SaleTransferAggregateType;
  private readonly certificateFormat: CertificateNumberFormat;
  private readonly itemCode: string;
  private readonly transferStream: StreamOptions<SaleTransferState, SaleTransferEvent>;
  private readonly unitStream: StreamOptions<RealEstateUnitState, RealEstateUnitEvent> = {
    project: (tx, events, state) => projectUnit(tx, state, events[events.length - 1].streamVersion, events),
  };

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
    this.transferStream = { project: (tx, events, state) => this.projectTransferStream(tx, events, state) };
  }

  async execute({ command, context, inbox }: ChangeSaleTransfer): Promise<TransferOutcome> {
    const { result, duplicate } = await this.aggregates.unitOfWork((uow) => this.once(uow, command), {
      ...commandOptionsOf(context),
      retries: RETRIES,
      // A consumer's command: its sender never reads the outcome back, so none is kept.
      ...(inbox ? { tx: inbox, storeResult: false } : {}),
    });
    return { ...result, duplicate };
  }

  /** The bus's command with loose arguments: `execution.tx` is an inbox transaction. */
  handle(command: SaleTransferCommand, execution: CommandContext & { readonly tx?: PoolClient }): Promise<TransferOutcome> {
    return this.execute(new ChangeSaleTransfer(command, execution, execution.tx));
  }

  private async once(uow: UnitOfWork, command: SaleTransferCommand): Promise<TransferOutcome> {
    // A clearance and the application of its transfer take the same lock: one of the two sees the other.
    if (command.type === 'RecordTaxClearance') await uow.tx.query(LOCK_CLEARANCE([command.data.transferId]));
    const transfer = await uow.load(this.transfers, command.data.transferId, this.transferStream);
    if (command.type === 'RecordTaxClearance' && transfer.state.status === 'not-applied') {
      // Tax may clear a transfer before its application reaches us; keep it for then (recordEarlyClearance).
      // (Clearances of transfers that never come are other callers' and stay unused.)
      const { transferId, clearanceId, assessmentId, at } = command.data;
      await uow.tx.query(KEEP_CLEARANCE([transferId, clearanceId, String(assessmentId ?? ''), at]));
      return { transferId, status: transfer.state.status, version: transfer.version, certificateNumber: null, duplicate: false };
    }
    const unitNumber = unitNumberOf(command, transfer.state);
    const unit = unitNumber === null ? null : await uow.load(RealEstateUnitAggregate, unitNumber, this.unitStream);
    const run = (c: SaleTransferCommand) => decideWithUnit(uow, transfer, unit, c);

    if (command.type === 'ApplyForSaleTransfer') {
      const view = unit && unit.state.status !== 'unregistered' ? unitTransferView(unit.state, command.data.unitNumber) : null;
      run({ ...command, data: { ...command.data, unit: view } });
      await this.recordEarlyClearance(uow.tx, transfer, run, command.data.transferId);
    } else {
      run(command);
    }
    if (command.type === 'RecordTaxClearance') registerIfRequested(transfer, run, command.data.at);

    if (transfer.state.status === 'ownership-transferred') {
      await uow.flush();
      // Drawn after everything else is written: the year's counter row stays locked until commit.
      const at = transfer.state.transferredAt;
      const year = certificateYearOf(at);
      const serial = await drawCertificateSerial(uow.tx, this.certificateFormat.district, year);
      const certificateNumber = formatCertificateNumber({ year, serial }, this.certificateFormat);
      run({ type: 'IssueCertificate', data: { transferId: command.data.transferId, certificateNumber, at } });
    }

    const state = transfer.state;
    return {
      transferId: command.data.transferId,
      status: state.status,
      version: transfer.version,
      certificateNumber: state.status === 'completed' ? state.certificate.certificateNumber : null,
      duplicate: false,
    };
  }

  /** A clearance the tax service granted before this application arrived (tax-clearance.consumer). */
  private async recordEarlyClearance(tx: PoolClient, transfer: TransferStream, run: (c: SaleTransferCommand) => void, transferId: string): Promise<void> {
    if (transfer.state.status !== 'awaiting-tax-clearance') return;
    await tx.query(LOCK_CLEARANCE([transferId]));
    const { rows } = await tx.query<{ clearance_id: string; assessment_id: string; granted_at: Date }>(
      'DELETE FROM re_pending_tax_clearances WHERE transfer_id = $1 RETURNING clearance_id, assessment_id, granted_at',
      [transferId],
    );
    if (!rows.length) return;
    const c = rows[0];
    run({ type: 'RecordTaxClearance', data: { transferId, clearanceId: c.clearance_id, assessmentId: c.assessment_id, at: c.granted_at.toISOString() } });
  }

  /** The transfer's read model, its certificate and the case lifecycle, with each append. */
  private async projectTransferStream(tx: PoolClient, events: readonly RecordedEvent<SaleTransferEvent>[], state: SaleTransferState): Promise<void> {
    await projectTransfer(tx, state, events[events.length - 1].streamVersion);
    for (const event of events) {
      if (event.type === 'CertificateIssued') {
        await projectCertificate(tx, event, parseCertificateNumber(event.data.certificateNumber, this.certificateFormat), this.certificateFormat);
      }
      await this.recordCaseLifecycle(tx, event, state);
    }
  }

  private async recordCaseLifecycle(tx: PoolClient, event: RecordedEvent<SaleTransferEvent>, state: SaleTransferState): Promise<void> {
    if (!('application' in state)) return;
    // The case keeps the catalog version in force when it was accepted.
    const catalogVersion = seedCatalog().versionAt(state.application.appliedAt).version;
    const ref = { itemCode: this.itemCode, catalogVersion, department: DEPARTMENTS.realEstate };
    for (const lifecycle of lifecycleEventsFor(event, ref, event.metadata.actor?.subject)) {
      await recordLifecycle(this.store, tx, lifecycle, event.metadata);
    }
  }
}

/**
 * Decides one transfer command and the unit commands its events require
 * (unit-effects.policy); keeps nothing when either refuses.
 */
function decideWithUnit(uow: UnitOfWork, transfer: TransferStream, unit: UnitStream | null, command: SaleTransferCommand): void {
  uow.together(() => {
    for (const event of transfer.decide(command)) {
      for (const unitCommand of unitCommandsFor(event)) {
        if (unit === null) throw new IllegalStateError('unit-not-loaded', 'the transfer names no registered unit');
        unit.decide(unitCommand);
      }
    }
  });
}

/** RegisterTransfer came before the clearance: register now; if the unit can no longer be transferred, refuse with why. */
function registerIfRequested(transfer: TransferStream, run: (c: SaleTransferCommand) => void, at: string): void {
  const state = transfer.state;
  if (state.status !== 'tax-cleared' || state.registrationRequestedAt === null) return;
  const transferId = state.application.transferId;
  try {
    run({ type: 'RegisterTransfer', data: { transferId, at } });
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    run({ type: 'RefuseTransfer', data: { transferId, code: error.code, reason: error.message, at } });
  }
}

/** The unit a command touches: the one applied for, or the one the transfer holds. */
function unitNumberOf(command: SaleTransferCommand, state: SaleTransferState): string | null {
  if (command.type === 'ApplyForSaleTransfer') return isValidUnitNumber(command.data.unitNumber) ? command.data.unitNumber : null;
  return 'application' in state ? state.application.unitNumber : null;
}
