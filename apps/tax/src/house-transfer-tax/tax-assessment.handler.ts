import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { RuleViolation } from '@gov/event-sourcing';
import { commandOptionsOf, type CommandContext } from '@gov/platform';
import { TaxUnits } from '../shared/tax-units';
import { ReferencePriceStore } from './reference-price.store';
import { TaxAssessmentAggregate } from './tax-assessment.aggregate';
import type { AssessHouseTransferTaxDto, CancelAssessmentDto } from './tax-assessment.dto';
import { TAX_ASSESSMENT_STREAM } from './tax-assessment.projection';
import { TRANSFER_TAX_POLICY_TABLE, transferTaxPolicyOn } from './transfer-tax.policy';

export interface AssessmentRef {
  readonly assessmentId: string;
  readonly paymentOrderId: string | null;
}

/**
 * Assess a house transfer's taxes (REST, gRPC, and the joint case's Kafka command:
 * `inbox` is then the consumer's transaction, so the inbox row and the effect commit together).
 */
export class AssessHouseTransferTaxCommand extends Command<AssessmentRef> {
  constructor(
    readonly dto: AssessHouseTransferTaxDto,
    readonly context: CommandContext,
    readonly inbox?: PoolClient,
  ) {
    super();
  }
}

/** Cancel an assessment: its payment order is cancelled, or refunded when paid. */
export class CancelAssessmentCommand extends Command<void> {
  constructor(
    readonly assessmentId: string,
    readonly dto: CancelAssessmentDto,
    readonly context: CommandContext,
    readonly inbox?: PoolClient,
  ) {
    super();
  }
}

// A concurrent write to the assessment or its order: the unit runs again on the new state.
const RETRIES = 2;

/** A consumer's command: the inbox transaction, and no stored result (the sender never asks for it). */
function unitOptions(context: CommandContext, inbox: PoolClient | undefined) {
  return { ...commandOptionsOf(context), retries: RETRIES, ...(inbox ? { tx: inbox, storeResult: false } : {}) };
}

@CommandHandler(AssessHouseTransferTaxCommand)
export class AssessHouseTransferTaxHandler implements ICommandHandler<AssessHouseTransferTaxCommand, AssessmentRef> {
  constructor(
    private readonly units: TaxUnits,
    private readonly referencePrices: ReferencePriceStore,
  ) {}

  async execute({ dto, context, inbox }: AssessHouseTransferTaxCommand): Promise<AssessmentRef> {
    const assessmentId = dto.assessmentId ?? randomUUID();
    const paymentOrderId = randomUUID();
    const { result } = await this.units.run(async (uow) => {
      // The declared price never lowers the base below the office's own reference price.
      const reference = await this.referencePrices.lookup(uow.tx, dto.unitNumber, dto.community);
      if (!reference) {
        throw new RuleViolation('reference-price-not-found', `no reference price is on file for unit ${dto.unitNumber}${dto.community ? ` or community ${dto.community}` : ''}`, {
          unitNumber: dto.unitNumber,
        });
      }
      const policyVersion = dto.policyVersion ?? transferTaxPolicyOn(TRANSFER_TAX_POLICY_TABLE, dto.contractDate)?.version;
      if (!policyVersion) {
        throw new RuleViolation('no-policy-in-force', `no transfer-tax policy version is in force on ${dto.contractDate}`, { contractDate: dto.contractDate });
      }
      const events = await uow.decide(
        TaxAssessmentAggregate,
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
        TAX_ASSESSMENT_STREAM,
      );
      const assessed = events.find((e) => e.type === 'HouseTransferTaxAssessed');
      return { assessmentId, paymentOrderId: assessed?.type === 'HouseTransferTaxAssessed' ? assessed.data.paymentOrderId : null };
    }, unitOptions(context, inbox));
    return result;
  }
}

@CommandHandler(CancelAssessmentCommand)
export class CancelAssessmentHandler implements ICommandHandler<CancelAssessmentCommand, void> {
  constructor(private readonly units: TaxUnits) {}

  async execute({ assessmentId, dto, context, inbox }: CancelAssessmentCommand): Promise<void> {
    await this.units.run(async (uow) => {
      await uow.decide(TaxAssessmentAggregate, assessmentId, { type: 'CancelAssessment', data: { assessmentId, reason: dto.reason, at: new Date().toISOString() } }, TAX_ASSESSMENT_STREAM);
    }, unitOptions(context, inbox));
  }
}
