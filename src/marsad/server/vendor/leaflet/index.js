// Marsad's stable import path for Leaflet: `import { leaflet as L } from "/vendor/leaflet/index.js"`.
import * as leaflet from "./leaflet-src.esm.js";
export { leaflet };
