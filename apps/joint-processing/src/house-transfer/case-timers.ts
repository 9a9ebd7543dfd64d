import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { JsonLogger, ServiceRuntime } from '@gov/platform';
import { CommandBus } from '@nestjs/cqrs';
import { FireCaseTimerCommand, type CaseTimer } from './house-transfer.handlers';
import { JointProcessingConfig } from '../joint-processing.config';

/**
 * Durable deadlines: rows in jp_timers, fired by whichever replica locks them
 * first (SKIP LOCKED), in the same transaction as the case's reaction, so each
 * fires once even across crashes and replicas.
 */
@Injectable()
export class CaseTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
    private readonly config: JointProcessingConfig,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.fireDue()
        .then(() => undefined)
        .catch((e: unknown) => this.logger.warn({ msg: 'timer check failed', error: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.TIMER_POLL_MS);
        });
    };
    this.timer = setTimeout(tick, this.config.TIMER_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Fires every due timer; returns how many fired. */
  async fireDue(limit = 50): Promise<number> {
    let fired = 0;
    for (;;) {
      const n = await this.store().transaction(async (tx) => {
        const { rows } = await tx.query<{ case_id: string; timer: CaseTimer }>(
          `SELECT case_id, timer FROM jp_timers WHERE fired_at IS NULL AND due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        for (const r of rows) {
          await this.commands.execute(new FireCaseTimerCommand(r.case_id, r.timer, tx));
          await tx.query('UPDATE jp_timers SET fired_at = now() WHERE case_id = $1 AND timer = $2', [r.case_id, r.timer]);
        }
        return rows.length;
      });
      fired += n;
      if (n < limit) return fired;
    }
  }

  private store() {
    return this.runtime.store;
  }
}
