import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, setLanguage } from '../i18n';

const options: { value: Language; label: string }[] = [
  // Each language is named in itself, so a reader who cannot read the current one finds theirs.
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Select<Language>
      data-testid="language-switch"
      aria-label={t('lang.label')}
      prefix={<GlobalOutlined />}
      value={currentLanguage()}
      onChange={setLanguage}
      options={options}
      variant="borderless"
      style={{ width: 130 }}
    />
  );
}
