import { GlobalOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { currentLanguage, type Language } from '../i18n';

export const languageOptions: readonly { value: Language; label: string }[] = [
  // Each language is named in itself, so a reader who cannot read the current one finds theirs.
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

// Ant Design's Select brings its form and input code along: not part of the first load. The
// header names the language at once and becomes the picker a moment later.
const LanguageSelect = lazy(() => import('./LanguageSelect'));

/** `compact`: a narrow header (phones) shows the language without the globe. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const placeholder = (
    <span style={{ width: compact ? 92 : 130, flex: 'none', padding: '0 11px', whiteSpace: 'nowrap' }}>
      {compact ? null : <GlobalOutlined />} {languageOptions.find((o) => o.value === currentLanguage())?.label}
    </span>
  );
  return (
    <Suspense fallback={placeholder}>
      <LanguageSelect compact={compact} />
    </Suspense>
  );
}
