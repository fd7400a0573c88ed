/** Public entry point of the tokens module (see docs/architecture.md, "Module boundaries"). */
export { findTokenByPrefix } from './tokens.repository';
export { tokenRoutes } from './tokens.routes';
export { createApiToken, listTokens, revokeApiToken } from './tokens.service';
export { presentToken } from './tokens.presenter';
export { apiTokenPolicy } from './tokens.policy';
