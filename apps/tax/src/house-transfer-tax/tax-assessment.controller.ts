import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx, CurrentPrincipal, IsCallerId, Roles, type CommandContext, type Principal } from '@gov/platform';
import { assertTaxStaff } from '../shared/access';
import { AssessHouseTransferTaxDto, CancelAssessmentDto } from './tax-assessment.dto';
import { CommandBus } from '@nestjs/cqrs';
import { AssessHouseTransferTaxCommand, CancelAssessmentCommand } from './tax-assessment.handler';
import { TaxAssessmentQueries } from './tax-assessment.queries';
import type { AssessmentView } from './tax-assessment.projection';
import { AssessmentResponse } from './tax-assessment.responses';

export class AssessmentParams {
  @IsCallerId()
  assessmentId!: string;
}

@ApiTags('assessments')
@Controller('assessments')
export class TaxAssessmentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly assessments: TaxAssessmentQueries,
  ) {}

  @Post()
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Assess the taxes of a second-hand house sale; issues the payment order for the total' })
  @ApiCreatedResponse({ type: AssessmentResponse })
  async assess(@Body() dto: AssessHouseTransferTaxDto, @CommandCtx('AssessHouseTransferTax') ctx: CommandContext): Promise<AssessmentView> {
    assertTaxStaff(ctx.principal);
    const ref = await this.commands.execute(new AssessHouseTransferTaxCommand(dto, ctx));
    return this.assessments.get(ref.assessmentId, ctx.principal);
  }

  @Get(':assessmentId')
  @ApiOperation({ summary: 'An itemised assessment with the policy line of each tax; identity numbers masked for non-parties' })
  @ApiOkResponse({ type: AssessmentResponse })
  get(@Param() params: AssessmentParams, @CurrentPrincipal() principal: Principal): Promise<AssessmentView> {
    return this.assessments.get(params.assessmentId, principal);
  }

  @Post(':assessmentId/cancellation')
  @HttpCode(200)
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Cancel an assessment; its payment order is cancelled, or refunded when paid' })
  @ApiOkResponse({ type: AssessmentResponse })
  async cancel(
    @Param() params: AssessmentParams,
    @Body() dto: CancelAssessmentDto,
    @CommandCtx('CancelAssessment') ctx: CommandContext,
  ): Promise<AssessmentView> {
    assertTaxStaff(ctx.principal);
    await this.commands.execute(new CancelAssessmentCommand(params.assessmentId, dto, ctx));
    return this.assessments.get(params.assessmentId, ctx.principal);
  }
}
