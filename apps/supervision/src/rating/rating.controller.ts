import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@gov/event-sourcing';
import { CurrentPrincipal, Roles, ServiceRuntime, type Principal, CommandCtx, type CommandContext } from '@gov/platform';
import { caseAccess, listDepartment } from '../case-timeline/case-access.policy';
import { CaseParams } from '../case-timeline/cases.dto';
import { TrackedCaseStore } from '../case-timeline/tracked-case.projection';
import { caseKeyOf } from '../shared/case-key';
import { Clock } from '../shared/clock';
import { CloseRectificationBody, ListRectificationsQuery, RateCaseBody, RateCaseRequest } from './rating.dto';
import { CloseRectificationCommand, RateCaseCommand, type RatingView, type RectificationView } from './rating.command-bus';
import { findRating, listRectifications } from './rating.read-model';
import { RatingResponse, RectificationListResponse, RectificationResponse } from './rating.responses';

@ApiTags('rating')
@Controller()
export class RatingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly runtime: ServiceRuntime,
    private readonly cases: TrackedCaseStore,
    private readonly clock: Clock,
  ) {}

  @Post('cases/:service/:caseId/rating')
  @Roles('applicant')
  @ApiOperation({ summary: 'Rate a decided case (好差评), once, as its applicant; 1 or 2 stars open a rectification due in 5 working days' })
  @ApiCreatedResponse({ type: RatingResponse })
  rate(@Param() params: CaseParams, @Body() body: RateCaseBody, @CommandCtx('RateCase') ctx: CommandContext): Promise<RatingView> {
    return this.commands.execute(new RateCaseCommand({ service: params.service, caseId: params.caseId }, body.stars, body.comment ?? null, ctx));
  }

  @Get('cases/:service/:caseId/rating')
  @Roles('applicant', 'clerk', 'supervisor')
  @ApiOperation({ summary: "A case's rating and rectification" })
  @ApiOkResponse({ type: RatingResponse })
  async rating(@Param() params: CaseParams, @CurrentPrincipal() principal: Principal): Promise<RatingView> {
    const caseKey = caseKeyOf(params);
    const c = await this.cases.get(this.runtime.pool, caseKey);
    const rating = c && caseAccess(principal, c) !== 'none' ? await findRating(this.runtime.pool, caseKey, this.clock.now()) : null;
    if (!rating) throw new NotFoundError('rating', caseKey);
    return rating;
  }

  @Get('rectifications')
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: 'Rectifications after bad ratings; status=overdue lists the open ones past their deadline' })
  @ApiOkResponse({ type: RectificationListResponse })
  async rectifications(@Query() query: ListRectificationsQuery, @CurrentPrincipal() principal: Principal): Promise<{ readonly rectifications: readonly RectificationView[] }> {
    const department = listDepartment(principal, query.department);
    return { rectifications: await listRectifications(this.runtime.pool, { department, status: query.status }, this.clock.now()) };
  }

  @Post('rectifications/:service/:caseId/close')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: "Close a rectification, by the clerk of the case's department" })
  @ApiOkResponse({ type: RectificationResponse })
  close(@Param() params: CaseParams, @Body() body: CloseRectificationBody, @CommandCtx('CloseRectification') ctx: CommandContext): Promise<RectificationView> {
    return this.commands.execute(new CloseRectificationCommand({ service: params.service, caseId: params.caseId }, body.resolution, ctx));
  }

  @GrpcMethod('SupervisionService', 'RateCase')
  @Roles('applicant')
  rateRpc(@Payload() request: RateCaseRequest, @CommandCtx('RateCase') ctx: CommandContext): Promise<RatingView> {
    return this.commands.execute(new RateCaseCommand({ service: request.service, caseId: request.caseId }, request.stars, request.comment ?? null, ctx));
  }
}
