import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { ServiceRuntime } from './persistence/service-runtime';
import { JsonLogger } from './logging/json-logger';

/**
 * Start: migrate, then relay and consumers once every module has registered.
 * Stop (SIGTERM): not ready, stop taking requests and let in-flight ones
 * finish, stop consumers (offsets committed), finish the relay batch, close.
 */
@Injectable()
export class LifecycleService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly logger: JsonLogger,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.runtime.migrate();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.runtime.draining = true;
    this.logger.info('shutting down: draining in-flight work', { signal });
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, this.runtime.config.SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
    this.logger.info('stopped');
  }
}
