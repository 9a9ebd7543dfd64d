import type { Principal } from './principal';

/** The verified caller of a gRPC call, keyed by the call's metadata object. */
export const rpcPrincipals = new WeakMap<object, Principal>();
