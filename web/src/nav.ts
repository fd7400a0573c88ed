import {
  AlertOutlined,
  ApiOutlined,
  AppstoreOutlined,
  ApartmentOutlined,
  AreaChartOutlined,
  AuditOutlined,
  BellOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EditOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  FundProjectionScreenOutlined,
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
import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import type { Capability, Me, OrganisationType } from './api/types';

/**
 * The one navigation registry. Each module adds its pages here; the side menu, the routes and
 * the route guard are all derived from it, so a page is never reachable from a URL when it is
 * hidden from the menu. Visibility follows the capabilities the server computes from its
 * policies (`/auth/me`), never a restated rule — and the API still decides every request.
 */
export interface NavEntry {
  key: string;
  /** Route path, also the menu link. */
  path: string;
  /** i18n key of the menu label and page title. */
  labelKey: string;
  icon: ComponentType;
  /** Visible when the viewer has at least one of these capabilities; omitted: everyone logged in. */
  audience?: readonly Capability[];
  /** Listed right after the dashboard for these organisation types (their main work). */
  promoteFor?: readonly OrganisationType[];
  page: LazyExoticComponent<ComponentType>;
}

export const navEntries: readonly NavEntry[] = [
  {
    key: 'dashboard',
    path: '/',
    labelKey: 'nav.dashboard',
    icon: DashboardOutlined,
    page: lazy(() => import('./pages/dashboard/DashboardPage')),
  },
  {
    key: 'organisation-admin',
    path: '/admin/organisation',
    labelKey: 'nav.orgAdmin',
    icon: TeamOutlined,
    audience: ['manageMembers'],
    page: lazy(() => import('./pages/org-admin/OrgAdminPage')),
  },
  {
    key: 'directory',
    path: '/organisations',
    labelKey: 'nav.directory',
    icon: ShopOutlined,
    page: lazy(() => import('./pages/directory/DirectoryPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    labelKey: 'nav.audit',
    icon: AuditOutlined,
    audience: ['readAudit'],
    page: lazy(() => import('./pages/audit/AuditPage')),
  },
  // Material-flow accounts (issue 5): published regional statistics for everyone logged in.
  {
    key: 'accounts-region',
    path: '/accounts/region',
    labelKey: 'accounts.nav.region',
    icon: LineChartOutlined,
    promoteFor: ['statistics-office'],
    page: lazy(() => import('./pages/accounts/RegionDashboardPage')),
  },
  {
    key: 'accounts-scenarios',
    path: '/accounts/scenarios',
    labelKey: 'accounts.nav.scenarios',
    icon: FundProjectionScreenOutlined,
    audience: ['runScenarios'],
    promoteFor: ['statistics-office'],
    page: lazy(() => import('./pages/accounts/ScenariosPage')),
  },
  {
    key: 'accounts-findings',
    path: '/accounts/findings',
    labelKey: 'accounts.nav.findings',
    icon: SafetyCertificateOutlined,
    audience: ['readFindings'],
    promoteFor: ['statistics-office'],
    page: lazy(() => import('./pages/accounts/FindingsPage')),
  },
  {
    key: 'accounts-catalogue',
    path: '/accounts/catalogue',
    labelKey: 'accounts.nav.catalogue',
    icon: DatabaseOutlined,
    audience: ['openAccountsCatalogue'],
    page: lazy(() => import('./pages/accounts/CataloguePage')),
  },
  {
    key: 'reporting',
    path: '/reporting',
    labelKey: 'accounts.nav.reporting',
    icon: FileDoneOutlined,
    // Reporting firms fill, the statistics office reviews.
    audience: ['fileReports', 'superviseReports'],
    promoteFor: ['statistics-office'],
    page: lazy(() => import('./pages/accounts/ReportingPage')),
  },
  {
    key: 'balance',
    path: '/balance',
    labelKey: 'accounts.nav.balance',
    icon: NodeIndexOutlined,
    // The manufacturer edits its own, regulators of its region read.
    audience: ['keepBalances', 'overseeBalances'],
    page: lazy(() => import('./pages/accounts/BalancePage')),
  },
  // Supply early warning for essential Chinese medicines (issue 3). The API lets every logged-in
  // actor read herb prices and the index; formulas owned by a manufacturer are its own (the
  // server filters), so the cost pages go to monitors, manufacturers, regulators and admins.
  {
    key: 'supply-products',
    path: '/supply/products',
    labelKey: 'supply.nav.products',
    icon: AlertOutlined,
    audience: ['readSupplyCosts'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/supply/ProductListPage')),
  },
  {
    key: 'supply-product',
    path: '/supply/product',
    labelKey: 'supply.nav.product',
    icon: AreaChartOutlined,
    audience: ['readSupplyCosts'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/supply/ProductPage')),
  },
  {
    key: 'supply-herbs',
    path: '/supply/herbs',
    labelKey: 'supply.nav.herbs',
    icon: ExperimentOutlined,
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/supply/HerbPage')),
  },
  {
    key: 'supply-index',
    path: '/supply/index',
    labelKey: 'supply.nav.index',
    icon: StockOutlined,
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/supply/PriceIndexPage')),
  },
  {
    key: 'supply-catalog',
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
    path: '/warnings',
    labelKey: 'warnings.nav.inbox',
    icon: BellOutlined,
    audience: ['readAllWarnings'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/warnings/InboxPage')),
  },
  {
    key: 'warnings-case',
    path: '/warnings/case',
    labelKey: 'warnings.nav.case',
    icon: WarningOutlined,
    audience: ['readAllWarnings'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/warnings/CasePage')),
  },
  // Bulletins (issue 3, stage 4). bulletinsPolicy: supply monitors and platform admins write
  // drafts, publish, withdraw and manage webhook subscribers; published bulletins are public
  // (/public/bulletins, outside the login, see routes.tsx).
  {
    key: 'bulletins',
    path: '/bulletins',
    labelKey: 'bulletins.nav.list',
    icon: NotificationOutlined,
    audience: ['readBulletinDrafts'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/bulletins/BulletinListPage')),
  },
  {
    key: 'bulletins-editor',
    path: '/bulletins/new',
    labelKey: 'bulletins.nav.editor',
    icon: EditOutlined,
    audience: ['readBulletinDrafts'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/bulletins/BulletinEditorPage')),
  },
  {
    key: 'bulletins-subscribers',
    path: '/bulletins/subscribers',
    labelKey: 'bulletins.nav.subscribers',
    icon: ApiOutlined,
    audience: ['readBulletinDrafts'],
    promoteFor: ['supply-monitor'],
    page: lazy(() => import('./pages/bulletins/SubscribersPage')),
  },
  // By-product streams and the recycling advisor (issue 4). byproductsPolicy: a firm reads and
  // writes its own streams, the park administration its park's, regulators of the region read;
  // the pathway knowledge base is public, park and region figures are public aggregates.
  {
    key: 'byproducts-streams',
    path: '/byproducts/streams',
    labelKey: 'byproducts.nav.streams',
    icon: InboxOutlined,
    audience: ['readStreams'],
    promoteFor: ['park-admin'],
    page: lazy(() => import('./pages/byproducts/StreamsPage')),
  },
  {
    key: 'byproducts-advisor',
    path: '/byproducts/stream',
    labelKey: 'byproducts.nav.advisor',
    icon: ApartmentOutlined,
    audience: ['readStreams'],
    promoteFor: ['park-admin'],
    page: lazy(() => import('./pages/byproducts/StreamPage')),
  },
  {
    key: 'byproducts-dashboard',
    path: '/byproducts/circularity',
    labelKey: 'byproducts.nav.dashboard',
    icon: PieChartOutlined,
    audience: ['readStreams'],
    promoteFor: ['park-admin'],
    page: lazy(() => import('./pages/byproducts/CircularityPage')),
  },
  {
    key: 'byproducts-pathways',
    path: '/byproducts/pathways',
    labelKey: 'byproducts.nav.pathways',
    icon: AppstoreOutlined,
    page: lazy(() => import('./pages/byproducts/PathwaysPage')),
  },
];

export function isVisibleTo(entry: NavEntry, me: Pick<Me, 'capabilities'>): boolean {
  return !entry.audience || entry.audience.some((capability) => me.capabilities[capability]);
}

export function navFor(me: Pick<Me, 'actingAs' | 'capabilities'>): NavEntry[] {
  const type: OrganisationType = me.actingAs.organisationType;
  const visible = navEntries.filter((entry) => isVisibleTo(entry, me));
  const promoted = visible.filter((e) => e.promoteFor?.includes(type));
  if (promoted.length === 0) return visible;
  const [home, ...rest] = visible.filter((e) => !promoted.includes(e));
  return home?.path === '/' ? [home, ...promoted, ...rest] : [...promoted, ...(home ? [home] : []), ...rest];
}
