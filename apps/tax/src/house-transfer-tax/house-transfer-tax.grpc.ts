import { Controller } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, Roles, type Principal, int64, optionalString, validateDto, CommandCtx, type CommandContext } from '@gov/platform';
import { assertTaxStaff } from '../shared/access';
import type { ReferencePriceFound } from './reference-price';
import { ImportQuery, ReferencePriceParams, ReferencePriceQuery } from './reference-price.controller';
import { ReferencePriceStore, type ReferencePriceImportReport } from './reference-price.store';
import { AssessmentParams } from './tax-assessment.controller';
import { AssessHouseTransferTaxDto, CancelAssessmentDto } from './tax-assessment.dto';
import { CommandBus } from '@nestjs/cqrs';
import { ImportReferencePricesCommand } from './reference-price.handler';
import { AssessHouseTransferTaxCommand, CancelAssessmentCommand } from './tax-assessment.handler';
import { TaxAssessmentQueries } from './tax-assessment.queries';
import type { AssessmentView } from './tax-assessment.projection';

interface AssessRequest {
  assessmentId?: string;
  transferId?: string;
  caseId?: string;
  unitNumber?: string;
  community?: string;
  sellers?: { residentId?: string }[];
  buyers?: { residentId?: string }[];
  contractPriceFen?: string;
  areaM2?: string;
  buyerFamilyHome?: string;
  sellerAcquiredOn?: string;
  contractDate?: string;
  sellerOnlyHome?: boolean;
  originalCostFen?: string;
  originalCostUnproven?: boolean;
  policyVersion?: string;
}

/** gRPC `gov.tax.v1.TaxService`, reference price and assessment methods. */
@Controller()
export class HouseTransferTaxGrpcController {
  constructor(
    private readonly commands: CommandBus,
    private readonly assessments: TaxAssessmentQueries,
    private readonly prices: ReferencePriceStore,
  ) {}

  @GrpcMethod('TaxService', 'ImportReferencePrices')
  @Roles('clerk', 'service')
  async importPrices(@Payload() request: { format?: string; content?: string }, @CommandCtx('ImportReferencePrices') ctx: CommandContext): Promise<ReferencePriceImportReport> {
    assertTaxStaff(ctx.principal);
    const query = await validateDto(ImportQuery, { format: optionalString(request.format) });
    const format = query.format ?? 'csv';
    return this.commands.execute(new ImportReferencePricesCommand(textOf(request.content ?? ''), format, ctx));
  }

  @GrpcMethod('TaxService', 'GetReferencePrice')
  async getPrice(@Payload() request: { unitNumber?: string; community?: string }): Promise<ReferencePriceFound> {
    const params = await validateDto(ReferencePriceParams, { unitNumber: request.unitNumber });
    const query = await validateDto(ReferencePriceQuery, { community: optionalString(request.community) });
    return this.prices.find(params.unitNumber, query.community);
  }

  @GrpcMethod('TaxService', 'AssessHouseTransferTax')
  @Roles('clerk', 'service')
  async assess(@Payload() r: AssessRequest, @CommandCtx('AssessHouseTransferTax') ctx: CommandContext): Promise<AssessmentView> {
    assertTaxStaff(ctx.principal);
    const dto = await validateDto(AssessHouseTransferTaxDto, {
      assessmentId: optionalString(r.assessmentId),
      transferId: r.transferId,
      caseId: optionalString(r.caseId),
      unitNumber: r.unitNumber,
      community: optionalString(r.community),
      sellers: r.sellers,
      buyers: r.buyers,
      contractPriceFen: int64(r.contractPriceFen),
      areaM2: r.areaM2,
      buyerFamilyHome: r.buyerFamilyHome,
      sellerAcquiredOn: r.sellerAcquiredOn,
      contractDate: r.contractDate,
      sellerOnlyHome: r.sellerOnlyHome ?? false,
      originalCostFen: r.originalCostUnproven ? null : int64(r.originalCostFen),
      policyVersion: optionalString(r.policyVersion),
    });
    const ref = await this.commands.execute(new AssessHouseTransferTaxCommand(dto, ctx));
    return this.assessments.get(ref.assessmentId, ctx.principal);
  }

  @GrpcMethod('TaxService', 'GetAssessment')
  async get(@Payload() request: { assessmentId?: string }, @CurrentPrincipal() principal?: Principal): Promise<AssessmentView> {
    const params = await validateDto(AssessmentParams, { assessmentId: request.assessmentId });
    return this.assessments.get(params.assessmentId, principal);
  }

  @GrpcMethod('TaxService', 'CancelAssessment')
  @Roles('clerk', 'service')
  async cancel(@Payload() request: { assessmentId?: string; reason?: string }, @CommandCtx('CancelAssessment') ctx: CommandContext): Promise<AssessmentView> {
    assertTaxStaff(ctx.principal);
    const params = await validateDto(AssessmentParams, { assessmentId: request.assessmentId });
    const dto = await validateDto(CancelAssessmentDto, { reason: request.reason });
    await this.commands.execute(new CancelAssessmentCommand(params.assessmentId, dto, ctx));
    return this.assessments.get(params.assessmentId, ctx.principal);
  }
}

/** The message's file as the upload the import streams. */
async function* textOf(content: string): AsyncGenerator<string> {
  yield content;
}
