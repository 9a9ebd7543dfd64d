/**
 * Schema versions of contract messages. A message type starts at version 1;
 * a change a reader must know of (a field added as required) raises it, and an
 * upcaster lifts each older version to the next. Readers (contract parsers)
 * and the producing service's event store (EventSchemaRegistry) apply the
 * same upcasters, so an old stored event and an old message on a topic read
 * alike.
 */

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export interface MessageVersion {
  readonly current: number;
  /** upcasters[v] turns data of version v into version v + 1. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

export type MessageVersions<Name extends string> = Partial<Readonly<Record<Name, MessageVersion>>>;

/** Version 1 → 2 of a message that gained `caseId`: older senders named no case. */
export const addNullCaseId: Upcaster = (data) => ('caseId' in data ? data : { ...data, caseId: null });
