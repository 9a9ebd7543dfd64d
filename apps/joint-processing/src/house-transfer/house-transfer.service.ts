import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { ForbiddenError, IllegalStateError, NotFoundError, RuleViolation, streamIdOf, type AggregateType } from '@gov/event-sourcing';
import { AggregateRepository, PostgresEventStore, namedStatement } from '@gov/event-sourcing/postgres';
import { DEPARTMENTS } from '@gov/contracts';
import { ServiceRuntime, commandOptionsOf, hasRole, isParty, presentPersonalData, type CommandContext, type Principal } from '@gov/platform';
import type { Catalog } from '@gov/service-standards';
import { jointCaseDecider, type JointCase } from './joint-case.decider';
import type { JointCaseCommand } from './joint-case.commands';
import type { JointCaseEvent } from './joint-case.events';
import type { DepartmentEvent } from './joint-case.types';
import { projectJointCase, type PaymentOrderStatus } from './house-transfer.projection';
import { JointProcessingConfig } from '../joint-processing.config';
import { HallService } from '../hall/hall.service';
import type { HouseTransferView, SubmitHouseTransferDto, TimelineStep } from './house-transfer.dto';

export const JointCaseAggregate: AggregateType<JointCase, JointCaseCommand, JointCaseEvent> = {
  name: 'joint-case',
  decider: jointCaseDecider,
  // v2: the state carries the catalog version.
  snapshot: { every: 50, version: 'joint-case-v2' },
};

export const CATALOG = 'joint-processing:catalog';

const LOCK_KNOWN_CASE = namedStatement('jp_lock_known_case', 'SELECT pg_advisory_xact_lock(hashtext($2)) FROM jp_cases WHERE case_id = $1');

