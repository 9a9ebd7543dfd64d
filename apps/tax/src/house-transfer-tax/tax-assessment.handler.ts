import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { NotFoundError, RuleViolation } from '@gov/event-sourcing';
import { type Principal, type CommandContext, eventMetadataOf, presentPersonalData } from '@gov/platform';
import { TAX_DEPARTMENT } from '../shared/access';
import { TaxWorkflow } from '../workflow/tax-workflow';
import { ReferencePriceStore } from './reference-price.store';
import type { AssessHouseTransferTaxDto, CancelAssessmentDto } from './tax-assessment.dto';
import type { HouseTransferTaxAssessed } from './tax-assessment.events';
import { findAssessment, type AssessmentView } from './tax-assessment.projection';
import { TRANSFER_TAX_POLICY_TABLE, transferTaxPolicyOn } from './transfer-tax.policy';

export interface AssessmentRef {
  readonly assessmentId: string;
  readonly paymentOrderId: string | null;
}

/** Assess, cancel and read house transfer tax assessments; REST, gRPC and Kafka all come here. */
@Injectable()
export class TaxAssessmentHandler {
  constructor(
    private readonly workflow: TaxWorkflow,
    private readonly referencePrices: ReferencePriceStore,
  ) {}

  /** In `tx` when given (the Kafka inbox), else in a transaction of its own. */
  async assess(dto: AssessHouseTransferTaxDto, ctx: CommandContext, tx?: PoolClient): Promise<AssessmentRef> {
    const assessmentId = dto.assessmentId ?? randomUUID();
    const paymentOrderId = randomUUID();
    return this.workflow.run(async (t) => {
      // The declared price never lowers the base below the office's own reference price.
      const reference = await this.referencePrices.lookup(t, dto.unitNumber, dto.community);
      if (!reference) {
        throw new RuleViolation('reference-price-not-found', `no reference price is on file for unit ${dto.unitNumber}${dto.community ? ` or community ${dto.community}` : ''}`, {
          unitNumber: dto.unitNumber,
        });
      }
      const policyVersion = dto.policyVersion ?? transferTaxPolicyOn(TRANSFER_TAX_POLICY_TABLE, dto.contractDate)?.version;
      if (!policyVersion) {
        throw new RuleViolation('no-policy-in-force', `no transfer-tax policy version is in force on ${dto.contractDate}`, { contractDate: dto.contractDate });
      }
      const handled = await this.workflow.assessment(
        t,
        assessmentId,
        {
          type: 'AssessHouseTransferTax',
          data: {
            assessmentId,
            transferId: dto.transferId,
            caseId: dto.caseId ?? null,
            paymentOrderId,
            unitNumber: dto.unitNumber,
            sellers: dto.sellers.map((p) => ({ residentId: p.residentId })),
            buyers: dto.buyers.map((p) => ({ residentId: p.residentId })),
            input: {
              contractPriceFen: dto.contractPriceFen,
              referencePrice: reference.price,
              areaM2: dto.areaM2,
              buyerFamilyHome: dto.buyerFamilyHome,
              sellerAcquiredOn: dto.sellerAcquiredOn,
              contractDate: dto.contractDate,
              sellerOnlyHome: dto.sellerOnlyHome,
              originalCostFen: dto.originalCostFen,
            },
            policyVersion,
            at: new Date().toISOString(),
          },
        },
        {
          commandId: ctx.commandId,
          requestHash: ctx.requestHash,
          metadata: eventMetadataOf(ctx),
          result: (_state, events): AssessmentRef => ({
            assessmentId,
            paymentOrderId: (events.find((e) => e.type === 'HouseTransferTaxAssessed') as HouseTransferTaxAssessed | undefined)?.data.paymentOrderId ?? null,
          }),
        },
      );
      return handled.result;
    }, tx);
  }

  async cancel(assessmentId: string, dto: CancelAssessmentDto, ctx: CommandContext, tx?: PoolClient): Promise<void> {
    await this.workflow.run(
      (t) =>
        this.workflow.assessment(t, assessmentId, { type: 'CancelAssessment', data: { assessmentId, reason: dto.reason, at: new Date().toISOString() } }, {
          commandId: ctx.commandId,
          requestHash: ctx.requestHash,
          metadata: eventMetadataOf(ctx),
        }),
      tx,
    );
  }

  /** Parties, tax clerks, supervisors and services see it whole; anyone else with identity numbers masked. */
  async get(assessmentId: string, principal: Principal | undefined): Promise<AssessmentView> {
    const found = await findAssessment(this.workflow.store.pool, assessmentId);
    if (!found) throw new NotFoundError('tax assessment', assessmentId);
    return presentPersonalData(found.view, principal, { department: TAX_DEPARTMENT, partyIds: found.partyIds });
  }
}
