#!/usr/bin/env node
// The CLI and the server run from the TypeScript sources through tsx's loader, so
// `npx herbloop` works right after `npm install` with no build step (see docs/architecture.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
