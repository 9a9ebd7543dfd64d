import type { CaseLifecycleEvent, CaseLifecycleEventName } from '@gov/contracts';
import {
  CalendarCoverageError,
  CatalogLookupError,
  computeDeadline,
  standing,
  toInstant,
  type Catalog,
  type CaseClock,
  type CaseRecord,
  type Deadline,
  type ProcessType,
  type ServiceDays,
  type StandingLabel,
  type SuspensionReason,
  type TimeLimit,
  type WorkingDayCalendar,
} from '@gov/service-standards';
import { caseKeyOf } from '../shared/case-key';

/** What a case is measured against: its item as the catalog version it started under defines it. */
export interface CaseMeasure {
  readonly catalogVersion: string;
  readonly itemName: string;
  readonly itemDepartment: string;
  readonly processType: ProcessType;
  readonly promisedLimit: TimeLimit;
  readonly legalLimit: TimeLimit | null;
  readonly serviceDays: ServiceDays;
  readonly immediate: boolean;
  /** The step the decision completes: `decide` (SIMPLE), `approve` (GENERAL), a MAJOR item's last step. */
  readonly decisionStep: string;
}

export interface TimelineEntry {
  readonly event: CaseLifecycleEventName;
  readonly at: string;
  readonly step?: string;
  readonly actor?: string;
  readonly reason?: string;
  readonly outcome?: string;
}

export interface SuspensionPeriod {
  readonly from: string;
  /** Null while the case still waits. */
  readonly to: string | null;
  readonly reason: SuspensionReason;
}

export type CaseStatus = 'running' | 'suspended' | 'decided' | 'completed';

/** A case of any department as supervision follows it; plain JSON, stored as the read model's state. */
export interface TrackedCase {
  readonly caseKey: string;
  readonly service: string;
  readonly caseId: string;
  readonly itemCode: string;
  readonly department: string;
  /** The catalog version the department said the case started under ('' when it said none). */
  readonly claimedCatalogVersion: string;
  readonly window: string | null;
  /** Personal data: the parties who may rate the case. */
  readonly applicantIds: readonly string[];
  readonly toleratedMissing: readonly string[];
  readonly acceptedAt: string | null;
  readonly decidedAt: string | null;
  readonly completedAt: string | null;
  readonly outcome: 'approved' | 'refused' | 'withdrawn' | null;
  /** Distinct steps reported after acceptance. */
  readonly stepsDone: readonly string[];
  readonly timeline: readonly TimelineEntry[];
  readonly suspensions: readonly SuspensionPeriod[];
  /** Null when the case can't be measured (unknown item, no acceptance seen); `notes` say why. */
  readonly measure: CaseMeasure | null;
  /** Completed: early / on-time / overdue; running: overdue once the breach fired. */
  readonly finalStanding: StandingLabel | null;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
  readonly notes: readonly string[];
}

export interface LifecycleFact {
  /** The publishing service (from the CloudEvents type). */
  readonly service: string;
  readonly event: CaseLifecycleEvent;
}

export interface TrackingContext {
  readonly catalog: Catalog;
  readonly calendar: WorkingDayCalendar;
}

export type TimerKind = 'warning' | 'breach';

export interface DueTimer {
  readonly kind: TimerKind;
  readonly dueAt: Date;
}

const ms = (iso: string) => toInstant(iso).getTime();

/** Notes say why a case is measured as it is; a department that keeps sending nonsense must not grow the row without end. */
export const MAX_NOTES = 20;
const noted = (c: TrackedCase, ...notes: string[]): TrackedCase => (notes.length ? { ...c, notes: [...c.notes, ...notes].slice(-MAX_NOTES) } : c);
const later = (a: string, b: string) => (ms(a) >= ms(b) ? a : b);

export function statusOf(c: TrackedCase): CaseStatus {
  if (c.completedAt) return 'completed';
  if (c.suspensions.some((s) => s.to === null)) return 'suspended';
  return c.decidedAt ? 'decided' : 'running';
}

/**
 * Review steps: the distinct steps reported after acceptance, plus the decision
 * step when the case was decided without reporting it, so a SIMPLE case
 * (accept → decide) counts 1 and a GENERAL one (一审一核) 2, as the catalog does.
 */
export function reviewStepsOf(c: TrackedCase): number {
  const steps = new Set(c.stepsDone);
  if (c.decidedAt) steps.add(c.measure?.decisionStep ?? 'decide');
  return steps.size;
}