const JOINT_CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The joint case a department event names (its contract's `caseId`), if it can
 * be one of ours: this service's case ids are UUIDs; null or another service's
 * case is not a joint case.
 */
export function jointCaseIdOf(e: DepartmentEvent): string | undefined {
  const { caseId } = e.event.data;
  return caseId !== null && JOINT_CASE_ID.test(caseId) ? caseId : undefined;
}

/** What every writer of a joint case locks (advisory, to commit): its stream id. */
export const caseLockKey = (caseId: string): string => streamIdOf(JointCaseAggregate, caseId);

interface CaseRow {
  case_id: string;
  status: string;
  ticket_day: string;
  ticket_number: string;
  window_no: string;
  accepted_at: Date;
  deadline_at: Date;
  completed_at: Date | null;
  certificate_number: string | null;
  rejection: { department: string; code: string; reason: string } | null;
  party_ids: string[];
  sellers: { name: string; idNumber: string }[];
  buyers: { name: string; idNumber: string }[];
  payment_order_id: string | null;
  payment_amount_fen: string | null;
  payment_status: PaymentOrderStatus | null;
  payment_due_at: Date | null;
}

/** One window accepts; the joint case drives real-estate and tax to a certificate within the hour. */
@Injectable()
export class HouseTransferService {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly store: PostgresEventStore,
    private readonly runtime: ServiceRuntime,
    private readonly hall: HallService,
    private readonly config: JointProcessingConfig,
    @Inject(CATALOG) private readonly catalog: Catalog,
  ) {}

  /** What the window requires today: the catalog item's key materials and the promise. */
  requirements(at = new Date().toISOString()) {
    const version = this.catalog.versionAt(at);
    const item = version.item(this.config.HOUSE_TRANSFER_ITEM);
    return {
      itemCode: item.code,
      itemName: item.name,
      catalogVersion: version.version,
      requiredMaterials: item.materials.filter((m) => m.requirement === 'key').map((m) => m.name),
      toleratedMissingMaterials: item.materials.filter((m) => m.requirement === 'tolerable-missing').map((m) => m.name),
      promiseMinutes: this.config.PROMISE_MINUTES,
      paymentWindowMinutes: this.config.PAYMENT_WINDOW_MINUTES,
    };
  }

  async submit(dto: SubmitHouseTransferDto, ctx: CommandContext): Promise<{ caseId: string; status: string }> {
    const at = new Date().toISOString();
    const ticket = await this.hall.ticket(dto.ticket.day, dto.ticket.number);
    if (ticket.category !== 'house-transfer') throw new RuleViolation('wrong-ticket', `ticket ${ticket.number} is for ${ticket.category}, not the house transfer`);
    if (!ticket.window) throw new RuleViolation('ticket-not-called', `ticket ${ticket.number} has not been called to a window yet`);
    // The catalog is the configuration of what this item requires: its key materials.
    const { requiredMaterials, catalogVersion } = this.requirements(at);
    const caseId = randomUUID();
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
          clerk: ctx.actor?.subject ?? 'unknown',
          catalogVersion,
          at,
          promiseMinutes: this.config.PROMISE_MINUTES,
          warnMinutes: this.config.PROMISE_WARNING_MINUTES,
          paymentWindowMinutes: this.config.PAYMENT_WINDOW_MINUTES,
        },
      },
      {
        ...commandOptionsOf(ctx),
        project: async (tx, events, state) => {
          const used = await tx.query('UPDATE jp_tickets SET case_id = $3 WHERE day = $1 AND number = $2 AND case_id IS NULL', [ticket.day, ticket.number, caseId]);
          if (used.rowCount !== 1) throw new IllegalStateError('ticket-used', `ticket ${ticket.number} already serves another case`);
          await projectJointCase(tx, events, state, { store: this.store, itemCode: this.config.HOUSE_TRANSFER_ITEM });
        },
        result: () => ({ caseId, status: 'in-progress' }),
      },
    );
    return r.result;
  }

  /** A department's event about one of our cases; ignored when it is about no joint case. */
  async recordDepartmentEvent(event: DepartmentEvent, eventId: string, tx: PoolClient): Promise<void> {
    const caseId = jointCaseIdOf(event);
    if (!caseId) return;
    // One statement: is it our case, and if so serialise with its other writers (the lock lasts to commit).
    const known = await tx.query(LOCK_KNOWN_CASE([caseId, caseLockKey(caseId)]));
    if (known.rowCount === 0) return;
    await this.aggregates.handle(
      JointCaseAggregate,
      caseId,
      { type: 'RecordDepartmentEvent', data: { ...event, eventId, at: new Date().toISOString() } },
      // No command record: the consumer's inbox already applies each message once, and the decider ignores a step already taken.
      { tx, metadata: { causationId: eventId }, project: (t, events, state) => projectJointCase(t, events, state, { store: this.store, itemCode: this.config.HOUSE_TRANSFER_ITEM }) },
    );
  }

  async fireTimer(caseId: string, timer: 'promise-warning' | 'promise-breach' | 'payment-window', tx: PoolClient): Promise<void> {
    await this.aggregates.handle(
      JointCaseAggregate,
      caseId,
      { type: 'FireTimer', data: { timer, at: new Date().toISOString() } },
      { tx, lockStream: true, commandId: `timer:${caseId}:${timer}`, storeResult: false, project: (t, events, state) => projectJointCase(t, events, state, { store: this.store, itemCode: this.config.HOUSE_TRANSFER_ITEM }) },
    );
  }

  async view(caseId: string, principal: Principal | undefined): Promise<HouseTransferView> {
    const { rows } = await this.runtime.pool.query<CaseRow>(
      `SELECT case_id, status, ticket_day::text AS ticket_day, ticket_number, window_no, accepted_at, deadline_at, completed_at, certificate_number, rejection, party_ids, sellers, buyers,
              payment_order_id, payment_amount_fen::text, payment_status,
              (SELECT due_at FROM jp_timers t WHERE t.case_id = c.case_id AND t.timer = 'payment-window') AS payment_due_at
       FROM jp_cases c WHERE case_id = $1`,
      [caseId],
    );
    if (!rows.length) throw new NotFoundError('house transfer case', caseId);
    const c = rows[0];
    // Any clerk of the hall may look a case up; its personal data only as the visibility rule allows.
    if (!hasRole(principal, 'clerk', 'supervisor', 'service') && !isParty(principal, c.party_ids)) {
      throw new ForbiddenError('only a party to this case or its staff may see it', 'not-a-party');
    }
    const steps = await this.runtime.pool.query<{ step: string; at: Date; actor: string | null; detail: string | null }>(
      'SELECT step, at, actor, detail FROM jp_timeline WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    const accepted = c.accepted_at.getTime();
    let previous = accepted;
    const timeline: TimelineStep[] = steps.rows.map((s) => {
      const t = s.at.getTime();
      const step: TimelineStep = {
        step: s.step,
        at: s.at.toISOString(),
        durationSeconds: Math.max(0, Math.round((t - previous) / 100) / 10),
        elapsedSeconds: Math.max(0, Math.round((t - accepted) / 100) / 10),
        ...(s.actor ? { actor: s.actor } : {}),
        ...(s.detail ? { detail: s.detail } : {}),
      };
      previous = Math.max(previous, t);
      return step;
    });
    const view: HouseTransferView = {
      caseId: c.case_id,
      status: c.status,
      ticket: { day: c.ticket_day, number: c.ticket_number, window: c.window_no },
      acceptedAt: c.accepted_at.toISOString(),
      deadlineAt: c.deadline_at.toISOString(),
      completedAt: c.completed_at?.toISOString() ?? null,
      certificateNumber: c.certificate_number,
      rejection: c.rejection,
      sellers: c.sellers,
      buyers: c.buyers,
      paymentOrder:
        c.payment_order_id && c.payment_status && c.payment_due_at
          ? { paymentOrderId: c.payment_order_id, amountFen: Number(c.payment_amount_fen), status: c.payment_status, dueAt: c.payment_due_at.toISOString() }
          : null,
      timeline,
    };
    // The joint window's clerks own the joint case; other departments' clerks see it masked.
    return presentPersonalData(view, principal, { department: DEPARTMENTS.jointProcessing, partyIds: c.party_ids });
  }
}
