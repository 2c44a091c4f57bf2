// The files of an evidence pack and the SSH signature namespace of report.json.

/** The pack's files, in `<out>/<site>/`. */
export const REPORT_FILES = {
  html: 'report.html',
  markdown: 'report.md',
  json: 'report.json',
  signature: 'report.json.sig',
} as const;

/**
 * The namespace report.json is signed for (`ssh-keygen -Y sign -n aipc-report`): a bundle's
 * signature (`aipc-bundle`) never verifies as a pack's, nor a pack's as a bundle's.
 */
export const REPORT_SIGNATURE_NAMESPACE = 'aipc-report';
