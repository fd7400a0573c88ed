import { defineRoute } from '../../shared/contract';
import { homeView } from './home.schema';

export const getHome = defineRoute({
  method: 'GET',
  path: '/api/v1/home',
  summary: 'The home page: what needs the caller today, as sections for its organisation type (its own organisation, region and park)',
  tags: ['home'],
  responses: { 200: homeView },
});
