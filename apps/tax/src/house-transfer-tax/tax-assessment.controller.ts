import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@gov/platform';
import { assertTaxStaff } from '../shared/access';
import { requestCommandContext } from '../shared/command-context';
import { IsId } from '../shared/dto-validators';
import { AssessHouseTransferTaxDto, CancelAssessmentDto } from './tax-assessment.dto';
import { TaxAssessmentHandler } from './tax-assessment.handler';
import type { AssessmentView } from './tax-assessment.projection';
import { AssessmentResponse } from '../tax.responses';

export class AssessmentParams {
  @IsId()
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
  @ApiCreatedResponse({ type: AssessmentResponse })
  async assess(@Body() dto: AssessHouseTransferTaxDto, @CurrentPrincipal() principal: Principal, @Headers('idempotency-key') key?: string): Promise<AssessmentView> {
    assertTaxStaff(principal);
    const ref = await this.handler.assess(dto, requestCommandContext(principal, 'AssessHouseTransferTax', key, dto));
    return this.handler.get(ref.assessmentId, principal);
  }

  @Get(':assessmentId')
  @ApiOperation({ summary: 'An itemised assessment with the policy line of each tax; identity numbers masked for non-parties' })
  @ApiOkResponse({ type: AssessmentResponse })
  get(@Param() params: AssessmentParams, @CurrentPrincipal() principal: Principal): Promise<AssessmentView> {
    return this.handler.get(params.assessmentId, principal);
  }

  @Post(':assessmentId/cancellation')
  @HttpCode(200)
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Cancel an assessment; its payment order is cancelled, or refunded when paid' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: AssessmentResponse })
  async cancel(
    @Param() params: AssessmentParams,
    @Body() dto: CancelAssessmentDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key?: string,
  ): Promise<AssessmentView> {
    assertTaxStaff(principal);
    await this.handler.cancel(params.assessmentId, dto, requestCommandContext(principal, 'CancelAssessment', key, { ...params, ...dto }));
    return this.handler.get(params.assessmentId, principal);
  }
}
