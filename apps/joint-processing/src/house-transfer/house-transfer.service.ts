import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { ServiceRuntime, hasRole, isParty, presentPersonalData, type Principal } from '@gov/platform';
import type { Catalog } from '@gov/service-standards';
import type { PaymentOrderStatus } from './house-transfer.projection';
import { JointProcessingConfig } from '../joint-processing.config';
import type { HouseTransferView, TimelineStep } from './house-transfer.dto';

export const CATALOG = 'joint-processing:catalog';

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

/** The read side of the house transfer: what the window requires, and a case with its timeline. */
@Injectable()
export class HouseTransferService {
  constructor(
    private readonly runtime: ServiceRuntime,
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
