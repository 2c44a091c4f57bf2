/** Loaders of the chart's built-in kinds' models, by module name (see chart-models.cjs). */
declare const chartModels: Readonly<Record<string, () => unknown>>;
export = chartModels;
