import type { DepartmentEvent, HouseTransferApplication, MaterialInput, Ticket } from './joint-case.types';

export type SubmitHouseTransfer = {
  readonly type: 'SubmitHouseTransfer';
  readonly data: {
    readonly caseId: string;
    readonly ticket: Ticket;
    readonly application: HouseTransferApplication;
    readonly materials: readonly MaterialInput[];
    /** From configuration: the material types this item requires. */
    readonly requiredMaterials: readonly string[];
    readonly clerk: string;
    readonly catalogVersion: string;
    readonly at: string;
    /** The promise: completed within this many minutes of acceptance (60); warning at warnMinutes (45). */
    readonly promiseMinutes: number;
    readonly warnMinutes: number;
    readonly paymentWindowMinutes: number;
  };
};

/** An event of another department about this case, as received from Kafka and parsed against its contract. */
export type RecordDepartmentEvent = {
  readonly type: 'RecordDepartmentEvent';
  readonly data: DepartmentEvent & {
    /** The event's ce_id. */
    readonly eventId: string;
    readonly at: string;
  };
};

export type CaseTimer = 'promise-warning' | 'promise-breach' | 'payment-window';

export type FireTimer = {
  readonly type: 'FireTimer';
  readonly data: { readonly timer: CaseTimer; readonly at: string };
};

export type JointCaseCommand = SubmitHouseTransfer | RecordDepartmentEvent | FireTimer;
