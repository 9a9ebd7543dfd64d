import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, httpCommandContext, Roles, type Principal } from '@gov/platform';
import { assertMayDecide, assertMaySubmit } from './application.access';
import { ApplicationIdParams, ApplicationReplyDto, ApplicationViewDto, DecideApplicationDto, SubmitApplicationDto } from './application.dto';
import { ChangeApplication } from './application.handler';
import { ApplicationQueries, type VisibleApplication } from './application.queries';

const now = () => new Date().toISOString();
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: '8-128 characters; a retry with the same key answers the first result' };

/** Applications: submitted by the applicant or a clerk, decided by a clerk of the department. */
@ApiTags('applications')
@Controller('applications')
export class ApplicationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ApplicationQueries,
  ) {}

  @Post()
  @Roles('applicant', 'clerk')
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOperation({ summary: 'Submit an application (accepted at once; the case starts for supervision)' })
  @ApiCreatedResponse({ type: ApplicationReplyDto })
  async submit(@Body() dto: SubmitApplicationDto, @Headers('idempotency-key') key: string | undefined, @CurrentPrincipal() principal: Principal | undefined): Promise<ApplicationReplyDto> {
    assertMaySubmit(principal, dto.applicant.residentId);
    const context = httpCommandContext(principal, 'SubmitApplication', key, dto);
    const applicationId = randomUUID();
    const applicant = { residentId: dto.applicant.residentId, name: dto.applicant.name };
    const outcome = await this.commands.execute(
      new ChangeApplication({ type: 'SubmitApplication', data: { applicationId, applicant, subject: dto.subject, at: now() } }, context),
    );
    // A retry with the same key answers the first application's id.
    return { applicationId: outcome.applicationId, version: outcome.version };
  }

  @Post(':applicationId/decision')
  @HttpCode(200)
  @Roles('clerk')
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOperation({ summary: 'Approve or refuse an application (a refusal names its reason)' })
  @ApiOkResponse({ type: ApplicationReplyDto })
  async decide(
    @Param() params: ApplicationIdParams,
    @Body() dto: DecideApplicationDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<ApplicationReplyDto> {
    assertMayDecide(principal);
    const input = { ...params, ...dto };
    const { applicationId, version } = await this.commands.execute(
      new ChangeApplication(
        { type: 'DecideApplication', data: { applicationId: params.applicationId, outcome: dto.outcome, reason: dto.reason ?? null, at: now() } },
        httpCommandContext(principal, 'DecideApplication', key, input),
      ),
    );
    return { applicationId, version };
  }

  @Get(':applicationId')
  @Roles('applicant', 'clerk', 'supervisor', 'service')
  @ApiOperation({ summary: 'An application; personal data masked unless the caller is the applicant, staff of the department or a supervisor' })
  @ApiOkResponse({ type: ApplicationViewDto })
  get(@Param() params: ApplicationIdParams, @CurrentPrincipal() principal: Principal | undefined): Promise<VisibleApplication> {
    return this.queries.get(params.applicationId, principal);
  }
}
