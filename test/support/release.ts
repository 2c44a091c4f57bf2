// The release data the tests expect: versions and tags are read from release.yaml (or
// AIPC_RELEASE_FILE), never written into a test, so a release changes no test expectation.
import { release } from '../../src/model/release.js';

/** The chart version of the release. */
export const chartVersion = release().chart.version;
/** The packaged chart's path inside a bundle. */
export const chartPackage = `charts/ai-platform-${chartVersion}.tgz`;

function entry(repository: string) {
  const found = release().images.find((i) => i.repository === repository);
  if (!found) throw new Error(`release.yaml has no image ${repository}`);
  return found;
}

/** `repository:tag` of a release image, as the chart writes it after the registry. */
export const image = (repository: string): string => entry(repository).image;
/** The upstream `host/repository:tag` of a release image. */
export const sourceOf = (repository: string): string => entry(repository).source;
