import type { DomainCommand } from '@gov/event-sourcing';
import type { ZetaPermitsApplicant } from '@gov/contracts';

/** Time and ids come in on the command (the handler sets them), never from a clock inside the decider. */
export type SubmitApplication = DomainCommand<
  'SubmitApplication',
  { applicationId: string; applicant: ZetaPermitsApplicant; subject: string; at: string }
>;

export type DecideApplication = DomainCommand<
  'DecideApplication',
  { applicationId: string; outcome: 'approved' | 'refused'; reason: string | null; at: string }
>;

export type ApplicationCommand = SubmitApplication | DecideApplication;
