import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal, IsCallerId, CommandCtx, type CommandContext } from '@gov/platform';
import { assertTaxStaff } from '../shared/access';
import { AssessHouseTransferTaxDto, CancelAssessmentDto } from './tax-assessment.dto';
import { TaxAssessmentHandler } from './tax-assessment.handler';
import type { AssessmentView } from './tax-assessment.projection';

export class AssessmentParams {
  @IsCallerId()
  assessmentId!: string;
}

@ApiTags('assessments')
@Controller('assessments')
export class TaxAssessmentController {
  constructor(private readonly handler: TaxAssessmentHandler) {}

  @Post()
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Assess the taxes of a second-hand house sale; issues the payment order for the total' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async assess(@Body() dto: AssessHouseTransferTaxDto, @CommandCtx('AssessHouseTransferTax') ctx: CommandContext): Promise<AssessmentView> {
    assertTaxStaff(ctx.principal);
    const ref = await this.handler.assess(dto, ctx);
    return this.handler.get(ref.assessmentId, ctx.principal);
  }

  @Get(':assessmentId')
  @ApiOperation({ summary: 'An itemised assessment with the policy line of each tax; identity numbers masked for non-parties' })
  get(@Param() params: AssessmentParams, @CurrentPrincipal() principal: Principal): Promise<AssessmentView> {
    return this.handler.get(params.assessmentId, principal);
  }

  @Post(':assessmentId/cancellation')
  @HttpCode(200)
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Cancel an assessment; its payment order is cancelled, or refunded when paid' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async cancel(
    @Param() params: AssessmentParams,
    @Body() dto: CancelAssessmentDto,
    @CommandCtx('CancelAssessment') ctx: CommandContext,
  ): Promise<AssessmentView> {
    assertTaxStaff(ctx.principal);
    await this.handler.cancel(params.assessmentId, dto, ctx);
    return this.handler.get(params.assessmentId, ctx.principal);
  }
}
