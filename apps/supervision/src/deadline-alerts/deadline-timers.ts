import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { AggregateRepository, type RecordedEvent } from '@gov/event-sourcing/postgres';
import { JsonLogger, ServiceMetrics, ServiceRuntime } from '@gov/platform';
import { formatShanghai, WorkingDayCalendar } from '@gov/service-standards';
import { deadlineOf, statusOf, type TimerKind, type TrackedCase } from '../case-timeline/tracked-case';
import { Clock } from '../shared/clock';
import { SupervisionConfig } from '../supervision.config';
import { ConsumerLag } from './consumer-lag';
import { SupervisedCaseAggregate } from './supervised-case.decider';
import type { SupervisedCaseCommand, SupervisedCaseEvent } from './supervised-case.events';

interface DueRow {
  case_key: string;
  kind: TimerKind;
  due_at: Date;
  attempts: number;
  state: TrackedCase;
}

const SELECT_DUE = `
SELECT t.case_key, t.kind, t.due_at, t.attempts, c.state
FROM sv_timers t JOIN sv_cases c ON c.case_key = t.case_key
WHERE t.due_at <= $1 AND t.armed_at <= $2
ORDER BY t.due_at
LIMIT $3
FOR UPDATE OF t, c SKIP LOCKED`;

export type FireOutcome = 'raised' | 'nothing-new' | 'rescheduled' | 'dropped';

/**
 * The durable timers of sv_timers. Every TIMER_POLL_MS, the rows that are due
 * and safe are taken with FOR UPDATE SKIP LOCKED (with their case row, so the
 * consumer and other replicas never see a half-fired timer), the alert is
 * decided on the case's supervision stream and the row deleted, all in one
 * transaction. Safe: the lifecycle consumer has read everything published up
 * to the due time and TIMER_SETTLE_MS past the event that armed the timer, so
 * a completion that happened in time is never reported as a breach because it
 * wasn't read yet (a rebuild, a backlog, a department's batch split in two).
 */
@Injectable()
export class DeadlineTimers implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  readonly fired: Record<FireOutcome, number> = { raised: 0, 'nothing-new': 0, rescheduled: 0, dropped: 0 };

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
    private readonly config: SupervisionConfig,
    private readonly logger: JsonLogger,
    private readonly clock: Clock,
    private readonly lag: ConsumerLag,
    metrics: ServiceMetrics,
  ) {
    metrics.gauge('supervision_deadline_alerts_raised', 'Warnings and breaches this process raised', () => this.fired.raised);
  }

  onApplicationBootstrap(): void {
    if (this.config.DEADLINE_TIMERS === 'enabled') this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let full = false;
      try {
        full = (await this.tick()) === this.config.TIMER_BATCH;
      } catch (error) {
        this.logger.error({ msg: 'deadline timers: tick failed', error: (error as Error).message });
      }
      if (!full && !this.stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.config.TIMER_POLL_MS);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  /** Fires what is due up to where the lifecycle consumer has read; returns how many timers it took. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await this.runtime.pool.query('SELECT 1 FROM sv_timers WHERE due_at <= $1 LIMIT 1', [now]);
    if (rows.length === 0) return 0;
    const read = await this.lag.caughtUpTo(now);
    if (!read) return 0;
    return this.fireDue(read < now ? read : now, new Date(read.getTime() - this.config.TIMER_SETTLE_MS), now);
  }

  /**
   * One transaction over a batch of timers due by `until` and armed by
   * `armedBy`; a failing timer is rolled back alone and retried later. `now` is
   * when the alerts say they were raised.
   */
  async fireDue(until: Date, armedBy: Date, now: Date): Promise<number> {
    const taken = await this.runtime.store.transaction(async (tx) => {
      const due = await tx.query<DueRow>(SELECT_DUE, [until, armedBy, this.config.TIMER_BATCH]);
      for (const row of due.rows) {
        try {
          const outcome = await this.commands.execute(new FireDeadlineTimerCommand(row, until, now, tx));
          this.fired[outcome]++;
        } catch (error) {
          // The timer's unit of work left the batch's transaction as it was: only the retry is recorded.
          const backoffMs = Math.min(60_000, 1000 * 2 ** Math.min(row.attempts, 6));
          await tx.query('UPDATE sv_timers SET attempts = attempts + 1, last_error = $3, due_at = $4 WHERE case_key = $1 AND kind = $2', [
            row.case_key,
            row.kind,
            (error as Error).message.slice(0, 1000),
            new Date(now.getTime() + backoffMs),
          ]);
          this.logger.error({ msg: 'deadline timer failed; retrying later', kind: row.kind, attempts: row.attempts + 1, error: (error as Error).message });
        }
      }
      return due.rows.length;
    });
    // The alerts are in the log: publish them without waiting for the relay's poll.
    if (taken) this.runtime.relay.nudge();
    return taken;
  }
}

