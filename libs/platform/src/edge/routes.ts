import { applyDecorators, Get, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import type { Role } from '../auth/principal';

interface RouteOptions {
  /** Below the controller's path; none for the controller's own. */
  readonly path?: string;
  /** Who may call it; none leaves the controller's (or any signed-in caller). */
  readonly roles?: readonly Role[];
  /** The OpenAPI operation's summary, and its description where the summary is not enough. */
  readonly summary: string;
  readonly description?: string;
}

/** A command answered 201 with what it created, or 200 with what it changed. */
export type CommandRouteOptions = RouteOptions & ({ readonly created: Type; readonly ok?: never } | { readonly ok: Type; readonly created?: never });

/** A query: 200 with the response class (a list of them with `isArray`). */
export type QueryRouteOptions = RouteOptions & { readonly ok: Type; readonly isArray?: boolean };

function common({ roles, summary, description }: RouteOptions): MethodDecorator[] {
  return [...(roles?.length ? [Roles(...roles)] : []), ApiOperation(description === undefined ? { summary } : { summary, description })];
}

/**
 * A REST command: POST, its roles, summary and response schema in one line,
 * `@CommandRoute({ path: ':id/refusal', roles: ['clerk'], summary, ok: ChangeResponse })`.
 * `ok` answers 200 (a change to something that exists), `created` the POST's 201.
 */
export function CommandRoute(options: CommandRouteOptions): MethodDecorator {
  const response = options.created ? [ApiCreatedResponse({ type: options.created })] : [HttpCode(200), ApiOkResponse({ type: options.ok })];
  return applyDecorators(Post(options.path), ...common(options), ...response);
}

/** A REST query: GET, its roles, summary and response schema in one line. */
export function QueryRoute(options: QueryRouteOptions): MethodDecorator {
  return applyDecorators(Get(options.path), ...common(options), ApiOkResponse({ type: options.ok, ...(options.isArray ? { isArray: true } : {}) }));
}
