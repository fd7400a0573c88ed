/**
 * Public entry point of the ratings module (credit ratings of participants, issue 13): what the
 * exchange's bid path, the CLI, the demo loader and the server may use. The pure engine and the
 * published method are in `engine/` (README.md).
 */
export { ratingsRoutes } from './ratings.routes';
export { ratingsJob } from './ratings.job';
export { computeRatings, type ComputeOptions, type ComputeOutcome } from './ratings.compute.service';
export { appealRating, currentGrades, decideRatingAppeal, isSuspended, latestScore, listRatings, ratingMethod, recordDispute, recordFinding, showRating } from './ratings.service';
export { ratingsAudience, ratingsPolicy } from './ratings.policy';
export { ratingsSettings, type RatingsSettings } from './ratings.config';
export type { RatingDetailView, RatingSummaryView, MethodView } from './ratings.schema';
