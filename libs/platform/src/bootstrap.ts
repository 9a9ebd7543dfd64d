import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { isUtf8 } from 'node:buffer';
import type { Duplex } from 'node:stream';
import { json, type Request } from 'express';
import type { PlatformConfig } from './config/config';
import { JsonLogger } from './logging/json-logger';
import { correlationMiddleware } from './http/correlation.middleware';
import { createValidationPipe } from './errors/validation';
import { ProblemDetailsFilter } from './errors/http-exception.filter';
import { ServiceMetrics } from './metrics/metrics';
import { completeOpenApiDocument } from './openapi/contract';

export interface GrpcDefinition {
  /** Proto package name(s), e.g. `gov.tax.v1`. */
  readonly package: string | string[];
  /** Absolute path(s) of the .proto files. */
  readonly protoPath: string | string[];
}

export interface ServiceBootstrapOptions {
  readonly service: string;
  readonly title: string;
  readonly description?: string;
  readonly module: Type<unknown> | DynamicModule;
  readonly config: PlatformConfig;
  readonly logger: JsonLogger;
  readonly grpc?: GrpcDefinition;
  /** 0 picks a free port (tests). */
  readonly httpPort?: number;
}

export interface RunningService {
  readonly app: INestApplication;
  readonly httpUrl: string;
  readonly grpcUrl?: string;
}

/**
 * The bootstrap every service uses: JSON logs, correlation ids, validation,
 * problem+json errors, auth, OpenAPI at /docs, gRPC beside REST, metrics,
 * health, graceful shutdown.
 */
export async function startService(o: ServiceBootstrapOptions): Promise<RunningService> {
  const app = await NestFactory.create<NestExpressApplication>(o.module, { logger: o.logger, bodyParser: false, abortOnError: false });
  app.use(correlationMiddleware);
  app.use(app.get(ServiceMetrics).middleware());
  // The raw bytes stay on the request for signature checks (e.g. the bank's HMAC).
  app.use(json({ limit: '1mb', type: ['application/json', 'application/*+json'], verify: keepRawUtf8Body }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(o.logger));
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  const doc = new DocumentBuilder()
    .setTitle(o.title)
    .setDescription(o.description ?? '')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  SwaggerModule.setup('docs', app, () => completeOpenApiDocument(SwaggerModule.createDocument(app, doc)), { jsonDocumentUrl: 'docs/openapi.json' });

  let grpcUrl: string | undefined;
  if (o.grpc && o.config.GRPC_PORT >= 0) {
    grpcUrl = `0.0.0.0:${o.config.GRPC_PORT}`;
    app.connectMicroservice<MicroserviceOptions>(
      {
        transport: Transport.GRPC,
        options: {
          package: o.grpc.package,
          protoPath: o.grpc.protoPath,
          url: grpcUrl,
          // int64 as numbers: amounts are integer fen, far below 2^53.
          loader: { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true, arrays: true },
        },
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  const port = o.httpPort ?? o.config.HTTP_PORT;
  app.getHttpServer().on('clientError', answerClientError);
  await app.listen(port, '0.0.0.0');
  const address = app.getHttpServer().address() as { port: number };
  const httpUrl = `http://127.0.0.1:${address.port}`;
  o.logger.info(`${o.service} listening`, { http: httpUrl, grpc: grpcUrl, docs: `${httpUrl}/docs` });
  return { app, httpUrl, grpcUrl };
}

/**
 * Keeps the raw bytes on the request for signature checks (e.g. the bank's
 * HMAC) and refuses bytes that are not UTF-8, which the JSON parser would
 * otherwise turn silently into U+FFFD.
 */
function keepRawUtf8Body(req: Request, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw Object.assign(new Error('the request body is not valid UTF-8'), { status: 400, type: 'entity.invalid-utf8' });
  (req as Request & { rawBody?: Buffer }).rawBody = buf;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a request line
 * or headers over the size limit, malformed framing) get a problem+json answer
 * too, instead of Node's bare status line.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, title] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request header fields too large'] : [400, 'Bad request'];
  const code = status === 431 ? 'headers-too-large' : 'malformed-request';
  const body = JSON.stringify({ type: `urn:gov:problem:${code}`, title, status, code, detail: status === 431 ? 'the request line and headers must stay under 16 KB' : 'the request is not valid HTTP/1.1' });
  socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
