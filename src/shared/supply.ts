/** Supply-module enumerations the web app's forms use too (the database checks the same lists). */
export const herbCategories = ['root', 'rhizome', 'fruit', 'seed', 'flower', 'leaf', 'whole-herb', 'bark', 'stem', 'resin', 'fungus', 'animal', 'mineral', 'other'] as const;
export const aliasKinds = ['decoction-piece', 'processed', 'synonym'] as const;
