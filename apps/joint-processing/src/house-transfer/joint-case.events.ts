import type { DepartmentCommand, HouseTransferApplication, MaterialInput, Ticket, Department } from './joint-case.types';

export type HouseTransferAccepted = {
  readonly type: 'HouseTransferAccepted';
  readonly data: {
    readonly caseId: string;
    readonly ticket: Ticket;
    readonly application: HouseTransferApplication;
    readonly materials: readonly MaterialInput[];
    readonly clerk: string;
    readonly catalogVersion: string;
    readonly acceptedAt: string;
    readonly warnAt: string;
    readonly deadlineAt: string;
    readonly paymentDueAt: string;
  };
};

/** A command to a department, published by the relay on that department's commands topic. */
export type DepartmentCommandSent = { readonly type: 'DepartmentCommandSent'; readonly data: DepartmentCommand & { readonly sentAt: string } };

export type PropertyLocked = { readonly type: 'PropertyLocked'; readonly data: { readonly transferId: string; readonly at: string } };
export type TaxesAssessed = {
  readonly type: 'TaxesAssessed';
  readonly data: {
    readonly assessmentId: string;
    /** Tax's order to pay totalFen; null when nothing is due. Absent on events recorded before it was kept. */
    readonly paymentOrderId?: string | null;
    readonly totalFen: number;
    readonly sellerFen: number;
    readonly buyerFen: number;
    readonly at: string;
  };
};
/** Null bank transaction: nothing was due, tax cleared at once. */
export type PaymentReceived = { readonly type: 'PaymentReceived'; readonly data: { readonly bankTransactionId: string | null; readonly paidFen: number; readonly at: string } };
export type ClearanceRecordedByRegistry = { readonly type: 'ClearanceRecordedByRegistry'; readonly data: { readonly at: string } };
export type OwnershipRegistered = { readonly type: 'OwnershipRegistered'; readonly data: { readonly at: string } };
export type CertificateIssued = { readonly type: 'CertificateIssued'; readonly data: { readonly certificateNumber: string; readonly at: string } };
export type HouseTransferCompleted = { readonly type: 'HouseTransferCompleted'; readonly data: { readonly at: string; readonly elapsedSeconds: number; readonly withinPromise: boolean } };

export type DepartmentRefused = {
  readonly type: 'DepartmentRefused';
  readonly data: { readonly department: Department; readonly code: string; readonly reason: string; readonly at: string };
};
export type PaymentWindowExpired = { readonly type: 'PaymentWindowExpired'; readonly data: { readonly at: string } };
export type HouseTransferRejected = {
  readonly type: 'HouseTransferRejected';
  readonly data: { readonly department: Department | 'joint-window'; readonly code: string; readonly reason: string; readonly at: string };
};
export type CompensationConfirmed = {
  readonly type: 'CompensationConfirmed';
  readonly data: { readonly step: CompensationStep; readonly at: string };
};
export type PromiseWarningRaised = { readonly type: 'PromiseWarningRaised'; readonly data: { readonly at: string; readonly deadlineAt: string } };
export type PromiseBreached = { readonly type: 'PromiseBreached'; readonly data: { readonly at: string; readonly deadlineAt: string } };

export type CompensationStep = 'unlock-unit' | 'cancel-assessment' | 'refund';

export type JointCaseEvent =
  | HouseTransferAccepted
  | DepartmentCommandSent
  | PropertyLocked
  | TaxesAssessed
  | PaymentReceived
  | ClearanceRecordedByRegistry
  | OwnershipRegistered
  | CertificateIssued
  | HouseTransferCompleted
  | DepartmentRefused
  | PaymentWindowExpired
  | HouseTransferRejected
  | CompensationConfirmed
  | PromiseWarningRaised
  | PromiseBreached;
