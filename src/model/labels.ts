// The label and annotation keys the chart writes and the checks read: one spelling for both sides.

/** Tier and classification of every object and namespace of the platform. */
export const TIER_LABEL = 'fractal.ai/tier';
export const CLASSIFICATION_LABEL = 'fractal.ai/classification';
/** On a tenant namespace: the tenant's name, and the platform (release) namespace it belongs to. */
export const TENANT_LABEL = 'fractal.ai/tenant';
export const PLATFORM_LABEL = 'fractal.ai/platform';
/** On platform pods tenants may reach (the gateway): the only tenant-to-platform path allowed. */
export const ENTRYPOINT_LABEL = 'fractal.ai/tenant-entrypoint';
/** On Secrets whose data the chart draws at random: aipc's renders redact them. */
export const GENERATED_SECRET_ANNOTATION = 'fractal.ai/generated-secret';
