import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { setUnauthenticatedHandler } from './api/client';
import { AppShell } from './components/AppShell';
import { isVisibleTo, type NavEntry, navEntries } from './nav';
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
  if (!me || !isVisibleTo(entry, me)) return <ForbiddenPage />;
  const Page = entry.page;
  return <Page />;
}

/** Published bulletins are public: reachable without a session (issue 3). */
const PublicBulletinRoutes = lazy(() => import('./pages/bulletins/PublicBulletinRoutes'));
/** The field signing pages (issue 13): drivers with a one-time code have no account; they work offline. */
const FieldRoutes = lazy(() => import('./pages/field/entry'));
/** The by-product price index is public too (issue 12). */
const PriceIndexPublicPage = lazy(() => import('./pages/exchange/PriceIndexPublicPage'));
/** A load's public page, opened from its label's QR code (issue 13): no login. */
const PublicManifestPage = lazy(() => import('./pages/manifests/PublicManifestPage'));

// The login form (Form, Card, Input…) is not needed by a returning user with a session, and the
// status pages' illustrations only when a page is refused or missing: none of them in the first load.
const LoginPage = lazy(() => import('./pages/login/LoginPage').then((m) => ({ default: m.LoginPage })));
const ForbiddenPage = lazy(() => import('./components/StatusPages').then((m) => ({ default: m.ForbiddenPage })));
const NotFoundPage = lazy(() => import('./components/StatusPages').then((m) => ({ default: m.NotFoundPage })));

export function AppRoutes() {
  const { sessionLost } = useSessionActions();
  useEffect(() => {
    setUnauthenticatedHandler(sessionLost);
    return () => setUnauthenticatedHandler(null);
  }, [sessionLost]);

  return (
    <Routes>
      <Route path="/login" element={<Suspense fallback={<FullPageSpin />}><LoginPage /></Suspense>} />
      <Route path="/public/bulletins/*" element={<Suspense fallback={<FullPageSpin />}><PublicBulletinRoutes /></Suspense>} />
      <Route path="/field/*" element={<Suspense fallback={<FullPageSpin />}><FieldRoutes /></Suspense>} />
      <Route path="/public/exchange/index" element={<Suspense fallback={<FullPageSpin />}><PriceIndexPublicPage /></Suspense>} />
      <Route path="/m/:token" element={<Suspense fallback={<FullPageSpin />}><PublicManifestPage /></Suspense>} />
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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
