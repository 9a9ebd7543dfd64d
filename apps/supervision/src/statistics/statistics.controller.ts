import { Controller, Get, Query } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ServiceRuntime } from '@gov/platform';
import { formatShanghai, toInstant, WorkingDayCalendar, type SupervisionStatistics } from '@gov/service-standards';
import { CatalogRegistry } from '../catalog/catalog-registry';
import { Clock } from '../shared/clock';
import { SupervisionConfig } from '../supervision.config';
import { StatisticsQuery } from './statistics.dto';
import { supervisionStatistics } from './statistics.query';
import { StatisticsResponse } from './statistics.responses';

export interface StatisticsView extends Omit<SupervisionStatistics, 'asOf'> {
  readonly period: { readonly from: string; readonly to: string };
  readonly filters: { readonly department: string | null; readonly itemCode: string | null };
  readonly asOf: string;
}

@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly registry: CatalogRegistry,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly config: SupervisionConfig,
  ) {}

  @Get()
  @Roles('supervisor', 'clerk')
  @ApiOperation({
    summary:
      'Figures for the cases accepted in a period, for the whole center, per department and per item: average review steps, average completion in working days, early-completion and on-time rates, share of immediate items, compression of promised against legal limits',
  })
  @ApiOkResponse({ type: StatisticsResponse })
  async statistics(@Query() query: StatisticsQuery): Promise<StatisticsView> {
    const asOf = query.asOf ? toInstant(query.asOf) : this.clock.now();
    const stats = await supervisionStatistics(
      this.runtime.pool,
      { from: query.from, to: query.to, department: query.department, itemCode: query.itemCode, asOf },
      { catalog: this.registry.catalog, calendar: this.calendar, maxCases: this.config.STATISTICS_MAX_CASES },
    );
    return {
      period: { from: query.from, to: query.to },
      filters: { department: query.department ?? null, itemCode: query.itemCode ?? null },
      ...stats,
      asOf: formatShanghai(stats.asOf),
    };
  }

  @GrpcMethod('SupervisionService', 'GetStatistics')
  @Roles('supervisor', 'clerk')
  statisticsRpc(request: StatisticsQuery): Promise<StatisticsView> {
    return this.statistics(request);
  }
}
