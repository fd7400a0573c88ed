import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { createElement, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { navFor } from '../nav';
import { useSession, useSessionActions } from '../session/session';
import { LanguageSwitch } from './LanguageSwitch';
import { OrganisationSwitcher } from './OrganisationSwitcher';

const { Header, Sider, Content } = Layout;

/** The longest matching path wins, so "/" only marks the dashboard itself. */
function selectedKey(pathname: string, entries: { key: string; path: string }[]): string[] {
  const match = entries
    .filter((e) => (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match ? [match.key] : [];
}

export function AppShell() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { logout } = useSessionActions();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  if (!me) return null; // RequireSession renders the shell only with a session.

  const entries = navFor(me);
  const items = entries.map((e) => ({ key: e.key, icon: createElement(e.icon), label: t(e.labelKey) }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} theme="light" breakpoint="lg" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 700, fontSize: 18, color: '#2f7d4f', whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {collapsed ? 'hl' : 'herbloop'}
        </div>
        <Menu
          data-testid="side-menu"
          mode="inline"
          selectedKeys={selectedKey(location.pathname, entries)}
          items={items}
          style={{ borderInlineEnd: 'none' }}
          onClick={({ key }) => {
            const entry = entries.find((e) => e.key === key);
            if (entry) void navigate(entry.path);
          }}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <OrganisationSwitcher me={me} />
          <Space size="middle">
            <LanguageSwitch />
            <Typography.Text data-testid="current-user">
              <UserOutlined /> {me.user?.displayName ?? me.user?.username}
            </Typography.Text>
            <Button data-testid="logout" icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('header.logout')}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
