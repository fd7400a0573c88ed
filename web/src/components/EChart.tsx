import { BarChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// Only the chart kinds the pages use, so the chunk stays a fraction of full ECharts. SVG keeps
// CJK labels crisp and lets the browser tests read chart text from the DOM.
echarts.use([BarChart, PieChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface EChartProps {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
}

export default function EChart({ option, height = 320, testId }: EChartProps) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} opts={{ renderer: 'svg' }} />
    </div>
  );
}
