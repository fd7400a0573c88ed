import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, setLanguage } from '../i18n';
import { languageOptions as options } from './LanguageSwitch';

/** The language picker of LanguageSwitch, loaded after the first paint. */
export default function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Select<Language>
      data-testid="language-switch"
      aria-label={t('lang.label')}
      prefix={compact ? undefined : <GlobalOutlined />}
      value={currentLanguage()}
      onChange={setLanguage}
      options={[...options]}
      variant="borderless"
      style={{ width: compact ? 92 : 130, flex: 'none' }}
    />
  );
}
