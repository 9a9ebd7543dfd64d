import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { ServiceRuntime } from '../persistence/service-runtime';
import { ServiceMetrics } from '../metrics/metrics';

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** The process is alive; restart it only when this fails. */
  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to take requests: PostgreSQL must answer. Kafka is checked and
   * reported, but an outage only degrades: commands still succeed and their
   * events wait in PostgreSQL for the relay (docs/adr/0003).
   */
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const [postgres, kafka] = await Promise.all([this.runtime.checkPostgres(), this.runtime.checkKafka()]);
    const ok = postgres && !this.runtime.draining;
    res.status(ok ? 200 : 503).json({
      status: !ok ? 'unavailable' : kafka ? 'ok' : 'degraded',
      checks: {
        postgres: postgres ? 'up' : 'down',
        kafka: kafka ? 'up' : 'down',
        relay: this.runtime.relay.currentRole,
        draining: this.runtime.draining,
      },
    });
  }

  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
