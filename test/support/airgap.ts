// The `aipc airgap collect` command line the air-gap tests share: the edge tier, signed with a test
// key, its images pulled from a plain-HTTP source registry on 127.0.0.1.

/** `airgap collect --tier edge --out OUT --key KEY --source-registry HOST --insecure-registry`, then `extra`. */
export function collectArgs(out: string, key: string, sourceHost: string, extra: readonly string[] = []): string[] {
  return [
    'airgap',
    'collect',
    '--tier',
    'edge',
    '--out',
    out,
    '--key',
    key,
    '--source-registry',
    sourceHost,
    '--insecure-registry',
    ...extra,
  ];
}
