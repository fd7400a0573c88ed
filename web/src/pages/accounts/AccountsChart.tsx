import { BarChart, GraphChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// The chart kinds of the accounts and balance pages (lines, stacked bars, Sankey, process graph);
// SVG like the shared EChart so CJK labels stay crisp and tests can read chart text.
echarts.use([LineChart, BarChart, SankeyChart, GraphChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface AccountsChartProps {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
}

export default function AccountsChart({ option, height = 320, testId }: AccountsChartProps) {
  return (
    <div data-testid={testId}>
      {/* Short animations: charts redraw as queries resolve, and screenshots must show the end state. */}
      <ReactEChartsCore echarts={echarts} option={{ animationDuration: 300, animationDurationUpdate: 200, ...option }} notMerge style={{ height }} opts={{ renderer: 'svg' }} />
    </div>
  );
}
