/** Factories of standalone ajv validators of the schemas aipc ships, by schema key (generated). */
export declare const precompiledValidators: Readonly<Record<string, () => ((data: unknown) => boolean) & { errors?: unknown }>>;
