// The command bus messages of the rating capability (application layer, @nestjs/cqrs); the
// domain commands the decider takes are in case-rating.events.ts.
import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@gov/platform';
import type { CaseRef } from '../shared/case-key';

export interface RatingView {
  readonly caseKey: string;
  readonly stars: number;
  readonly ratedAt: string;
  readonly rectification: { readonly status: 'open' | 'closed'; readonly dueAt: string; readonly closedAt: string | null; readonly late: boolean | null } | null;
}

export interface RectificationView {
  readonly caseKey: string;
  readonly service: string;
  readonly caseId: string;
  readonly department: string;
  readonly itemCode: string;
  readonly stars: number;
  readonly openedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly status: 'open' | 'closed';
  readonly overdue: boolean;
  readonly closedAt: string | null;
  readonly closedLate: boolean | null;
  readonly resolution: string | null;
}

export class RateCaseCommand extends Command<RatingView> {
  constructor(
    readonly ref: CaseRef,
    readonly stars: number,
    readonly comment: string | null,
    /** The caller and the Idempotency-Key: a retry returns the first result. */
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

export class CloseRectificationCommand extends Command<RectificationView> {
  constructor(
    readonly ref: CaseRef,
    readonly resolution: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
