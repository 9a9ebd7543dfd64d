/** Parser of the case lifecycle contract (case-lifecycle.ts), for supervision and any other reader. */
import { array, instant, object, oneOf, optional, parseWith, text, type Schema } from './schema';
import { isCaseLifecycleEvent, type CaseAccepted, type CaseCompleted, type CaseDecided, type CaseLifecycleEvent, type CaseResumed, type CaseStepCompleted, type CaseSuspended } from './case-lifecycle';

const word = text({ min: 1, max: 200, pattern: /\S/, rule: 'must not be blank' });
// An empty catalog version stands for the version in force when the case was accepted.
// The case id's form is each department's own (e.g. `GS-02#1`): any non-blank text.
const ref = { caseId: word, itemCode: word, catalogVersion: text({ max: 64 }), department: word, at: instant };

type DataOf = { readonly [E in CaseLifecycleEvent as E['type']]: E['data'] };

const schemas: { readonly [K in keyof DataOf]: Schema<DataOf[K]> } = {
  CaseAccepted: object<CaseAccepted>({
    ...ref,
    window: optional(text({ max: 100 })),
    toleratedMissing: optional(array(text({ max: 200 }), { max: 100 })),
    applicantIds: optional(array(text({ min: 1, max: 64 }), { max: 100 })),
  }),
  CaseStepCompleted: object<CaseStepCompleted>({ ...ref, step: word, actor: optional(text({ max: 200 })) }),
  CaseSuspended: object<CaseSuspended>({ ...ref, reason: oneOf(['awaiting-materials', 'hearing', 'expert-review', 'inspection', 'other']) }),
  CaseResumed: object<CaseResumed>(ref),
  CaseDecided: object<CaseDecided>({ ...ref, outcome: oneOf(['approved', 'refused']), reason: optional(text({ max: 2000 })) }),
  CaseCompleted: object<CaseCompleted>({ ...ref, outcome: oneOf(['approved', 'refused', 'withdrawn']) }),
};

/**
 * A lifecycle event by its name (the `<Name>` of `gov.<service>.<Name>.v1`),
 * checked against the contract; null for a name that is not a lifecycle event.
 * Throws ContractViolation naming each bad field.
 */
export function parseCaseLifecycleEvent(name: string, data: unknown): CaseLifecycleEvent | null {
  if (!isCaseLifecycleEvent(name)) return null;
  const schema = schemas[name] as Schema<CaseLifecycleEvent['data']>;
  return { type: name, data: parseWith(`lifecycle event ${name}`, schema, data) } as CaseLifecycleEvent;
}

