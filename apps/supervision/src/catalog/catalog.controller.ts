import { Controller, Get, Param, Query } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '@gov/event-sourcing';
import { Public } from '@gov/platform';
import { toIsoDate, type CatalogEntry, type IsoDate } from '@gov/service-standards';
import { Clock } from '../shared/clock';
import { LookupNotFoundError, withDomainErrors } from '../shared/standards-errors';
import { CatalogRegistry } from './catalog-registry';
import type { CatalogVersionRow } from './catalog.repository';
import { CatalogAtQuery, GetItemRequest, ListCatalogVersionsRequest, ListItemsQuery } from './catalog.dto';
import { CatalogEntriesResponse, CatalogEntryViewResponse, CatalogVersionResponse, CatalogVersionsResponse } from './catalog.responses';

export interface VersionsView {
  /** The version in force today (Asia/Shanghai). */
  readonly inForce: string | null;
  readonly versions: readonly (CatalogVersionRow & { readonly status: 'past' | 'in-force' | 'upcoming' })[];
}

export interface EntriesView {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly items: readonly CatalogEntry[];
}

export interface EntryView {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly entry: CatalogEntry;
}

/** The item catalog as loaded into the database; public information (服务指南), no token needed. */
@ApiTags('catalog')
@Public()
@Controller('catalog')
export class CatalogController {
  constructor(
    private readonly registry: CatalogRegistry,
    private readonly clock: Clock,
  ) {}

  @Get('versions')
  @ApiOperation({ summary: 'Catalog versions with their effective dates' })
  @ApiOkResponse({ type: CatalogVersionsResponse })
  async versions(): Promise<VersionsView> {
    const today = toIsoDate(this.clock.now());
    const versions = await this.registry.repository.versions();
    const inForce = [...versions].reverse().find((v) => v.effectiveFrom <= today)?.version ?? null;
    return {
      inForce,
      versions: versions.map((v) => ({ ...v, status: v.version === inForce ? 'in-force' : v.effectiveFrom > today ? 'upcoming' : 'past' })),
    };
  }

  @Get('versions/:version')
  @ApiOperation({ summary: 'One catalog version' })
  @ApiOkResponse({ type: CatalogVersionResponse })
  async version(@Param('version') version: string): Promise<CatalogVersionRow> {
    const found = await this.registry.repository.version(version);
    if (!found) throw new LookupNotFoundError('catalog-version-not-found', `catalog version ${version} does not exist`, { version });
    return found;
  }

  @Get('items')
  @ApiOperation({ summary: 'Items of a version (by department, parent, kind), the version in force on `at` by default' })
  @ApiOkResponse({ type: CatalogEntriesResponse })
  async items(@Query() query: ListItemsQuery): Promise<EntriesView> {
    const v = await this.resolve(query);
    const items = await this.registry.repository.entries({ version: v.version, department: query.department, parent: query.parent, kind: query.kind });
    return { version: v.version, effectiveFrom: v.effectiveFrom, items };
  }

  @Get('items/:code')
  @ApiOperation({ summary: 'One item (or main item) as a version defines it' })
  @ApiOkResponse({ type: CatalogEntryViewResponse })
  async item(@Param('code') code: string, @Query() query: CatalogAtQuery): Promise<EntryView> {
    const v = await this.resolve(query);
    const entry = await this.registry.repository.entry(v.version, code);
    if (!entry) throw new LookupNotFoundError('catalog-item-not-found', `item ${code} is not in catalog version ${v.version}`, { code, version: v.version });
    return { version: v.version, effectiveFrom: v.effectiveFrom, entry };
  }

  @GrpcMethod('SupervisionService', 'ListCatalogVersions')
  versionsRpc(_request: ListCatalogVersionsRequest): Promise<VersionsView> {
    return this.versions();
  }

  @GrpcMethod('SupervisionService', 'ListItems')
  itemsRpc(request: ListItemsQuery): Promise<EntriesView> {
    return this.items(request);
  }

  @GrpcMethod('SupervisionService', 'GetItem')
  itemRpc(request: GetItemRequest): Promise<EntryView> {
    return this.item(request.code, request);
  }

  private async resolve(query: CatalogAtQuery): Promise<CatalogVersionRow> {
    if (query.at && query.version) throw ValidationError.field('version', 'give either at or version, not both');
    if (query.version) return this.version(query.version);
    const day = withDomainErrors(() => toIsoDate(query.at ?? this.clock.now(), 'at'));
    const found = await this.registry.repository.versionAt(day);
    if (!found) throw new LookupNotFoundError('catalog-not-in-force', `no catalog version is in force on ${day}`, { date: day });
    return found;
  }
}