function measureOf(catalog: Catalog, itemCode: string, claimed: string, acceptedAt: string): { measure: CaseMeasure | null; notes: string[] } {
  const notes: string[] = [];
  let version: string;
  try {
    // The version the case started under wins; without one, the version in force at acceptance.
    if (claimed && catalog.versions.some((v) => v.version === claimed)) version = claimed;
    else {
      version = catalog.versionAt(acceptedAt).version;
      if (claimed) notes.push(`catalog version ${claimed} is unknown to supervision; measured under ${version}, in force at acceptance`);
    }
    const item = catalog.itemAt(itemCode, version);
    return {
      measure: {
        catalogVersion: version,
        itemName: item.name,
        itemDepartment: item.department,
        processType: item.processType,
        promisedLimit: item.promisedLimit,
        legalLimit: item.legalLimit,
        serviceDays: item.serviceDays,
        immediate: item.immediate,
        decisionStep: item.steps[item.steps.length - 1]?.code ?? 'decide',
      },
      notes,
    };
  } catch (error) {
    if (error instanceof CatalogLookupError) return { measure: null, notes: [...notes, `not measured: ${error.message}`] };
    throw error;
  }
}

function blank(fact: LifecycleFact): TrackedCase {
  const d = fact.event.data;
  return {
    caseKey: caseKeyOf({ service: fact.service, caseId: d.caseId }),
    service: fact.service,
    caseId: d.caseId,
    itemCode: d.itemCode,
    department: d.department,
    claimedCatalogVersion: d.catalogVersion,
    window: null,
    applicantIds: [],
    toleratedMissing: [],
    acceptedAt: null,
    decidedAt: null,
    completedAt: null,
    outcome: null,
    stepsDone: [],
    timeline: [],
    suspensions: [],
    measure: null,
    finalStanding: null,
    warnedAt: null,
    breachedAt: null,
    notes: [],
  };
}

function clockOf(c: TrackedCase, measure: CaseMeasure, acceptedAt: string): CaseClock {
  return { acceptedAt, completedAt: c.completedAt, suspensions: c.suspensions, promisedLimit: measure.promisedLimit, serviceDays: measure.serviceDays };
}

/** Folds one lifecycle event into the case. Pure; the catalog and calendar are data. */
export function applyLifecycle(current: TrackedCase | null, fact: LifecycleFact, ctx: TrackingContext): TrackedCase {
  const { event } = fact;
  let c = current ?? blank(fact);
  const notes: string[] = [];
  if (!current && event.type !== 'CaseAccepted') notes.push(`${event.type} at ${event.data.at} arrived before any CaseAccepted: not measured until it does`);
  if (c.completedAt && event.type !== 'CaseAccepted') {
    return noted(c, `${event.type} at ${event.data.at} after completion ignored`);
  }
  // Times before acceptance would run the clock backwards; a skewed clock at the window is the likely cause.
  let at = event.data.at;
  if (c.acceptedAt && event.type !== 'CaseAccepted' && ms(at) < ms(c.acceptedAt)) {
    notes.push(`${event.type} dated ${at}, before acceptance: counted at acceptance`);
    at = c.acceptedAt;
  }
  const entry: TimelineEntry = { event: event.type, at: event.data.at };

  switch (event.type) {
    case 'CaseAccepted': {
      if (c.acceptedAt) return noted(c, `a second CaseAccepted at ${at} ignored`);
      const { measure, notes: measureNotes } = measureOf(ctx.catalog, event.data.itemCode, event.data.catalogVersion, at);
      notes.push(...measureNotes);
      c = {
        ...c,
        itemCode: event.data.itemCode,
        department: event.data.department,
        claimedCatalogVersion: event.data.catalogVersion,
        window: event.data.window ?? null,
        applicantIds: event.data.applicantIds ?? [],
        toleratedMissing: event.data.toleratedMissing ?? [],
        acceptedAt: at,
        measure,
        // Events seen before acceptance can't be dated against it.
        suspensions: c.suspensions.filter((s) => ms(s.from) >= ms(at)),
        timeline: [entry, ...c.timeline],
      };
      break;
    }
    case 'CaseStepCompleted': {
      const step = event.data.step;
      c = {
        ...c,
        stepsDone: step === 'accept' || c.stepsDone.includes(step) ? c.stepsDone : [...c.stepsDone, step],
        timeline: [...c.timeline, { ...entry, step, ...(event.data.actor ? { actor: event.data.actor } : {}) }],
      };
      break;
    }
    case 'CaseSuspended': {
      if (statusOf(c) === 'suspended') return noted(c, `CaseSuspended at ${at} while already suspended ignored`);
      c = { ...c, suspensions: [...c.suspensions, { from: at, to: null, reason: event.data.reason }], timeline: [...c.timeline, { ...entry, reason: event.data.reason }] };
      break;
    }
    case 'CaseResumed': {
      if (statusOf(c) !== 'suspended') return noted(c, `CaseResumed at ${at} without a suspension ignored`);
      c = { ...c, suspensions: closeOpen(c.suspensions, at), timeline: [...c.timeline, entry] };
      break;
    }
    case 'CaseDecided':
      c = { ...c, decidedAt: at, outcome: event.data.outcome, timeline: [...c.timeline, { ...entry, outcome: event.data.outcome, ...(event.data.reason ? { reason: event.data.reason } : {}) }] };
      break;
    case 'CaseCompleted':
      // Completion ends any wait: the clock stops for good.
      c = { ...c, completedAt: at, outcome: event.data.outcome, suspensions: closeOpen(c.suspensions, at), timeline: [...c.timeline, { ...entry, outcome: event.data.outcome }] };
      break;
    default: {
      const unknownEvent: never = event;
      throw new Error(`unhandled lifecycle event ${JSON.stringify(unknownEvent)}`);
    }
  }
  c = noted(c, ...notes);
  if (c.completedAt && c.measure && c.acceptedAt) {
    try {
      const st = standing(clockOf(c, c.measure, c.acceptedAt), c.completedAt, ctx.calendar);
      c = { ...c, finalStanding: st.standing };
    } catch (error) {
      if (!(error instanceof CalendarCoverageError)) throw error;
      c = noted(c, error.message);
    }
  }
  return c;
}

