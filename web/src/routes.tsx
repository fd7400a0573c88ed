import { Result, Spin } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { setUnauthenticatedHandler } from './api/client';
import { AppShell } from './components/AppShell';
import { isVisibleTo, type NavEntry, navEntries } from './nav';
import { LoginPage } from './pages/login/LoginPage';
import { useSession, useSessionActions } from './session/session';

function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
      <Spin size="large" />
    </div>
  );
}

/** Pages behind the login: without a session, go to /login and come back afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** The same visibility rule as the menu, so a hidden page is not reachable by URL either. */
function RequireAudience({ entry }: { entry: NavEntry }) {
  const { me } = useSession();
  const { t } = useTranslation();
  if (!me || !isVisibleTo(entry, me)) return <Result status="403" title="403" subTitle={t('errors.pageForbidden')} />;
  const Page = entry.page;
  return <Page />;
}

/** Published bulletins are public: reachable without a session (issue 3). */
const PublicBulletinRoutes = lazy(() => import('./pages/bulletins/PublicBulletinRoutes'));
/** The by-product price index is public too (issue 12). */
const PriceIndexPublicPage = lazy(() => import('./pages/exchange/PriceIndexPublicPage'));

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.pageNotFound')} />;
}

export function AppRoutes() {
  const { sessionLost } = useSessionActions();
  useEffect(() => {
    setUnauthenticatedHandler(sessionLost);
    return () => setUnauthenticatedHandler(null);
  }, [sessionLost]);

  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/public/bulletins/*" element={<Suspense fallback={<FullPageSpin />}><PublicBulletinRoutes /></Suspense>} />
      <Route path="/public/exchange/index" element={<Suspense fallback={<FullPageSpin />}><PriceIndexPublicPage /></Suspense>} />
      <Route
        element={
          <RequireSession>
            <AppShell />
          </RequireSession>
        }
      >
        {navEntries.map((entry) => (
          <Route key={entry.key} path={entry.path} element={<RequireAudience entry={entry} />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
