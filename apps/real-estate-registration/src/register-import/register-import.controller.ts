import { Controller, Headers, HttpCode, Post, Query, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import { GrpcStreamCall } from '@nestjs/microservices';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Metadata as GrpcMetadata, status as grpcStatus, type Metadata } from '@grpc/grpc-js';
import { DomainError, UnauthenticatedError, ValidationError } from '@gov/event-sourcing';
import { CommandCtx, GRPC_STATUS, grpcCommandContext, JsonLogger, Public, Roles, TokenVerifier, type CommandContext, type Principal } from '@gov/platform';
import { assertRegistrar } from '../shared/access';
import type { RegisterImportFormat } from './register-import.parser';
import { CommandBus } from '@nestjs/cqrs';
import { ImportRegisterCommand } from './register-import.handler';
import type { ImportReport } from './register-import.service';
import { ImportReportResponse } from './register-import.responses';

/** One message of the gRPC upload. */
interface ImportChunk {
  readonly format?: string;
  readonly data?: Buffer;
}

/** The raw client-streaming call: its messages (read with flow control) and its metadata. */
interface ImportCall extends AsyncIterable<ImportChunk> {
  readonly metadata: Metadata;
}

type ImportCallback = (error: { code: number; details: string; metadata: Metadata } | null, reply?: ImportReport) => void;

// Media types a file may come as; the generic ones need `?format=`.
const CONTENT_TYPES: ReadonlyMap<string, RegisterImportFormat | null> = new Map([
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['application/x-ndjson', 'jsonl'],
  ['application/jsonl', 'jsonl'],
  ['application/x-jsonlines', 'jsonl'],
  ['text/plain', null],
  ['application/octet-stream', null],
]);

/**
 * Bulk import of an existing register (存量登记簿导入): the body streams through
 * the parser into batched appends, never held whole. Answers with a per-line
 * error report; the good lines are imported.
 */
@ApiTags('register')
@Controller('units')
export class RegisterImportController {
  constructor(
    private readonly commands: CommandBus,
    private readonly verifier: TokenVerifier,
    private readonly logger: JsonLogger,
  ) {}

  @Post('import')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Import an existing register: CSV or JSON lines, streamed; returns a per-line error report' })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'jsonl'], description: 'default: from the content type' })
  @ApiHeader({ name: 'content-type', required: true, description: 'text/csv or application/x-ndjson' })
  @ApiBody({ schema: { type: 'string', example: 'unitNumber,location,areaM2,use,owners,acquisitionDate,originalPriceFen' } })
  @ApiOkResponse({ type: ImportReportResponse })
  importRegister(
    @Req() req: Request,
    @Query('format') format: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @CommandCtx('ImportRegister') ctx: CommandContext,
  ): Promise<ImportReport> {
    assertRegistrar(ctx.principal);
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    // A JSON body would already have been consumed by the JSON parser.
    if (!CONTENT_TYPES.has(mediaType)) throw new UnsupportedMediaTypeException('send the file as text/csv or application/x-ndjson');
    const chosen = format === undefined ? (CONTENT_TYPES.get(mediaType) ?? formatOf('')) : formatOf(format);
    return this.commands.execute(new ImportRegisterCommand(req, chosen, ctx));
  }

  /**
   * A pass-through stream call: the handler reads the call itself, so the
   * upload is pulled as fast as it is imported. (Nest's buffered stream method
   * loses a whole upload that arrives before its async guard has finished, and
   * buffers without limit; so this route authenticates here, not in the guard.)
   */
  @GrpcStreamCall('RealEstateRegistration', 'ImportRegister')
  @Public()
  async importRegisterRpc(call: ImportCall, callback: ImportCallback): Promise<void> {
    try {
      const match = /^Bearer\s+(\S+)$/i.exec(String(call.metadata.get('authorization')[0] ?? ''));
      if (!match) throw new UnauthenticatedError();
      const principal = await this.verifier.verify(match[1]);
      assertRegistrar(principal);
      callback(null, await this.importChunks(call, call.metadata, principal));
    } catch (error) {
      callback(this.grpcError(error));
    }
  }

  private async importChunks(call: AsyncIterable<ImportChunk>, md: Metadata, principal: Principal): Promise<ImportReport> {
    const iterator = call[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) throw ValidationError.field('format', 'the first chunk must name the format');
    const format = formatOf(first.value.format ?? '');
    async function* data(): AsyncGenerator<Buffer> {
      if (first.value.data) yield first.value.data;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) if (next.value.data) yield next.value.data;
    }
    const ctx = grpcCommandContext({ operation: 'ImportRegister', principal, metadata: md, idempotencyKey: undefined, input: { format } });
    return this.commands.execute(new ImportRegisterCommand(data(), format, ctx));
  }

  private grpcError(error: unknown): { code: number; details: string; metadata: Metadata } {
    const metadata = new GrpcMetadata();
    if (error instanceof DomainError) {
      metadata.set('problem-code', error.code);
      if (error instanceof ValidationError) metadata.set('problem-fields', JSON.stringify(error.issues));
      return { code: GRPC_STATUS[error.kind], details: error.message, metadata };
    }
    this.logger.error({ msg: 'grpc register import failed' }, error instanceof Error ? error : undefined);
    return { code: grpcStatus.INTERNAL, details: 'internal error; it has been logged', metadata };
  }
}

function formatOf(value: string): RegisterImportFormat {
  if (value === 'csv' || value === 'jsonl') return value;
  throw ValidationError.field('format', 'must be csv or jsonl');
}
