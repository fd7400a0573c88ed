import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../server/context';
import { mount } from '../../server/route';
import * as service from './byproducts.advice.service';
import { getAdvice, getCascade, getClassification, whatIfAdvice, whatIfCascade, whatIfClassification } from './byproducts.contract';

export const byproductsAdviceRoutes: FastifyPluginAsyncZod = async (app) => {
  mount(app, getClassification, async (request) => service.streamClassification(app.db, serviceContext(request), request.params.id));
  mount(app, getAdvice, async (request) => service.streamAdvice(app.db, serviceContext(request), request.params.id, request.query.weights));
  mount(app, getCascade, async (request) => service.streamCascade(app.db, serviceContext(request), request.params.id, request.query.weights));

  // What if: a stream described in JSON, not stored.
  mount(app, whatIfClassification, async (request) => service.whatIfClassification(serviceContext(request), request.body));
  mount(app, whatIfAdvice, async (request) => service.whatIfAdvice(app.db, serviceContext(request), request.body, request.query.weights));
  mount(app, whatIfCascade, async (request) => service.whatIfCascade(app.db, serviceContext(request), request.body, request.query.weights));
};
