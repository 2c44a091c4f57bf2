/** aipc's own version (package.json); the chart's version is release data (release.yaml). */
export const AIPC_VERSION = '1.2.0';
