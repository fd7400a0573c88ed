import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { ApiError } from './api/client';
import { signalFetching } from './components/fetchingSignal';
import { navEntries } from './nav';
import { AppRoutes } from './routes';
import { prefetchSession } from './session/session';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retrying a 4xx only repeats the same answer; retry once on network or server trouble.
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

signalFetching(queryClient);
prefetchSession(queryClient);
navEntries.find((e) => e.path === location.pathname)?.prefetch?.(queryClient);

const theme = {
  // Ant Design's motion off for a reader whose system asks for reduced motion.
  token: { colorPrimary: '#2f7d4f', borderRadius: 6, motion: !window.matchMedia('(prefers-reduced-motion: reduce)').matches },
  components: { Menu: { itemSelectedBg: '#e8f3ec', itemSelectedColor: '#2f7d4f' } },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
