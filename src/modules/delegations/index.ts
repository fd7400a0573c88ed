/**
 * Public entry point of the delegations module: one organisation acting for another. A module
 * resolves "for whom" with `actingFor(trx, viewer, {organisationId, scope})` (or insists on a
 * delegation with `assertDelegated`), stores the returned `delegationId` on what it writes, and
 * shows it with `delegationRefs` / the `delegationRef` schema (docs/architecture.md, "Delegation").
 */
export { actingFor, assertDelegated, delegationRefs, grantorsFor, grantDelegation, listDelegations, revokeDelegation, getDelegation, type ActingFor } from './delegations.service';
export { delegationScopes, type DelegationScope } from './delegations.scopes';
export { delegationRef, delegationScope, type DelegationRef } from './delegations.schema';
export { delegationsPolicy } from './delegations.policy';
export type { DelegationRow } from './delegations.tables';
