import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * herbloop's top-level commands, in the order `herbloop --help` lists them. Each names the
 * file that registers it, loaded only when the command runs: a command group imports its
 * module's services (and their libraries), and `herbloop --help` or `herbloop balance …` should
 * not pay for all of them. `term` and `description` are what the overview shows without loading
 * the group; test/cli/groups.test.ts checks them against the registered commands.
 */
export interface TopLevelCommand {
  name: string;
  /** As commander prints it in the overview, when it differs from the name. */
  term?: string;
  description: string;
  load: () => Promise<Register>;
}

const byproducts = () => import('./commands/byproducts').then((m) => m.registerByproductsCommands);

export const topLevelCommands: readonly TopLevelCommand[] = [
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'Serve the web app and the API (migrates; loads the demo into an empty database unless --no-demo)',
    load: () => import('./commands/serve').then((m) => m.registerServeCommand),
  },
  { name: 'db', description: 'Database: migrations, backup and restore', load: () => import('./commands/db').then((m) => m.registerDbCommands) },
  { name: 'demo', description: 'The demo data set', load: () => import('./commands/demo').then((m) => m.registerDemoCommands) },
  {
    name: 'region',
    description: 'Administrative regions (GB/T 2260); provinces are built in',
    load: () => import('./commands/region').then((m) => m.registerRegionCommands),
  },
  { name: 'org', description: 'Organisations', load: () => import('./commands/org').then((m) => m.registerOrgCommands) },
  { name: 'user', description: 'Users and their memberships', load: () => import('./commands/user').then((m) => m.registerUserCommands) },
  {
    name: 'delegations',
    description: 'Delegations: one organisation acting for another within scopes (the park for its firms)',
    load: () => import('./commands/delegations').then((m) => m.registerDelegationsCommands),
  },
  {
    name: 'token',
    description: 'API tokens for machines (price feeds, ERP connectors)',
    load: () => import('./commands/token').then((m) => m.registerTokenCommands),
  },
  {
    name: 'accounts',
    description: 'Regional material-flow accounts and resource productivity',
    load: () => import('./commands/accounts').then((m) => m.registerAccountsCommands),
  },
  {
    name: 'balance',
    description: 'Material balances with data reconciliation',
    load: () => import('./commands/balance').then((m) => m.registerBalanceCommands),
  },
  {
    name: 'supply',
    description: 'Supply early warning: herb prices, formula cost Y/P against the price cap, signals, forecasts',
    load: () => import('./commands/supply').then((m) => m.registerSupplyCommands),
  },
  // One file registers these three.
  { name: 'byproducts', description: 'By-product streams: classes, ranked utilisation options, cascades', load: byproducts },
  { name: 'pathways', description: 'The pathway knowledge base (versioned)', load: byproducts },
  {
    name: 'figures',
    term: 'figures [options] <id>',
    description: 'Circularity figures of a firm, park or region for a year or month',
    load: byproducts,
  },
  {
    name: 'exchange',
    description: 'By-product exchange: listings, demands, optimal matching by delivered value, proposals, contracts, auctions, price index',
    load: () => import('./commands/exchange').then((m) => m.registerExchangeCommands),
  },
  {
    name: 'warnings',
    description: 'Warning cases of essential medicines: open from signals and pre-warnings, expert notes, decisions',
    load: () => import('./commands/warnings').then((m) => m.registerWarningsCommands),
  },
  {
    name: 'bulletins',
    description: 'Supply-warning bulletins: drafts, publication (public page, feeds, PDF, signed webhooks), withdrawal',
    load: () => import('./commands/bulletins').then((m) => m.registerBulletinsCommands),
  },
  {
    name: 'manifest',
    description: 'Electronic manifests (联单): custody events, signatures, tamper-evident trail',
    load: () => import('./commands/manifest').then((m) => m.registerManifestCommands),
  },
  {
    name: 'symbiosis',
    description: 'Park symbiosis: network figures, firm-stops cascades, chain gaps, evaluation',
    load: () => import('./commands/symbiosis').then((m) => m.registerSymbiosisCommands),
  },
  {
    name: 'ratings',
    description: 'Credit ratings of participants: grades AAA…C with reasons, suspensions from auctions, appeals',
    load: () => import('./commands/ratings').then((m) => m.registerRatingsCommands),
  },
];

/** The top-level command an argument list runs (`herbloop org list`, `herbloop help org`), if any. */
export function invokedCommand(args: readonly string[]): TopLevelCommand | undefined {
  const [first, second] = args;
  const name = first === 'help' ? second : first;
  return topLevelCommands.find((c) => c.name === name);
}
