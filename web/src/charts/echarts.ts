import { BarChart, CustomChart, GraphChart, LineChart, PieChart, RadarChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  RadarComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Every chart kind and option part the pages use, registered once: a part missing here is
// silently dropped from a chart, so add it here when a page starts using it. Only these parts
// are bundled, which keeps the lazily loaded ECharts chunk a fraction of full ECharts.
// SVG rather than canvas: CJK labels stay crisp at any zoom, and the chart's text stays in the
// DOM, where screen readers and the browser tests can read it.
echarts.use([
  LineChart,
  BarChart,
  PieChart,
  ScatterChart,
  RadarChart,
  SankeyChart,
  GraphChart,
  // The market map draws its base-map tiles as images of a custom series.
  CustomChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  RadarComponent,
  SVGRenderer,
]);

export { echarts };
