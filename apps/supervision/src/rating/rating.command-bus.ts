// The command bus messages of the rating capability (application layer, @nestjs/cqrs); the
// domain commands the decider takes are in case-rating.events.ts.
import { ContextCommand } from '@gov/platform';
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

export class RateCaseCommand extends ContextCommand<{ readonly ref: CaseRef; readonly stars: number; readonly comment: string | null }, RatingView> {}

export class CloseRectificationCommand extends ContextCommand<{ readonly ref: CaseRef; readonly resolution: string }, RectificationView> {}