function closeOpen(suspensions: readonly SuspensionPeriod[], at: string): SuspensionPeriod[] {
  return suspensions.map((s) => (s.to === null ? { ...s, to: later(at, s.from) } : s));
}

/** The deadline of a measured case (as of `asOf`, needed while a suspension is open); null when unmeasured or the calendar lacks the year. */
export function deadlineOf(c: TrackedCase, calendar: WorkingDayCalendar, asOf?: Date): Deadline | null {
  if (!c.measure || !c.acceptedAt) return null;
  // While the clock is stopped the deadline is only known "as if resumed at asOf".
  if (!asOf && c.suspensions.some((s) => s.to === null)) return null;
  try {
    return computeDeadline(
      { acceptedAt: c.acceptedAt, limit: c.measure.promisedLimit, suspensions: c.suspensions, serviceDays: c.measure.serviceDays, ...(asOf ? { asOf } : {}) },
      calendar,
    );
  } catch (error) {
    if (error instanceof CalendarCoverageError) return null;
    throw error;
  }
}

/**
 * The timers a case needs now: its 80% warning and its breach, each until it
 * fired. None while the clock is stopped (the deadline moves) or after completion.
 */
export function dueTimers(c: TrackedCase, calendar: WorkingDayCalendar): DueTimer[] {
  if (c.completedAt || statusOf(c) === 'suspended') return [];
  const deadline = deadlineOf(c, calendar);
  if (!deadline) return [];
  const timers: DueTimer[] = [];
  if (!c.warnedAt && !c.breachedAt) timers.push({ kind: 'warning', dueAt: deadline.warnAt });
  if (!c.breachedAt) timers.push({ kind: 'breach', dueAt: deadline.dueAt });
  return timers;
}

/** The standing kept in the read model: final once completed, overdue once breached. */
export function recordedStanding(c: TrackedCase): StandingLabel | null {
  if (!c.measure) return null;
  if (c.finalStanding) return c.finalStanding;
  return c.breachedAt ? 'overdue' : 'on-time';
}

/** The case as the statistics of the standards lib read it; null when it can't be measured. */
export function caseRecordOf(c: TrackedCase): CaseRecord | null {
  if (!c.measure || !c.acceptedAt) return null;
  return {
    caseId: c.caseKey,
    itemCode: c.itemCode,
    catalogVersion: c.measure.catalogVersion,
    acceptedAt: c.acceptedAt,
    decidedAt: c.decidedAt,
    completedAt: c.completedAt,
    reviewSteps: reviewStepsOf(c),
    suspensions: c.suspensions,
    immediate: c.measure.immediate,
  };
}
