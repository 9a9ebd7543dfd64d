import { EventSchemaRegistry } from '@gov/event-sourcing';
import type { MessageVersions } from '@gov/contracts';

/**
 * The event store's schema registry for a service whose published events are
 * contract messages: the contract's versions and upcasters, so a stored event
 * is read (and re-published) at the version the contract now names.
 */
export function eventSchemasOf(...versions: readonly MessageVersions<string>[]): EventSchemaRegistry {
  const registry = new EventSchemaRegistry();
  for (const table of versions) {
    for (const [type, version] of Object.entries(table)) if (version) registry.register(type, version.current, { ...version.upcasters });
  }
  return registry;
}
