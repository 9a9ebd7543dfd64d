import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from '../openapi/contract';
import type { Principal, Role } from './principal';
import { requestContext } from '../logging/request-context';
import { rpcPrincipals } from './rpc-principals';

export const PUBLIC_ROUTE = 'gov:public';
export const REQUIRED_ROLES = 'gov:roles';

/** No bearer token needed (health, metrics, docs, signed callbacks). */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/** The caller needs one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The verified caller of this request (HTTP or gRPC). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  if (ctx.getType() === 'http') return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  return rpcPrincipals.get(ctx.switchToRpc().getContext<object>()) ?? requestContext.current()?.principal;
});
