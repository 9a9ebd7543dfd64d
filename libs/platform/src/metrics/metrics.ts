import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';

/** One Prometheus registry per service process. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commands: Counter<'command' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.commands = new Counter({ name: 'commands_total', help: 'Commands handled', labelNames: ['command', 'outcome'], registers: [this.registry] });
  }

  gauge(name: string, help: string, collect: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(collect());
      },
    });
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        // The route pattern, never the raw path: paths carry ids.
        const route = (req.route?.path as string | undefined) ?? 'unmatched';
        end({ method: req.method, route: `${req.baseUrl ?? ''}${route}`, status: String(res.statusCode) });
      });
      next();
    };
  }
}
