// The parts of ECharts the evaluation charts use, registered once. Imported only through a
// dynamic import (chart.tsx), so ECharts is a chunk of its own that loads with the first chart.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export { init };
