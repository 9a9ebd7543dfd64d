import type { IsoDate } from '../calendar/shanghai-time';
import type { ServiceDays, TimeLimit } from '../calendar/time-limit';

/**
 * SIMPLE: accept → decide (申请受理、审查决定); GENERAL: accept → review →
 * approve (一审一核); MAJOR: the item's own steps.
 */
export type ProcessType = 'SIMPLE' | 'GENERAL' | 'MAJOR';

/**
 * fully-online: 足不出户, handled online end to end; tolerated-missing: accepted
 * online with minor materials missing (容缺), supplied at collection;
 * online-pre-review: reviewed online in advance, result pushed (网上预审).
 */
export type OnlineLevel = 'fully-online' | 'tolerated-missing' | 'online-pre-review';

/** 行政许可, 行政确认, 行政征收, 公共服务, other powers. */
export type ItemType = 'licensing' | 'confirmation' | 'collection' | 'public-service' | 'other';

/** key: no acceptance without it; tolerable-missing: may follow after acceptance (容缺). */
export type MaterialRequirement = 'key' | 'tolerable-missing';

export interface Material {
  readonly name: string;
  readonly requirement: MaterialRequirement;
}

export interface ProcessStep {
  readonly code: string;
  readonly name: string;
}

export interface WindowAssignment {
  readonly category: string;
  readonly numbers: readonly number[];
}

export interface Department {
  readonly code: string;
  readonly name: string;
}

/** A main item (大项): groups sub-items, handles no case itself. */
export interface ItemGroup {
  readonly kind: 'group';
  readonly code: string;
  readonly department: string;
  readonly name: string;
}

/** An item cases are opened against: a sub-item (子项) or a stand-alone item. */
export interface ServiceItem {
  readonly kind: 'item';
  readonly code: string;
  readonly department: string;
  readonly name: string;
  /** The main item this sub-item belongs to. */
  readonly parent: string | null;
  readonly itemType: ItemType;
  readonly processType: ProcessType;
  /** Starts with `accept`; the steps after it are the review steps. */
  readonly steps: readonly ProcessStep[];
  /** Null where no statute sets a limit. */
  readonly legalLimit: TimeLimit | null;
  readonly legalBasis: string | null;
  /** The center's promise (承诺时限), never above the legal limit. */
  readonly promisedLimit: TimeLimit;
  /** Completed at acceptance (马上办结 / 即办件). */
  readonly immediate: boolean;
  readonly onlineLevel: OnlineLevel;
  readonly materials: readonly Material[];
  readonly windows: readonly WindowAssignment[];
  readonly serviceDays: ServiceDays;
  /** Joint items (联办): the items handled together under one application. */
  readonly components: readonly string[];
}

export type CatalogEntry = ItemGroup | ServiceItem;

export const PROCESS_TYPES: readonly ProcessType[] = ['SIMPLE', 'GENERAL', 'MAJOR'];
export const ONLINE_LEVELS: readonly OnlineLevel[] = ['fully-online', 'tolerated-missing', 'online-pre-review'];
export const ITEM_TYPES: readonly ItemType[] = ['licensing', 'confirmation', 'collection', 'public-service', 'other'];
export const MATERIAL_REQUIREMENTS: readonly MaterialRequirement[] = ['key', 'tolerable-missing'];

/** The fixed steps of the two standard processes (the article's two-step and 一审一核 flows). */
export const STANDARD_STEPS: Readonly<Record<'SIMPLE' | 'GENERAL', readonly ProcessStep[]>> = {
  SIMPLE: [
    { code: 'accept', name: '申请受理' },
    { code: 'decide', name: '审查决定' },
  ],
  GENERAL: [
    { code: 'accept', name: '受理' },
    { code: 'review', name: '审查' },
    { code: 'approve', name: '核准' },
  ],
};

/** Review steps of an item: its steps after acceptance. */
export function reviewStepCount(item: ServiceItem): number {
  return item.steps.length - 1;
}

/** A catalog version as written in `data/catalog/<version>.json`. */
export interface CatalogVersionData {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly title: string | null;
  readonly notes: readonly string[];
  readonly departments: readonly Department[];
  readonly entries: readonly CatalogEntry[];
}
