/** aipc's version; the chart it generates carries the same version. */
export const AIPC_VERSION = '1.2.0';
