import { Body, Controller, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@gov/event-sourcing';
import { CurrentPrincipal, Roles, ServiceRuntime, type Principal, CommandCtx, type CommandContext, CommandRoute, QueryRoute } from '@gov/platform';
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

  @CommandRoute({ path: 'cases/:service/:caseId/rating', roles: ['applicant'], summary: 'Rate a decided case (好差评), once, as its applicant; 1 or 2 stars open a rectification due in 5 working days', created: RatingResponse })
  rate(@Param() params: CaseParams, @Body() body: RateCaseBody, @CommandCtx('RateCase') ctx: CommandContext): Promise<RatingView> {
    return this.commands.execute(new RateCaseCommand({ ref: { service: params.service, caseId: params.caseId }, stars: body.stars, comment: body.comment ?? null }, ctx));
  }

  @QueryRoute({ path: 'cases/:service/:caseId/rating', roles: ['applicant', 'clerk', 'supervisor'], summary: "A case's rating and rectification", ok: RatingResponse })
  async rating(@Param() params: CaseParams, @CurrentPrincipal() principal: Principal): Promise<RatingView> {
    const caseKey = caseKeyOf(params);
    const c = await this.cases.get(this.runtime.pool, caseKey);
    const rating = c && caseAccess(principal, c) !== 'none' ? await findRating(this.runtime.pool, caseKey, this.clock.now()) : null;
    if (!rating) throw new NotFoundError('rating', caseKey);
    return rating;
  }

  @QueryRoute({ path: 'rectifications', roles: ['clerk', 'supervisor'], summary: 'Rectifications after bad ratings; status=overdue lists the open ones past their deadline', ok: RectificationListResponse })
  async rectifications(@Query() query: ListRectificationsQuery, @CurrentPrincipal() principal: Principal): Promise<{ readonly rectifications: readonly RectificationView[] }> {
    const department = listDepartment(principal, query.department);
    return { rectifications: await listRectifications(this.runtime.pool, { department, status: query.status }, this.clock.now()) };
  }

  @CommandRoute({ path: 'rectifications/:service/:caseId/close', roles: ['clerk'], summary: "Close a rectification, by the clerk of the case's department", ok: RectificationResponse })
  close(@Param() params: CaseParams, @Body() body: CloseRectificationBody, @CommandCtx('CloseRectification') ctx: CommandContext): Promise<RectificationView> {
    return this.commands.execute(new CloseRectificationCommand({ ref: { service: params.service, caseId: params.caseId }, resolution: body.resolution }, ctx));
  }

  @GrpcMethod('SupervisionService', 'RateCase')
  @Roles('applicant')
  rateRpc(@Payload() request: RateCaseRequest, @CommandCtx('RateCase') ctx: CommandContext): Promise<RatingView> {
    return this.commands.execute(new RateCaseCommand({ ref: { service: request.service, caseId: request.caseId }, stars: request.stars, comment: request.comment ?? null }, ctx));
  }
}
