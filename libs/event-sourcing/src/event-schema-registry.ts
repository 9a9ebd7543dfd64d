import type { DomainEvent } from './decider';

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

interface Registration {
  readonly currentVersion: number;
  /** upcasters[v] turns data of schema version v into version v + 1. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/**
 * Event schema versions and the upcasters that lift stored events to the
 * current shape on read. Stored events are never rewritten.
 */
export class EventSchemaRegistry {
  private readonly registrations = new Map<string, Registration>();

  register(type: string, currentVersion: number, upcasters: Record<number, Upcaster> = {}): this {
    for (let v = 1; v < currentVersion; v++) {
      if (!upcasters[v]) throw new Error(`event ${type}: missing upcaster from schema version ${v} to ${v + 1}`);
    }
    this.registrations.set(type, { currentVersion, upcasters });
    return this;
  }

  currentVersion(type: string): number {
    return this.registrations.get(type)?.currentVersion ?? 1;
  }

  upcast<E extends DomainEvent>(type: string, schemaVersion: number, data: Record<string, unknown>): E['data'] {
    const reg = this.registrations.get(type);
    if (!reg) return data as E['data'];
    if (schemaVersion > reg.currentVersion) {
      throw new Error(`event ${type} has schema version ${schemaVersion}, newer than this code knows (${reg.currentVersion})`);
    }
    let out = data;
    for (let v = schemaVersion; v < reg.currentVersion; v++) out = reg.upcasters[v](out);
    return out as E['data'];
  }
}
