import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readImport } from '../../platform/import/index';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import { importRoute, importUpload } from '../../server/upload';
import { attribution, ingredientSeries, ratio, whatIfFormula } from './supply.analysis.service';
import * as contract from './supply.contract';
import { formulaImport } from './supply.formats';
import { forecast } from './supply.forecast.service';
import { formulaDetail, formulaSummaries } from './supply.formulas.service';
import { importFormulaFile, importFormulas } from './supply.import.service';
import { mayImportFormulas } from './supply.policy';
import { presentFormulaDetail, presentFormulaSummary, presentRatioReport } from './supply.presenter';

/** Formulas: lists, imports, and each formula's Y/P analyses. */
export const supplyFormulasRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, contract.listFormulas, async (request) => ({ items: (await formulaSummaries(app.db, serviceContext(request))).map(presentFormulaSummary) }));

  mount(app, contract.saveFormulas, async (request) => {
    const ctx = serviceContext(request);
    return app.db.transaction().execute((trx) => importFormulas(trx, ctx, request.body.formulas, { label: 'api', fieldOf: (i, key) => `body.formulas.${i}.${key}` }));
  });

  mount(
    app,
    contract.importFormulas,
    async (request) => {
      const ctx = serviceContext(request);
      // Read and validated outside the transaction: a slow upload never holds the database.
      const { rows } = await readImport(importUpload(request), formulaImport);
      return app.db.transaction().execute((trx) => importFormulaFile(trx, ctx, rows, request.query.fileName));
    },
    // Checked before the body is read; the service checks each formula's owner in its transaction.
    importRoute({ authorize: mayImportFormulas, message: 'You may not manage these formulas.' }),
  );

  mount(app, contract.getFormula, async (request) => presentFormulaDetail(await formulaDetail(app.db, serviceContext(request), request.params.formula)));

  mount(app, contract.formulaRatio, async (request) => presentRatioReport(await ratio(app.db, serviceContext(request), request.params.formula, request.query)));

  mount(app, contract.formulaIngredients, async (request) => ingredientSeries(app.db, serviceContext(request), request.params.formula, request.query));

  mount(app, contract.formulaAttribution, async (request) => attribution(app.db, serviceContext(request), request.params.formula, request.query.from, request.query.to));

  mount(app, contract.formulaWhatIf, async (request) => whatIfFormula(app.db, serviceContext(request), request.params.formula, request.body));

  mount(app, contract.formulaForecast, async (request) => forecast(app.db, serviceContext(request), request.params.formula, request.query.weeks));
};