/** A due timer of a case, in the transaction of the batch that took its row. */
export class FireDeadlineTimerCommand extends Command<FireOutcome> {
  constructor(
    readonly row: DueRow,
    /** Timers due by then fire; one whose deadline moved later waits for it. */
    readonly until: Date,
    /** When the alert says it was raised. */
    readonly now: Date,
    readonly tx: PoolClient,
  ) {
    super();
  }
}

/**
 * Decides the warning or breach on the case's supervision stream and drops the
 * timer, in one unit of work under the batch's transaction (a savepoint): a
 * failure undoes this timer alone.
 */
@CommandHandler(FireDeadlineTimerCommand)
export class FireDeadlineTimerHandler implements ICommandHandler<FireDeadlineTimerCommand, FireOutcome> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  async execute({ row, until, now, tx }: FireDeadlineTimerCommand): Promise<FireOutcome> {
    const c = row.state;
    const { result } = await this.aggregates.unitOfWork(
      async (uow): Promise<FireOutcome> => {
        const remove = () => uow.tx.query('DELETE FROM sv_timers WHERE case_key = $1 AND kind = $2', [row.case_key, row.kind]);
        const deadline = statusOf(c) === 'completed' || statusOf(c) === 'suspended' ? null : deadlineOf(c, this.calendar);
        if (!deadline || !c.measure) {
          await remove();
          return 'dropped';
        }
        // The case row is the truth: a timer left behind by a moved deadline waits for the new time.
        const dueAt = row.kind === 'warning' ? deadline.warnAt : deadline.dueAt;
        if (dueAt > until) {
          await uow.tx.query('UPDATE sv_timers SET due_at = $3 WHERE case_key = $1 AND kind = $2', [row.case_key, row.kind, dueAt]);
          return 'rescheduled';
        }
        const alert = {
          caseKey: c.caseKey,
          service: c.service,
          caseId: c.caseId,
          itemCode: c.itemCode,
          catalogVersion: c.measure.catalogVersion,
          department: c.department,
          promisedLimit: c.measure.promisedLimit,
          dueAt: formatShanghai(deadline.dueAt),
          at: formatShanghai(now),
        };
        const command: SupervisedCaseCommand =
          row.kind === 'warning' ? { type: 'RaiseDeadlineWarning', data: { ...alert, warnAt: formatShanghai(deadline.warnAt) } } : { type: 'RaiseDeadlineBreach', data: alert };
        const raised = await uow.decide(SupervisedCaseAggregate, c.caseKey, command, { project: (ptx, events) => projectAlert(ptx, c.caseKey, events) });
        await remove();
        return raised.length > 0 ? 'raised' : 'nothing-new';
      },
      { tx, metadata: { actor: { subject: 'supervision-deadline-timer', role: 'service' }, correlationId: c.caseKey } },
    );
    return result;
  }
}

/** The alert marks the case: its state (so no timer is set again) and the columns lists filter on. */
async function projectAlert(tx: PoolClient, caseKey: string, events: readonly RecordedEvent<SupervisedCaseEvent>[]): Promise<void> {
  for (const e of events) {
    if (e.type === 'CaseDeadlineWarning') {
      await tx.query(`UPDATE sv_cases SET warned_at = $2, state = jsonb_set(state, '{warnedAt}', to_jsonb($3::text)), updated_at = now() WHERE case_key = $1`, [
        caseKey,
        e.data.at,
        e.data.at,
      ]);
    } else {
      await tx.query(
        `UPDATE sv_cases SET breached_at = $2, standing = 'overdue', state = jsonb_set(state, '{breachedAt}', to_jsonb($3::text)), updated_at = now() WHERE case_key = $1`,
        [caseKey, e.data.at, e.data.at],
      );
    }
  }
}
