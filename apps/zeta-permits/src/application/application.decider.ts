import { assertNever, IllegalStateError, NotFoundError, ValidationError, type Decider, type FieldIssue } from '@gov/event-sourcing';
import type { ZetaPermitsApplicant } from '@gov/contracts';
import type { ApplicationCommand, DecideApplication, SubmitApplication } from './application.commands';
import type { ApplicationEvent } from './application.events';

export type ApplicationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'submitted' | 'approved' | 'refused';
      readonly applicationId: string;
      readonly applicant: ZetaPermitsApplicant;
      readonly submittedAt: string;
      readonly decidedAt: string | null;
    };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/** The edge validates requests; these are the invariants the log must never break, whoever sends the command. */
function check(...rules: readonly [boolean, string, string][]): void {
  const issues: FieldIssue[] = rules.filter(([ok]) => !ok).map(([, field, message]) => ({ field, message }));
  if (issues.length) throw new ValidationError(issues);
}

export const applicationDecider: Decider<ApplicationState, ApplicationCommand, ApplicationEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'ApplicationSubmitted':
        return { status: 'submitted', applicationId: event.data.applicationId, applicant: event.data.applicant, submittedAt: event.data.submittedAt, decidedAt: null };
      case 'ApplicationDecided':
        return state.status === 'none' ? state : { ...state, status: event.data.outcome, decidedAt: event.data.decidedAt };
      default:
        return assertNever(event, 'application event');
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'SubmitApplication':
        return submit(command, state);
      case 'DecideApplication':
        return decide(command, state);
      default:
        return assertNever(command, 'application command');
    }
  },
};

function submit({ data }: SubmitApplication, state: ApplicationState): ApplicationEvent[] {
  check(
    [!blank(data.applicationId), 'applicationId', 'is required'],
    [!blank(data.applicant?.residentId), 'applicant.residentId', 'is required'],
    [!blank(data.applicant?.name), 'applicant.name', 'is required'],
    [!blank(data.subject), 'subject', 'is required'],
    [INSTANT.test(data.at), 'at', 'must be an ISO 8601 instant'],
  );
  if (state.status !== 'none') throw new IllegalStateError('application-exists', `application ${state.applicationId} was already submitted`);
  const { applicationId, applicant, subject, at } = data;
  return [{ type: 'ApplicationSubmitted', data: { applicationId, applicant: { residentId: applicant.residentId, name: applicant.name }, subject, submittedAt: at } }];
}

function decide({ data }: DecideApplication, state: ApplicationState): ApplicationEvent[] {
  check(
    [!blank(data.applicationId), 'applicationId', 'is required'],
    [data.outcome === 'approved' || data.outcome === 'refused', 'outcome', 'must be approved or refused'],
    [data.outcome !== 'refused' || !blank(data.reason), 'reason', 'is required when the application is refused'],
    [INSTANT.test(data.at), 'at', 'must be an ISO 8601 instant'],
  );
  if (state.status === 'none') throw new NotFoundError('application', data.applicationId);
  if (state.status !== 'submitted') throw new IllegalStateError('application-decided', `application ${state.applicationId} was already ${state.status}`);
  return [
    {
      type: 'ApplicationDecided',
      data: { applicationId: state.applicationId, outcome: data.outcome, reason: data.outcome === 'refused' ? data.reason : null, decidedAt: data.at },
    },
  ];
}
