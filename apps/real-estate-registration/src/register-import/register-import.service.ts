import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DomainError, ValidationError, type FieldIssue } from '@gov/event-sourcing';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { eventMetadataOf, JsonLogger, type CommandContext } from '@gov/platform';
import { RealEstateConfig } from '../real-estate.config';
import { RealEstateUnitAggregate } from '../register/real-estate-unit.aggregate';
import { realEstateUnitDecider } from '../register/real-estate-unit.decider';
import { unitStreamId, type UnitRegistered } from '../register/real-estate-unit.events';
import { projectRegisteredUnits } from '../register/unit.projection';
import type { RegisterUnit } from '../register/real-estate-unit.commands';
import { parseRegisterImport, type RegisterImportFormat } from './register-import.parser';

export interface ImportLineError {
  readonly line: number;
  /** The first problem of the line. */
  readonly field: string;
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

export interface ImportReport {
  readonly importId: string;
  /** Non-blank lines read, the CSV header not counted. */
  readonly linesRead: number;
  readonly imported: number;
  readonly rejected: number;
  /** Sorted by line; at most IMPORT_MAX_REPORTED_ERRORS of them. */
  readonly errors: readonly ImportLineError[];
  readonly errorsNotShown: number;
}

interface ParsedLine {
  readonly line: number;
  readonly command: RegisterUnit;
}

interface BatchResult {
  readonly imported: number;
  readonly rejected: readonly ImportLineError[];
}

const DEADLOCK = '40P01';
const BATCH_ATTEMPTS = 3;
const initialUnit = realEstateUnitDecider.initialState();

/**
 * Bulk import of an existing register: the file is parsed as it streams in and
 * written in batches (one transaction each, a few in flight while the next is
 * read), so memory holds a few batches, never the file. Bad lines are reported
 * with their numbers and the rest imported; a unit already registered is a bad line.
 */
@Injectable()
export class RegisterImportService {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly config: RealEstateConfig,
    private readonly logger: JsonLogger,
  ) {}

  async import(source: AsyncIterable<string | Uint8Array>, format: RegisterImportFormat, context: CommandContext): Promise<ImportReport> {
    const importId = randomUUID();
    const registeredAt = new Date().toISOString();
    const metadata = { ...eventMetadataOf(context), importId };
    const errors: ImportLineError[] = [];
    let linesRead = 0;
    let imported = 0;
    let rejected = 0;
    const reject = (failure: ImportLineError) => {
      rejected++;
      if (errors.length < this.config.IMPORT_MAX_REPORTED_ERRORS) errors.push(failure);
    };

    const inFlight = new Set<Promise<void>>();
    let failed: unknown;
    const dispatch = async (batch: readonly ParsedLine[]) => {
      while (inFlight.size >= this.config.IMPORT_CONCURRENCY) await Promise.race(inFlight);
      const write: Promise<void> = this.writeBatch(batch, metadata)
        .then((result) => {
          imported += result.imported;
          result.rejected.forEach(reject);
        })
        .catch((error: unknown) => {
          failed ??= error;
        })
        .finally(() => inFlight.delete(write));
      inFlight.add(write);
    };

    let batch: ParsedLine[] = [];
    for await (const result of parseRegisterImport(source, { format, registeredAt })) {
      linesRead++;
      if ('error' in result) {
        reject({ line: result.line, field: result.error.field, message: result.error.message, issues: result.issues });
        continue;
      }
      batch.push(result);
      if (batch.length >= this.config.IMPORT_BATCH_SIZE) {
        await dispatch(batch);
        batch = [];
      }
      if (failed) break;
    }
    if (batch.length > 0 && !failed) await dispatch(batch);
    await Promise.all(inFlight);
    if (failed) throw failed;

    errors.sort((a, b) => a.line - b.line);
    this.logger.info('register import finished', { importId, format, linesRead, imported, rejected });
    return { importId, linesRead, imported, rejected, errors, errorsNotShown: rejected - errors.length };
  }

  private async writeBatch(batch: readonly ParsedLine[], metadata: Record<string, unknown>): Promise<BatchResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction((tx) => this.writeBatchIn(tx, batch, metadata));
      } catch (error) {
        // Two batches naming the same units can still meet; the loser simply runs again.
        if ((error as { code?: string }).code === DEADLOCK && attempt < BATCH_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async writeBatchIn(tx: PoolClient, batch: readonly ParsedLine[], metadata: Record<string, unknown>): Promise<BatchResult> {
    const rejected: ImportLineError[] = [];
    const fresh = new Map<string, { line: number; event: UnitRegistered }>();
    for (const { line, command } of batch) {
      let event: UnitRegistered;
      try {
        [event] = realEstateUnitDecider.decide(command, initialUnit) as UnitRegistered[];
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const issues = error instanceof ValidationError ? error.issues : [{ field: 'line', message: error.message }];
        rejected.push({ line, field: issues[0].field, message: issues[0].message, issues });
        continue;
      }
      const streamId = unitStreamId(event.data.unitNumber);
      if (fresh.has(streamId)) {
        rejected.push(lineError(line, 'unitNumber', `the same unit is on line ${fresh.get(streamId)!.line}`));
        continue;
      }
      fresh.set(streamId, { line, event });
    }
    const started = await this.store.startStreams(
      RealEstateUnitAggregate.name,
      [...fresh].map(([streamId, { event }]) => ({ streamId, type: event.type, data: event.data, metadata })),
      tx,
    );
    const registered: UnitRegistered[] = [];
    for (const [streamId, { line, event }] of fresh) {
      if (started.has(streamId)) registered.push(event);
      else rejected.push(lineError(line, 'unitNumber', 'the unit is already registered'));
    }
    await projectRegisteredUnits(tx, registered);
    return { imported: registered.length, rejected };
  }
}

function lineError(line: number, field: string, message: string): ImportLineError {
  return { line, field, message, issues: [{ field, message }] };
}
