import { useTranslation } from 'react-i18next';
import { organisationTypes } from '../../../../src/shared/limits';
import type { OrganisationType } from '../../api/types';
import { Chart } from '../../components/Chart';

export function OrganisationsByTypeChart({ counts }: { counts: Record<OrganisationType, number> }) {
  const { t } = useTranslation();
  // The server lists every type (zeros included) in a fixed order; keep that order on the axis.
  const labels = organisationTypes.map((type) => t(`orgType.${type}`));
  const option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 16, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: [
      {
        type: 'bar',
        name: t('dashboard.organisations'),
        data: organisationTypes.map((type) => counts[type]),
        itemStyle: { color: '#2f7d4f', borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right' },
      },
    ],
  };
  return <Chart option={option} height={340} testId="chart-organisations-by-type" />;
}
