// The chart's icon: a small SVG shipped in the chart (icon.svg) and, for Chart.yaml's `icon`, the
// same bytes as a data: URI. Helm lint wants an icon URL, Artifact Hub and chart browsers show it,
// and an air-gapped site can fetch nothing: the URI carries the image itself.
import { GENERATED_MARKER } from './header.js';

/** icon.svg: three agents linked around a model (shapes only, no fonts). */
export const chartIconSvg = `<!-- ${GENERATED_MARKER} -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="12" fill="#1f3a5f"/>
<g stroke="#9ec5ff" stroke-width="3" stroke-linecap="round">
<line x1="32" y1="32" x2="32" y2="13"/>
<line x1="32" y1="32" x2="15" y2="45"/>
<line x1="32" y1="32" x2="49" y2="45"/>
</g>
<circle cx="32" cy="32" r="9" fill="#ffffff"/>
<circle cx="32" cy="13" r="6" fill="#9ec5ff"/>
<circle cx="15" cy="45" r="6" fill="#9ec5ff"/>
<circle cx="49" cy="45" r="6" fill="#9ec5ff"/>
</svg>
`;

/** The path of the icon in the chart. */
export const CHART_ICON_FILE = 'icon.svg';

/** Chart.yaml's `icon`: the shipped SVG as a base64 data: URI. */
export const chartIconUri = (): string => `data:image/svg+xml;base64,${Buffer.from(chartIconSvg, 'utf8').toString('base64')}`;
