/** Standalone ajv validators of the chart's CRD schemas, by crdSchemaKey, each built on first use (generated). */
export declare const precompiledCrdValidators: Readonly<Record<string, () => ((data: unknown) => boolean) & { errors?: unknown }>>;
