import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, type AggregateType } from '@gov/event-sourcing';
import { AggregateRepository } from '@gov/event-sourcing/postgres';
import { commandOptionsOf, ServiceRuntime } from '@gov/platform';
import { formatShanghai, WorkingDayCalendar } from '@gov/service-standards';
import { TrackedCaseStore } from '../case-timeline/tracked-case.projection';
import { caseKeyOf } from '../shared/case-key';
import { Clock } from '../shared/clock';
import { asDomainError } from '../shared/standards-errors';
import { caseRatingAggregate, type CaseRating } from './case-rating.decider';
import type { CaseRatingCommand, CaseRatingEvent } from './case-rating.events';
import { projectCaseRating } from './case-rating.projection';
import { CloseRectificationCommand, RateCaseCommand, type RatingView, type RectificationView } from './rating.command-bus';
import { findRectification } from './rating.read-model';

function ratingView(caseKey: string, state: CaseRating): RatingView {
  if (state.status !== 'rated') throw new Error('a rated case was expected');
  const r = state.rectification;
  return {
    caseKey,
    stars: state.stars,
    ratedAt: state.ratedAt,
    rectification: r ? { status: r.status, dueAt: r.dueAt, closedAt: r.status === 'closed' ? r.closedAt : null, late: r.status === 'closed' ? r.late : null } : null,
  };
}

@CommandHandler(RateCaseCommand)
export class RateCaseHandler implements ICommandHandler<RateCaseCommand, RatingView> {
  private readonly aggregate: AggregateType<CaseRating, CaseRatingCommand, CaseRatingEvent>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly aggregates: AggregateRepository,
    private readonly cases: TrackedCaseStore,
    private readonly clock: Clock,
    calendar: WorkingDayCalendar,
  ) {
    this.aggregate = caseRatingAggregate(calendar);
  }

  async execute(command: RateCaseCommand): Promise<RatingView> {
    const caseKey = caseKeyOf(command.ref);
    const c = await this.cases.get(this.runtime.pool, caseKey);
    if (!c) throw new NotFoundError('case', caseKey);
    const { ctx } = command;
    try {
      const { result } = await this.aggregates.handle(
        this.aggregate,
        caseKey,
        {
          type: 'RateCase',
          data: {
            caseKey,
            service: c.service,
            caseId: c.caseId,
            itemCode: c.itemCode,
            department: c.department,
            stars: command.stars,
            comment: command.comment,
            ratedAt: formatShanghai(this.clock.now()),
            byApplicant: ctx.roles.includes('applicant') && !!ctx.partyId && c.applicantIds.includes(ctx.partyId),
            caseDecided: c.decidedAt !== null || c.completedAt !== null,
          },
        },
        {
          ...commandOptionsOf(ctx),
          project: projectCaseRating,
          result: (state) => ratingView(caseKey, state),
        },
      );
      return result;
    } catch (error) {
      throw asDomainError(error);
    }
  }
}

@CommandHandler(CloseRectificationCommand)
export class CloseRectificationHandler implements ICommandHandler<CloseRectificationCommand, RectificationView> {
  private readonly aggregate: AggregateType<CaseRating, CaseRatingCommand, CaseRatingEvent>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly aggregates: AggregateRepository,
    private readonly clock: Clock,
    calendar: WorkingDayCalendar,
  ) {
    this.aggregate = caseRatingAggregate(calendar);
  }

  async execute(command: CloseRectificationCommand): Promise<RectificationView> {
    const caseKey = caseKeyOf(command.ref);
    const { ctx } = command;
    await this.aggregates.handle(
      this.aggregate,
      caseKey,
      { type: 'CloseRectification', data: { closedAt: formatShanghai(this.clock.now()), resolution: command.resolution, department: ctx.department ?? '' } },
      {
        ...commandOptionsOf(ctx),
        project: projectCaseRating,
      },
    );
    const view = await findRectification(this.runtime.pool, caseKey, this.clock.now());
    if (!view) throw new NotFoundError('rectification', caseKey);
    return view;
  }
}
