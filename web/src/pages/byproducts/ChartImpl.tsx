import { BarChart, LineChart, PieChart, RadarChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// The by-product pages draw radars (seven criteria), Sankeys (cascades), stacked bars, lines and
// pies; SVG like the shared chart so CJK stays crisp and the browser tests can read the text.
echarts.use([BarChart, LineChart, PieChart, RadarChart, SankeyChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, SVGRenderer]);

export interface BpChartProps {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
}

export default function BpChartImpl({ option, height = 320, testId }: BpChartProps) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={{ animationDuration: 300, animationDurationUpdate: 200, ...option }} notMerge style={{ height }} opts={{ renderer: 'svg' }} />
    </div>
  );
}
