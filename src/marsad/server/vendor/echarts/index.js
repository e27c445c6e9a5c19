// Marsad's stable import path for Apache ECharts: `import { echarts } from "/vendor/echarts/index.js"`.
import * as echarts from "./echarts.esm.min.js";
export { echarts };
