import { Alert, Card, Select, Space, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const HORIZONS = [4, 8, 12, 26, 52];

/** The frame of a forecast (a formula's Y/P, a herb's price): the horizon picker, the error, the wait. */
export function ForecastCard({
  title,
  weeks,
  onWeeksChange,
  error,
  loading,
  children,
}: {
  title: string;
  weeks: number;
  onWeeksChange: (weeks: number) => void;
  error: Error | null;
  loading: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={title}
      size="small"
      extra={
        <Space>
          {t('supply.forecast.weeks')}
          <Select value={weeks} onChange={onWeeksChange} style={{ width: 80 }} options={HORIZONS.map((w) => ({ value: w, label: w }))} />
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={String(error.message)} />}
      {loading && !error && <Spin />}
      {children}
    </Card>
  );
}
