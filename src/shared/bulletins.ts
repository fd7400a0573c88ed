/** Bulletin enumerations shared by the server's schemas and the web app's editor. */
export const bulletinLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export const bulletinStatuses = ['draft', 'published', 'withdrawn'] as const;
export const recommendationCodes = ['price-subsidy', 'raise-price-cap', 'release-reserves', 'other'] as const;
export const bulletinAudiences = ['authorities', 'media', 'enterprises'] as const;
