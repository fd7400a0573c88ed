import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid, Layout, Spin } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useSession, useSessionActions } from '../session/session';
import { LanguageSwitch } from './LanguageSwitch';
import { OrganisationSwitcher } from './OrganisationSwitcher';
import { UserText } from './UserText';
import { SideMenu } from './SideMenu';

const { Header, Sider, Content } = Layout;
// The drawer is the phone's menu: desktops never load it.
const NavDrawer = lazy(() => import('./NavDrawer'));
// The bell (Badge, the inbox's API) is not needed to draw the first page.
const NotificationBell = lazy(() => import('./NotificationBell').then((m) => ({ default: m.NotificationBell })));

const SIDER_WIDTH = 232;
const border = '1px solid #f0f0f0';

function Brand({ short }: { short?: boolean }) {
  return (
    <Link to="/" style={{ display: 'block', padding: short ? '12px 16px' : '16px 20px', fontWeight: 700, fontSize: 18, color: '#2f7d4f', whiteSpace: 'nowrap', overflow: 'hidden' }}>
      {/* Where the name has no room (the collapsed side bar, a phone's header): the app's icon, not letters. */}
      {short ? <img src="/favicon.svg" alt="herbloop" width={24} height={24} style={{ verticalAlign: 'middle' }} /> : 'herbloop'}
    </Link>
  );
}

/**
 * The shell of every page behind the login. On a desktop the menu is a side bar that stays in
 * view (its own scroll, collapsed to icons below 992 px, the collapse button in the header so it
 * never covers an entry); on a phone (below 768 px) it is a drawer opened from the header.
 */
export function AppShell() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { logout } = useSessionActions();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // A page change (a menu link, a link in a page) closes the drawer.
  useEffect(() => setDrawerOpen(false), [location.pathname, location.search]);
  if (!me) return null; // RequireSession renders the shell only with a session.

  const userName = me.user?.displayName ?? me.user?.username ?? '';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Sider
          theme="light"
          width={SIDER_WIDTH}
          collapsed={collapsed}
          breakpoint="lg"
          onBreakpoint={setCollapsed}
          trigger={null}
          style={{ borderRight: border, position: 'sticky', top: 0, height: '100vh', overflowY: 'auto' }}
        >
          <Brand short={collapsed} />
          <SideMenu me={me} collapsed={collapsed} />
        </Sider>
      )}
      {phone && (
        <Suspense fallback={null}>
          <NavDrawer me={me} open={drawerOpen} onClose={() => setDrawerOpen(false)} />
        </Suspense>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{ background: '#fff', padding: phone ? '0 8px' : '0 16px', display: 'flex', alignItems: 'center', gap: phone ? 4 : 12, borderBottom: border, minWidth: 0 }}
        >
          {phone ? (
            <Button type="text" data-testid="nav-open" aria-label={t('nav.open')} icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} />
          ) : (
            <Button
              type="text"
              data-testid="nav-collapse"
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
            />
          )}
          <div style={{ flex: '1 1 auto', minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>
            {/* The bell and the language switch leave the brand mark room for its short form on a phone. */}
            {phone ? <Brand short /> : <OrganisationSwitcher me={me} />}
          </div>
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <LanguageSwitch compact={phone} />
          {/* Not Typography: its editable mode brings the input and form code into the first load. */}
          <span data-testid="current-user" title={userName} style={{ maxWidth: phone ? 88 : 220, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', flex: 'none', alignSelf: 'center', lineHeight: '22px' }}>
            <UserOutlined /> <UserText>{userName}</UserText>
          </span>
          <Button data-testid="logout" aria-label={t('header.logout')} icon={<LogoutOutlined />} onClick={() => void logout()}>
            {phone ? null : t('header.logout')}
          </Button>
        </Header>
        <Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
