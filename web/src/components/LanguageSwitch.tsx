import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, setLanguage } from '../i18n';

const options: { value: Language; label: string }[] = [
  // Each language is named in itself, so a reader who cannot read the current one finds theirs.
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

/** `compact`: a narrow header (phones) shows the language without the globe. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Select<Language>
      data-testid="language-switch"
      aria-label={t('lang.label')}
      prefix={compact ? undefined : <GlobalOutlined />}
      value={currentLanguage()}
      onChange={setLanguage}
      options={options}
      variant="borderless"
      style={{ width: compact ? 92 : 130, flex: 'none' }}
    />
  );
}
