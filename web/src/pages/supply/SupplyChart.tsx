import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// Lines with zones (markArea), band lines (markLine), stacked areas and dataZoom for the long
// daily series; SVG like the shared chart so CJK stays crisp and tests can read the text.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, MarkAreaComponent, MarkLineComponent, SVGRenderer]);

export interface SupplyChartProps {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
}

export default function SupplyChart({ option, height = 320, testId }: SupplyChartProps) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={{ animationDuration: 300, animationDurationUpdate: 200, ...option }} notMerge style={{ height }} opts={{ renderer: 'svg' }} />
    </div>
  );
}
