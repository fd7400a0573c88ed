import {
  AlertOutlined,
  ApiOutlined,
  AppstoreOutlined,
  ApartmentOutlined,
  AreaChartOutlined,
  AuditOutlined,
  BellOutlined,
  DatabaseOutlined,
  EditOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  InboxOutlined,
  LineChartOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  StockOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { QueryClient } from '@tanstack/react-query';
import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import type { Capability, Me, OrganisationType } from './api/types';

/**
 * The one navigation registry. Each module adds its pages here; the side menu, the routes and
 * the route guard are all derived from it, so a page is never reachable from a URL when it is
 * hidden from the menu. Visibility follows the capabilities the server computes from its
 * policies (`/auth/me`), never a restated rule — and the API still decides every request.
 */
/** The task groups of the side menu, in their default order. */
export const navGroupKeys = ['byproducts', 'exchange', 'supply', 'warnings', 'statistics', 'admin'] as const;
export type NavGroupKey = (typeof navGroupKeys)[number];

export interface NavGroup {
  key: NavGroupKey;
  /** i18n key of the group's title. */
  labelKey: string;
  icon: ComponentType;
  /** Listed first (right after Home) and open by default for these organisation types: their main work. */
  promoteFor: readonly OrganisationType[];
}

export const navGroups: readonly NavGroup[] = [
  { key: 'byproducts', labelKey: 'nav.groups.byproducts', icon: InboxOutlined, promoteFor: ['manufacturer', 'park-admin', 'regulator', 'utilizer', 'transporter', 'service-provider'] },
  { key: 'exchange', labelKey: 'exchange.nav.group', icon: ShopOutlined, promoteFor: ['utilizer', 'service-provider'] },
  { key: 'supply', labelKey: 'nav.groups.supply', icon: StockOutlined, promoteFor: ['supply-monitor'] },
  { key: 'warnings', labelKey: 'nav.groups.warnings', icon: BellOutlined, promoteFor: ['supply-monitor'] },
  { key: 'statistics', labelKey: 'nav.groups.statistics', icon: LineChartOutlined, promoteFor: ['statistics-office'] },
  { key: 'admin', labelKey: 'nav.groups.admin', icon: TeamOutlined, promoteFor: ['platform-admin'] },
];

export interface NavEntry {
  key: string;
  /** Route path, also the menu link. */
  path: string;
  /** i18n key of the menu label and page title. */
  labelKey: string;
  icon: ComponentType;
  /** Visible when the viewer has at least one of these capabilities; omitted: everyone logged in. */
  audience?: readonly Capability[];
  /** The task group it is listed in; none: the home page, listed on its own at the top. */
  group?: NavGroupKey;
  /** A detail page: the key of the list it is reached from (with an id in the URL); routed, never in the menu. */
  detailOf?: string;
  page: LazyExoticComponent<ComponentType>;
  /** Opened by its URL: starts what the page's first view waits for at app start, with the session check. */
  prefetch?: (queryClient: QueryClient) => void;
}

/** The product page's module, also with the prefetch of its first chart (one import site, one chunk list). */
const productRoute = () => import('./pages/supply/productRoute');

/** Who sees the exchange's proposals and contracts: the parties and those who oversee them. */
const EXCHANGE_PARTIES: readonly Capability[] = ['tradeExchange', 'matchExchange', 'readStreams'];

/** The exchange's pages from one table: key `exchange-<name>`, path `/exchange/<name>`, group exchange. */
function exchangePages(pages: readonly (Pick<NavEntry, 'labelKey' | 'icon' | 'audience' | 'page'> & { name: string; detailOf?: string })[]): NavEntry[] {
  return pages.map(({ name, detailOf, ...rest }) => ({ ...rest, key: `exchange-${name}`, group: 'exchange', path: `/exchange/${name}`, ...(detailOf ? { detailOf: `exchange-${detailOf}` } : {}) }));
}

export const navEntries: readonly NavEntry[] = [
  {
    key: 'home',
    path: '/',
    labelKey: 'nav.groups.home',
    icon: HomeOutlined,
    page: lazy(() => import('./pages/home/HomePage')),
  },
  {
    key: 'organisation-admin',
    group: 'admin',
    path: '/admin/organisation',
    labelKey: 'nav.orgAdmin',
    icon: TeamOutlined,
    audience: ['manageMembers'],
    page: lazy(() => import('./pages/org-admin/OrgAdminPage')),
  },
  {
    key: 'delegations',
    group: 'admin',
    path: '/delegations',
    labelKey: 'delegations.title',
    icon: SafetyCertificateOutlined,
    audience: ['manageDelegations'],
    page: lazy(() => import('./pages/delegations/DelegationsPage')),
  },
  {
    // Reached from the bell in the header, not from the menu.
    key: 'notifications',
    detailOf: 'home',
    path: '/notifications',
    labelKey: 'notifications.title',
    icon: NotificationOutlined,
    page: lazy(() => import('./pages/notifications/InboxPage')),
  },
  {
    key: 'directory',
    group: 'admin',
    path: '/organisations',
    labelKey: 'nav.directory',
    icon: ShopOutlined,
    page: lazy(() => import('./pages/directory/DirectoryPage')),
  },
  {
    key: 'audit',
    group: 'admin',
    path: '/audit',
    labelKey: 'nav.audit',
    icon: AuditOutlined,
    audience: ['readAudit'],
    page: lazy(() => import('./pages/audit/AuditPage')),
  },
  // Material-flow accounts (issue 5): published regional statistics for everyone logged in.
  {
    key: 'accounts-region',
    group: 'statistics',
    path: '/accounts/region',
    labelKey: 'accounts.nav.region',
    icon: LineChartOutlined,
    page: lazy(() => import('./pages/accounts/RegionDashboardPage')),
  },
  {
    key: 'accounts-scenarios',
    group: 'statistics',
    path: '/accounts/scenarios',
    labelKey: 'accounts.nav.scenarios',
    icon: FundProjectionScreenOutlined,
    audience: ['runScenarios'],
    page: lazy(() => import('./pages/accounts/ScenariosPage')),
  },
  {
    key: 'accounts-findings',
    group: 'statistics',
    path: '/accounts/findings',
    labelKey: 'accounts.nav.findings',
    icon: SafetyCertificateOutlined,
    audience: ['readFindings'],
    page: lazy(() => import('./pages/accounts/FindingsPage')),
  },
  {
    key: 'accounts-catalogue',
    group: 'statistics',
    path: '/accounts/catalogue',
    labelKey: 'accounts.nav.catalogue',
    icon: DatabaseOutlined,
    audience: ['openAccountsCatalogue'],
    page: lazy(() => import('./pages/accounts/CataloguePage')),
  },
  {
    key: 'reporting',
    group: 'statistics',
    path: '/reporting',
    labelKey: 'accounts.nav.reporting',
    icon: FileDoneOutlined,
    // Reporting firms fill, the statistics office reviews.
    audience: ['fileReports', 'superviseReports'],
    page: lazy(() => import('./pages/accounts/ReportingPage')),
  },
  // Supply early warning for essential Chinese medicines (issue 3). The API lets every logged-in
  // actor read herb prices and the index; formulas owned by a manufacturer are its own (the
  // server filters), so the cost pages go to monitors, manufacturers, regulators and admins.
  {
    key: 'supply-products',
    group: 'supply',
    path: '/supply/products',
    labelKey: 'supply.nav.products',
    icon: AlertOutlined,
    audience: ['readSupplyCosts'],
    page: lazy(() => import('./pages/supply/ProductListPage')),
  },
  {
    key: 'supply-product',
    group: 'supply',
    detailOf: 'supply-products',
    path: '/supply/product',
    labelKey: 'supply.nav.product',
    icon: AreaChartOutlined,
    audience: ['readSupplyCosts'],
    page: lazy(productRoute),
    prefetch: (queryClient) => void productRoute().then((m) => m.prefetch(queryClient)),
  },
  {
    key: 'supply-herbs',
    group: 'supply',
    path: '/supply/herbs',
    labelKey: 'supply.nav.herbs',
    icon: ExperimentOutlined,
    page: lazy(() => import('./pages/supply/HerbPage')),
  },
  {
    key: 'supply-index',
    group: 'supply',
    path: '/supply/index',
    labelKey: 'supply.nav.index',
    icon: StockOutlined,
    page: lazy(() => import('./pages/supply/PriceIndexPage')),
  },
  {
    key: 'supply-catalog',
    group: 'supply',
    path: '/supply/catalog',
    labelKey: 'supply.nav.catalog',
    icon: DatabaseOutlined,
    audience: ['manageCatalog'],
    page: lazy(() => import('./pages/supply/CatalogPage')),
  },
  // Warning cases (issue 3 stages 3–4): the monitors' inbox and case pages. warningsPolicy also lets
  // manufacturers and regulators read the cases of their own formulas through the API.
  {
    key: 'warnings-inbox',
    group: 'warnings',
    path: '/warnings',
    labelKey: 'warnings.nav.inbox',
    icon: BellOutlined,
    audience: ['readAllWarnings'],
    page: lazy(() => import('./pages/warnings/InboxPage')),
  },
  {
    key: 'warnings-case',
    group: 'warnings',
    detailOf: 'warnings-inbox',
    path: '/warnings/case',
    labelKey: 'warnings.nav.case',
    icon: WarningOutlined,
    audience: ['readAllWarnings'],
    page: lazy(() => import('./pages/warnings/CasePage')),
  },
  // Bulletins (issue 3, stage 4). bulletinsPolicy: supply monitors and platform admins write
  // drafts, publish, withdraw and manage webhook subscribers; published bulletins are public
  // (/public/bulletins, outside the login, see routes.tsx).
  {
    key: 'bulletins',
    group: 'warnings',
    path: '/bulletins',
    labelKey: 'bulletins.nav.list',
    icon: NotificationOutlined,
    audience: ['readBulletinDrafts'],
    page: lazy(() => import('./pages/bulletins/BulletinListPage')),
  },
  {
    key: 'bulletins-editor',
    group: 'warnings',
    detailOf: 'bulletins',
    path: '/bulletins/new',
    labelKey: 'bulletins.nav.editor',
    icon: EditOutlined,
    audience: ['readBulletinDrafts'],
    page: lazy(() => import('./pages/bulletins/BulletinEditorPage')),
  },
  {
    key: 'bulletins-subscribers',
    group: 'warnings',
    path: '/bulletins/subscribers',
    labelKey: 'bulletins.nav.subscribers',
    icon: ApiOutlined,
    audience: ['readBulletinDrafts'],
    page: lazy(() => import('./pages/bulletins/SubscribersPage')),
  },
  // The by-product exchange (issue 12): every logged-in user sees the market and the auctions;
  // proposals and contracts are the parties' and their overseers' (exchangePolicy). Bidding is
  // decided per auction by the API (`you.mayBid`); the price index is public (also without login).
  ...exchangePages([
    { name: 'market', labelKey: 'exchange.nav.market', icon: ShopOutlined, audience: ['useExchange'], page: lazy(() => import('./pages/exchange/MarketPage')) },
    { name: 'proposals', labelKey: 'exchange.nav.proposals', icon: NodeIndexOutlined, audience: EXCHANGE_PARTIES, page: lazy(() => import('./pages/exchange/ProposalsPage')) },
    { name: 'contracts', labelKey: 'exchange.nav.contracts', icon: FileDoneOutlined, audience: EXCHANGE_PARTIES, page: lazy(() => import('./pages/exchange/ContractsPage')) },
    { name: 'contract', detailOf: 'contracts', labelKey: 'exchange.nav.contract', icon: FileDoneOutlined, audience: EXCHANGE_PARTIES, page: lazy(() => import('./pages/exchange/ContractPage')) },
    { name: 'auctions', labelKey: 'exchangeAuction.nav.auctions', icon: FundProjectionScreenOutlined, audience: ['useExchange'], page: lazy(() => import('./pages/exchange/AuctionsPage')) },
    { name: 'auction', detailOf: 'auctions', labelKey: 'exchangeAuction.nav.auction', icon: FundProjectionScreenOutlined, audience: ['useExchange'], page: lazy(() => import('./pages/exchange/AuctionPage')) },
    { name: 'index', labelKey: 'exchangeAuction.nav.index', icon: AreaChartOutlined, page: lazy(() => import('./pages/exchange/PriceIndexPage')) },
  ]),
  // Credit ratings (issue 13): the list for regulators and admins, each firm's own page, any firm's grade.
  { key: 'ratings', group: 'exchange', path: '/ratings', labelKey: 'ratings.nav.list', icon: SafetyCertificateOutlined, audience: ['overseeRatings'], page: lazy(() => import('./pages/ratings/RatingsListPage')) },
  { key: 'ratings-mine', group: 'exchange', path: '/ratings/mine', labelKey: 'ratings.nav.mine', icon: SafetyCertificateOutlined, audience: ['ownRating'], page: lazy(() => import('./pages/ratings/RatingPage')) },
  { key: 'rating', group: 'exchange', detailOf: 'ratings', path: '/ratings/:organisationId', labelKey: 'ratings.nav.one', icon: SafetyCertificateOutlined, page: lazy(() => import('./pages/ratings/RatingPage')) },
  // By-product streams and the recycling advisor (issue 4). byproductsPolicy: a firm reads and
  // writes its own streams, the park administration its park's, regulators of the region read;
  // the pathway knowledge base is public, park and region figures are public aggregates.
  {
    key: 'byproducts-streams',
    group: 'byproducts',
    path: '/byproducts/streams',
    labelKey: 'byproducts.nav.streams',
    icon: InboxOutlined,
    audience: ['readStreams'],
    page: lazy(() => import('./pages/byproducts/StreamsPage')),
  },
  {
    key: 'byproducts-advisor',
    group: 'byproducts',
    detailOf: 'byproducts-streams',
    path: '/byproducts/stream',
    labelKey: 'byproducts.nav.advisor',
    icon: ApartmentOutlined,
    audience: ['readStreams'],
    page: lazy(() => import('./pages/byproducts/StreamPage')),
  },
  {
    key: 'byproducts-dashboard',
    group: 'byproducts',
    path: '/byproducts/circularity',
    labelKey: 'byproducts.nav.dashboard',
    icon: PieChartOutlined,
    audience: ['readStreams'],
    page: lazy(() => import('./pages/byproducts/CircularityPage')),
  },
  {
    key: 'byproducts-pathways',
    group: 'byproducts',
    path: '/byproducts/pathways',
    labelKey: 'byproducts.nav.pathways',
    icon: AppstoreOutlined,
    page: lazy(() => import('./pages/byproducts/PathwaysPage')),
  },
  // Electronic manifests (issue 13): the parties' firms, regulators of the region, platform admins (manifestsPolicy.read).
  {
    key: 'manifests',
    group: 'byproducts',
    path: '/manifests',
    labelKey: 'manifests.nav.list',
    icon: FileDoneOutlined,
    audience: ['readManifests'],
    page: lazy(() => import('./pages/manifests/pages').then((m) => ({ default: m.ManifestsPage }))),
  },
  {
    key: 'manifests-new',
    group: 'byproducts',
    detailOf: 'manifests',
    path: '/manifests/new',
    labelKey: 'manifests.nav.create',
    icon: FileDoneOutlined,
    audience: ['createManifests'],
    page: lazy(() => import('./pages/manifests/pages').then((m) => ({ default: m.CreateManifestPage }))),
  },
  {
    key: 'manifest',
    group: 'byproducts',
    detailOf: 'manifests',
    path: '/manifests/:id',
    labelKey: 'manifests.nav.one',
    icon: FileDoneOutlined,
    audience: ['readManifests'],
    page: lazy(() => import('./pages/manifests/pages').then((m) => ({ default: m.ManifestPage }))),
  },
  // The plant's material balance: the manufacturer keeps it, regulators of its region read it.
  {
    key: 'balance',
    group: 'byproducts',
    path: '/balance',
    labelKey: 'accounts.nav.balance',
    icon: NodeIndexOutlined,
    // The manufacturer edits its own, regulators of its region read.
    audience: ['keepBalances', 'overseeBalances'],
    page: lazy(() => import('./pages/accounts/BalancePage')),
  },
  // Park symbiosis (issue 14): the park administration, regulators, platform admins and firms in a park (symbiosisPolicy.seePage).
  {
    key: 'symbiosis',
    group: 'byproducts',
    path: '/symbiosis',
    labelKey: 'symbiosis.nav',
    icon: ApartmentOutlined,
    audience: ['readSymbiosis'],
    page: lazy(() => import('./pages/symbiosis/SymbiosisPage')),
  },
  // Indicator systems of the evaluation (issue 14): for those who enter values (and read what they enter against) and platform admins, who publish new versions.
  {
    key: 'symbiosis-indicators',
    group: 'byproducts',
    path: '/symbiosis/indicators',
    labelKey: 'symbiosis.admin.nav',
    icon: FileDoneOutlined,
    audience: ['editIndicatorSystems', 'enterParkIndicatorValues', 'enterRegionIndicatorValues'],
    page: lazy(() => import('./pages/symbiosis/IndicatorSystemsPage')),
  },
  // The values offices enter where the platform has no data: park administrations, regulators, statistics offices, platform admins.
  {
    key: 'symbiosis-values',
    group: 'byproducts',
    path: '/symbiosis/values',
    labelKey: 'symbiosis.values.nav',
    icon: EditOutlined,
    audience: ['enterParkIndicatorValues', 'enterRegionIndicatorValues'],
    page: lazy(() => import('./pages/symbiosis/IndicatorValuesPage')),
  },
  // The regulators' queue and monthly figures of manifests (issue 13), and a manifest's versions.
  {
    key: 'manifests-queue',
    group: 'byproducts',
    path: '/manifests/queue',
    labelKey: 'manifestRegulation.nav.queue',
    icon: AuditOutlined,
    audience: ['readManifestQueue'],
    page: lazy(() => import('./pages/manifests/QueuePage')),
  },
  // The law manifests follow (issue 13): cross-province hazardous transfer approvals, the duties per waste class.
  {
    key: 'manifests-transfers',
    group: 'byproducts',
    path: '/manifests/approvals',
    labelKey: 'manifestLaw.nav.transfers',
    icon: SafetyCertificateOutlined,
    audience: ['readTransferApprovals'],
    page: lazy(() => import('./pages/manifests/TransfersPage')),
  },
  {
    key: 'manifests-duties',
    group: 'byproducts',
    path: '/manifests/duties',
    labelKey: 'manifestLaw.nav.duties',
    icon: SafetyCertificateOutlined,
    audience: ['manageManifestDuties'],
    page: lazy(() => import('./pages/manifests/DutiesPage')),
  },
  {
    // Parties and regulators alike: the API decides who reads a manifest.
    key: 'manifests-revisions',
    group: 'byproducts',
    detailOf: 'manifests-queue',
    path: '/manifests/:id/revisions',
    labelKey: 'manifestRegulation.nav.revisions',
    icon: FileDoneOutlined,
    page: lazy(() => import('./pages/manifests/RevisionsPage')),
  },
];

export function isVisibleTo(entry: NavEntry, me: Pick<Me, 'capabilities'>): boolean {
  return !entry.audience || entry.audience.some((capability) => me.capabilities[capability]);
}

/** The menu of a viewer: Home, then its task groups (its main work first), detail pages left out. */
export interface NavMenu {
  home: NavEntry | undefined;
  groups: { group: NavGroup; entries: NavEntry[] }[];
}

export function navFor(me: Pick<Me, 'actingAs' | 'capabilities'>): NavMenu {
  const type: OrganisationType = me.actingAs.organisationType;
  const visible = navEntries.filter((entry) => entry.detailOf === undefined && isVisibleTo(entry, me));
  const groups = navGroups
    .map((group) => ({ group, entries: visible.filter((e) => e.group === group.key) }))
    .filter((g) => g.entries.length > 0);
  const promoted = groups.filter((g) => g.group.promoteFor.includes(type));
  return { home: visible.find((e) => e.group === undefined), groups: [...promoted, ...groups.filter((g) => !promoted.includes(g))] };
}

/**
 * The menu entry marking a path: the longest matching path wins (so "/" only marks Home itself),
 * and a detail page marks the list it is reached from.
 */
export function menuEntryOf(pathname: string): NavEntry | undefined {
  const entry = navEntries
    .filter((e) => (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return entry?.detailOf === undefined ? entry : navEntries.find((e) => e.key === entry.detailOf);
}
