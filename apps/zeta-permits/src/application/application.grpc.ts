import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { CurrentPrincipal, grpcCommandContext, Roles, RpcMetadata, type Principal } from '@gov/platform';
import { assertMayDecide, assertMaySubmit } from './application.access';
import { DecideApplicationRpc, GetApplicationRpc, SubmitApplicationDto } from './application.dto';
import { ChangeApplication } from './application.handler';
import { ApplicationQueries } from './application.queries';

const GRPC_SERVICE = 'ZetaPermitsService';
const now = () => new Date().toISOString();

/** gRPC `gov.zetapermits.v1.ZetaPermitsService`: the REST commands and query, the same DTO validation. */
@Controller()
export class ApplicationGrpcController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ApplicationQueries,
  ) {}

  @GrpcMethod(GRPC_SERVICE, 'SubmitApplication')
  @Roles('applicant', 'clerk')
  async submit(@Payload() req: SubmitApplicationDto, @RpcMetadata() md: Metadata | undefined, @CurrentPrincipal() principal: Principal | undefined) {
    assertMaySubmit(principal, req.applicant.residentId);
    const context = grpcCommandContext(principal, 'SubmitApplication', md, req);
    const applicant = { residentId: req.applicant.residentId, name: req.applicant.name };
    const { applicationId, version } = await this.commands.execute(
      new ChangeApplication({ type: 'SubmitApplication', data: { applicationId: randomUUID(), applicant, subject: req.subject, at: now() } }, context),
    );
    return { applicationId, version };
  }

  @GrpcMethod(GRPC_SERVICE, 'DecideApplication')
  @Roles('clerk')
  async decide(@Payload() req: DecideApplicationRpc, @RpcMetadata() md: Metadata | undefined, @CurrentPrincipal() principal: Principal | undefined) {
    assertMayDecide(principal);
    const { applicationId, version } = await this.commands.execute(
      new ChangeApplication(
        { type: 'DecideApplication', data: { applicationId: req.applicationId, outcome: req.outcome, reason: req.reason ?? null, at: now() } },
        grpcCommandContext(principal, 'DecideApplication', md, req),
      ),
    );
    return { applicationId, version };
  }

  @GrpcMethod(GRPC_SERVICE, 'GetApplication')
  @Roles('applicant', 'clerk', 'supervisor', 'service')
  async get(@Payload() req: GetApplicationRpc, @CurrentPrincipal() principal: Principal | undefined) {
    const view = await this.queries.get(req.applicationId, principal);
    // proto3 strings: a missing value is the empty string.
    return { ...view, decidedAt: view.decidedAt ?? '', reason: view.reason ?? '' };
  }
}
