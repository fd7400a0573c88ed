import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicContext, serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { readImport } from '../../platform/import/index';
import { importRoute, importUpload } from '../../server/upload';
import * as contract from './accounts.contract';
import * as catalogue from './accounts.catalogue.service';
import * as findings from './accounts.findings.service';
import { accountsImport, importAccountsFile } from './accounts.import.service';
import { mayImportAccounts } from './accounts.policy';
import { presentFinding, presentFindingUpdate, presentRegion } from './accounts.presenter';
import * as service from './accounts.service';

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.getCatalogue, async (request) => ({ items: await catalogue.resourceCatalogue(app.db, publicContext(request)) }));

  mount(app, contract.createResourceKind, async (request, reply) => {
    const ctx = serviceContext(request);
    return reply.code(201).send(await app.db.transaction().execute((trx) => catalogue.createResourceKind(trx, ctx, request.body)));
  });

  mount(app, contract.updateResourceKind, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => catalogue.updateResourceKind(trx, ctx, request.params.code, request.body));
  });

  mount(app, contract.deleteResourceKind, async (request, reply) => {
    const ctx = serviceContext(request);
    await app.db.transaction().execute((trx) => catalogue.deleteResourceKind(trx, ctx, request.params.code));
    return reply.code(204).send(null);
  });

  mount(app, contract.listAccountRegions, async (request) => ({ items: (await service.regionsWithAccounts(app.db, publicContext(request))).map(presentRegion) }));

  mount(
    app,
    contract.importAccounts,
    async (request, reply) => {
      const ctx = serviceContext(request);
      // Read and validated outside the transaction: a slow upload never holds the database.
      const table = await readImport(importUpload(request), accountsImport);
      const outcome = await app.db.transaction().execute((trx) => importAccountsFile(trx, ctx, { name: request.query.fileName, ...table }));
      return reply.code(201).send(outcome);
    },
    importRoute({ authorize: mayImportAccounts, message: 'Only statistics offices and platform administrators import regional accounts.' }),
  );

  mount(app, contract.getIndicators, async (request) =>
    service.regionIndicators(app.db, publicContext(request), request.query.region, { from: request.query.from, to: request.query.to }, request.query.basis, 'query.region'),
  );

  mount(app, contract.getChange, async (request) =>
    service.regionChange(app.db, publicContext(request), request.query.region, request.query.from, request.query.to, request.query.basis, 'query.region'),
  );

  mount(app, contract.projectScenarios, async (request) => service.requestedScenarios(app.db, serviceContext(request), request.body));

  mount(app, contract.listFindings, async (request) => ({ items: (await findings.listFindings(app.db, serviceContext(request), request.query)).map(presentFinding) }));

  mount(app, contract.updateFinding, async (request) => {
    const ctx = serviceContext(request);
    return presentFindingUpdate(await app.db.transaction().execute((trx) => findings.updateFinding(trx, ctx, request.params.id, request.body)));
  });
};
