import { ForbiddenError, IllegalStateError, NotFoundError, RuleViolation, ValidationError, assertNever, type Decider, type AggregateType } from '@gov/event-sourcing';
import { computeDeadline, formatShanghai, toInstant, workingDays, type WorkingDayCalendar } from '@gov/service-standards';
import type { CaseRatingCommand, CaseRatingEvent, RatingRef, Stars } from './case-rating.events';

/** A bad rating (1 or 2 stars) opens a rectification the department must close within 5 working days. */
export const RECTIFICATION_LIMIT = workingDays(5);
export const BAD_RATING_MAX_STARS = 2;

export type Rectification =
  | { readonly status: 'open'; readonly department: string; readonly dueAt: string }
  | { readonly status: 'closed'; readonly department: string; readonly dueAt: string; readonly closedAt: string; readonly late: boolean };

export type CaseRating =
  | { readonly status: 'unrated' }
  | { readonly status: 'rated'; readonly ref: RatingRef; readonly stars: Stars; readonly ratedAt: string; readonly rectification: Rectification | null };

const isStars = (n: number): n is Stars => Number.isInteger(n) && n >= 1 && n <= 5;

/** One rating per case, by its applicant; the rectification deadline is counted on the working-day calendar. */
export function caseRatingDecider(calendar: WorkingDayCalendar): Decider<CaseRating, CaseRatingCommand, CaseRatingEvent> {
  return {
    initialState: () => ({ status: 'unrated' }),

    evolve: (state, event) => {
      switch (event.type) {
        case 'CaseRated': {
          const { stars, ratedAt, comment: _comment, ...ref } = event.data;
          return { status: 'rated', ref, stars, ratedAt, rectification: null };
        }
        case 'RectificationOpened':
          return state.status === 'rated' ? { ...state, rectification: { status: 'open', department: event.data.department, dueAt: event.data.dueAt } } : state;
        case 'RectificationClosed':
          return state.status === 'rated' && state.rectification
            ? { ...state, rectification: { status: 'closed', department: state.rectification.department, dueAt: state.rectification.dueAt, closedAt: event.data.closedAt, late: event.data.late } }
            : state;
        default:
          return assertNever(event, 'case rating event');
      }
    },

    decide: (command, state) => {
      switch (command.type) {
        case 'RateCase': {
          const { stars, byApplicant, caseDecided, comment, ratedAt, ...ref } = command.data;
          if (!isStars(stars)) throw ValidationError.field('stars', 'expected a whole number from 1 to 5');
          if (!byApplicant) throw new ForbiddenError('only an applicant of the case may rate it', 'not-the-applicant');
          if (state.status === 'rated') throw new IllegalStateError('case-already-rated', `case ${ref.caseKey} has already been rated`, { caseKey: ref.caseKey });
          if (!caseDecided) throw new RuleViolation('case-not-decided', 'a case can be rated once it has been decided', { caseKey: ref.caseKey });
          const rated: CaseRatingEvent = { type: 'CaseRated', data: { ...ref, stars, comment, ratedAt } };
          if (stars > BAD_RATING_MAX_STARS) return [rated];
          const deadline = computeDeadline({ acceptedAt: ratedAt, limit: RECTIFICATION_LIMIT }, calendar);
          return [rated, { type: 'RectificationOpened', data: { ...ref, stars, openedAt: ratedAt, dueDate: deadline.dueDate, dueAt: formatShanghai(deadline.dueAt) } }];
        }
        case 'CloseRectification': {
          const { closedAt, resolution, department } = command.data;
          if (state.status !== 'rated' || !state.rectification) throw new NotFoundError('rectification', state.status === 'rated' ? state.ref.caseKey : 'of an unrated case');
          if (department !== state.rectification.department) throw new ForbiddenError('a rectification is closed by the department that handled the case', 'not-your-department');
          if (state.rectification.status === 'closed') throw new IllegalStateError('rectification-closed', `the rectification of ${state.ref.caseKey} is already closed`);
          if (resolution.trim() === '') throw ValidationError.field('resolution', 'say what was done');
          const late = toInstant(closedAt) >= toInstant(state.rectification.dueAt);
          return [{ type: 'RectificationClosed', data: { ...state.ref, closedAt, resolution, late } }];
        }
        default:
          return assertNever(command, 'case rating command');
      }
    },
  };
}

/** Stream `case-rating-<service>/<caseId>`. */
export function caseRatingAggregate(calendar: WorkingDayCalendar): AggregateType<CaseRating, CaseRatingCommand, CaseRatingEvent> {
  return { name: 'case-rating', decider: caseRatingDecider(calendar) };
}
