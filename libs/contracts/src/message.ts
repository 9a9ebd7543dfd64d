import { ContractViolation, parseWith, type Schema } from './schema';
import type { MessageVersions } from './versions';

/** One service's messages (commands or events): a schema per name at its current version. */
export interface MessageContract<M> {
  /** The service whose ce_type prefix the messages carry: `gov.<service>.<Name>.v<N>`. */
  readonly service: string;
  readonly schemas: { readonly [K in keyof M]: Schema<M[K]> };
  readonly versions: MessageVersions<Extract<keyof M, string>>;
}

/** A parsed message: its name, the version it came in, and its data lifted to the current version. */
export type ContractMessage<M> = { readonly [K in keyof M]: { readonly type: K; readonly version: number; readonly data: M[K] } }[keyof M];

const CE_TYPE = /^gov\.([a-z0-9-]+)\.([A-Za-z0-9]+)\.v([1-9]\d{0,5})$/;

/**
 * Reads a message of `contract` from its CloudEvents type and JSON data: the
 * type must name one of the contract's messages at a version this reader knows;
 * older versions are lifted with the contract's upcasters; the data must fit
 * the schema. Throws ContractViolation naming each bad field.
 */
export function parseContractMessage<M>(contract: MessageContract<M>, ceType: string, data: unknown): ContractMessage<M> {
  const shown = JSON.stringify(ceType.slice(0, 120));
  const m = CE_TYPE.exec(ceType);
  if (!m || m[1] !== contract.service) throw new ContractViolation(shown, [{ field: 'ce_type', message: `not a gov.${contract.service}.<Name>.v<N> type` }]);
  const name = m[2];
  const version = Number(m[3]);
  if (!Object.prototype.hasOwnProperty.call(contract.schemas, name)) throw new ContractViolation(shown, [{ field: 'ce_type', message: `${name} is not a message of this contract` }]);
  const key = name as Extract<keyof M, string>;
  const versions = contract.versions[key];
  const current = versions?.current ?? 1;
  if (version > current) throw new ContractViolation(shown, [{ field: 'ce_type', message: `version ${version} is newer than this reader knows (${current})` }]);
  let lifted = data;
  if (version < current && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    let d = data as Record<string, unknown>;
    for (let v = version; v < current; v++) {
      const up = versions?.upcasters[v];
      if (!up) throw new ContractViolation(shown, [{ field: 'ce_type', message: `version ${v} can no longer be read` }]);
      d = up(d);
    }
    lifted = d;
  }
  const parsed = parseWith(ceType, contract.schemas[key] as Schema<M[typeof key]>, lifted);
  return { type: key, version, data: parsed } as unknown as ContractMessage<M>;
}
