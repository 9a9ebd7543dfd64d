import { Controller, Get, Headers, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { IncomingMessage } from 'node:http';
import { ValidationError } from '@gov/event-sourcing';
import { Roles, IsUnitNumber, CommandCtx, type CommandContext } from '@gov/platform';
import { assertTaxStaff } from '../shared/access';
import type { ReferencePriceFound } from './reference-price';
import { CommandBus } from '@nestjs/cqrs';
import { ImportReferencePricesCommand } from './reference-price.handler';
import { ReferencePriceStore, type ReferencePriceImportReport } from './reference-price.store';
import { ReferencePriceFoundResponse, ReferencePriceImportResponse } from './reference-price.responses';

export class ImportQuery {
  @IsOptional() @IsIn(['csv', 'jsonl'])
  format?: 'csv' | 'jsonl';
}

export class ReferencePriceParams {
  @IsUnitNumber()
  unitNumber!: string;
}

export class ReferencePriceQuery {
  @IsOptional() @IsString() @Length(1, 100)
  community?: string;
}

/** Which format an upload is in: `?format=` wins, else its content type. */
export function importFormat(query: ImportQuery, contentType: string | undefined): 'csv' | 'jsonl' {
  if (query.format) return query.format;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (['application/x-ndjson', 'application/jsonl', 'application/jsonlines', 'application/x-jsonlines'].includes(type)) return 'jsonl';
  throw ValidationError.field('format', 'send text/csv or application/x-ndjson, or name ?format=csv|jsonl');
}

@ApiTags('reference-prices')
@Controller('reference-prices')
export class ReferencePriceController {
  constructor(
    private readonly commands: CommandBus,
    private readonly prices: ReferencePriceStore,
  ) {}

  @Post('imports')
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Import reference prices (计税参考价) from CSV or JSON lines, streamed; reports each bad line' })
  @ApiConsumes('text/csv', 'application/x-ndjson', 'text/plain')
  @ApiBody({ schema: { type: 'string' } })
  @ApiCreatedResponse({ type: ReferencePriceImportResponse })
  async import(
    @Req() req: IncomingMessage & { body?: unknown },
    @Query() query: ImportQuery,
    @CommandCtx('ImportReferencePrices') ctx: CommandContext,
    @Headers('content-type') contentType?: string,
  ): Promise<ReferencePriceImportReport> {
    assertTaxStaff(ctx.principal);
    // A JSON body was already parsed whole by the platform; imports are streamed text.
    if (req.body !== undefined) throw ValidationError.field('content-type', 'send the file as text/csv or application/x-ndjson, not application/json');
    const format = importFormat(query, contentType);
    // Stopping early (a refused file, an error) must not destroy the socket the answer goes out on.
    const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    return this.commands.execute(new ImportReferencePricesCommand(body, format, ctx));
  }

  @Get(':unitNumber')
  @ApiOperation({ summary: "A unit's reference price (its own, else its community's)" })
  @ApiOkResponse({ type: ReferencePriceFoundResponse })
  get(@Param() params: ReferencePriceParams, @Query() query: ReferencePriceQuery): Promise<ReferencePriceFound> {
    return this.prices.find(params.unitNumber, query.community);
  }
}
