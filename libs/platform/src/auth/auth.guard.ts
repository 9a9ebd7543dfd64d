import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Metadata } from '@grpc/grpc-js';
import { ForbiddenError, UnauthenticatedError } from '@gov/event-sourcing';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './decorators';
import type { Principal, Role } from './principal';
import { TokenVerifier } from './token-verifier';
import { requestContext } from '../logging/request-context';
import { rpcPrincipals } from './rpc-principals';

/** Bearer JWT on every route unless @Public(); @Roles() narrows who may call. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const header = this.authorization(ctx);
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError();
    const principal = await this.verifier.verify(match[1]);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(`this operation needs one of the roles: ${roles.join(', ')}`, 'role-required');
    }
    this.attach(ctx, principal);
    return true;
  }

  private authorization(ctx: ExecutionContext): string | undefined {
    if (ctx.getType() === 'http') return ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization;
    if (ctx.getType() === 'rpc') {
      const metadata = ctx.switchToRpc().getContext<Metadata>();
      const v = metadata?.get?.('authorization')?.[0];
      return v === undefined ? undefined : String(v);
    }
    return undefined;
  }

  private attach(ctx: ExecutionContext, principal: Principal): void {
    const current = requestContext.current();
    if (current) current.principal = principal;
    if (ctx.getType() === 'http') ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal = principal;
    else if (ctx.getType() === 'rpc') rpcPrincipals.set(ctx.switchToRpc().getContext<object>(), principal);
  }
}
