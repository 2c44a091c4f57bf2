// The platform's credentials as data: who owns each secret value, which Secret the chart (or its
// hook) creates for it, and the key names a site's own Secret may use instead (Bitnami's
// `<component>.auth.existingSecret` + `auth.secretKeys`). Values, templates, the hook Job's
// arguments, lint's external objects and the README are all derived from this table.

import { CREDENTIALS_MODES } from '../schemas/tier-profile.js';

export { CREDENTIALS_MODES };
/** How the release comes by its credentials (`global.credentials.mode`). */
export type CredentialsMode = (typeof CREDENTIALS_MODES)[number];

/** The modes in which nothing is random at render time: what a GitOps delivery needs. */
export const RENDER_STABLE_MODES: readonly CredentialsMode[] = ['existing', 'hook'];

/** One secret value: its `auth.secretKeys` parameter and the key (and environment variable) it is by default. */
export interface CredentialKey {
  /** Name under `<owner>.auth.secretKeys`: the key in the Secret that holds the value. */
  readonly param: string;
  /** The default key name, and the environment variable the owner's containers read it as. */
  readonly env: string;
  /** A fixed value the chart writes instead of a random one (a user name, not a secret). */
  readonly fixed?: string;
}

/** The credentials of one component (`.Values.<owner>.auth`). */
export interface CredentialSet {
  /** Values key of the component that owns and reads them. */
  readonly owner: string;
  /** Component name of the Secret the chart generates (or its hook creates) when no existing one is named. */
  readonly secret: string;
  readonly keys: readonly CredentialKey[];
  /** When they are needed: the component is enabled, or (a data store) rendered in the chart. */
  readonly needed: 'enabled' | 'in-chart';
  /** An older values key naming an existing Secret, still honoured (keys as generated). */
  readonly legacyExistingSecret?: string;
  /** Whether a container of the owner reads them today (some are held for clients outside the chart). */
  readonly read: boolean;
}

/** Every credential the chart can generate, in a stable order. */
export const credentialSets: readonly CredentialSet[] = [
  {
    owner: 'postgres',
    secret: 'postgres-credentials',
    keys: [
      { param: 'username', env: 'POSTGRES_USER', fixed: 'aiplatform' },
      { param: 'password', env: 'POSTGRES_PASSWORD' },
    ],
    needed: 'in-chart',
    legacyExistingSecret: 'postgres.external.existingSecret',
    read: true,
  },
  { owner: 'neo4j', secret: 'credentials', keys: [{ param: 'password', env: 'NEO4J_PASSWORD' }], needed: 'in-chart', read: true },
  { owner: 'redis', secret: 'credentials', keys: [{ param: 'password', env: 'REDIS_PASSWORD' }], needed: 'in-chart', read: false },
  { owner: 'gateway', secret: 'credentials', keys: [{ param: 'apiKey', env: 'GATEWAY_API_KEY' }], needed: 'enabled', read: false },
  { owner: 'etl', secret: 'etl-secret', keys: [{ param: 'encryptionKey', env: 'ETL_ENCRYPTION_KEY' }], needed: 'enabled', read: true },
  {
    owner: 'controller',
    secret: 'agent-secret',
    keys: [{ param: 'signingKey', env: 'AGENT_SIGNING_KEY' }],
    needed: 'enabled',
    read: true,
  },
  {
    owner: 'langfuse',
    secret: 'langfuse-secret',
    keys: [
      { param: 'nextauthSecret', env: 'NEXTAUTH_SECRET' },
      { param: 'salt', env: 'SALT' },
    ],
    needed: 'enabled',
    read: true,
  },
];

/** The credential set a component owns. */
export function credentialSet(owner: string): CredentialSet {
  const s = credentialSets.find((c) => c.owner === owner);
  if (!s) throw new Error(`no credentials owned by ${owner}`);
  return s;
}

/** The credential sets kept in one generated Secret (several owners share `credentials`). */
export const setsInSecret = (secret: string): CredentialSet[] => credentialSets.filter((c) => c.secret === secret);

/** Component name of the webhook's TLS Secret (cert-manager's or the generated one). */
export const WEBHOOK_TLS_SECRET = 'webhook-tls';

/** Component name of the pre-install hook that creates missing credential Secrets (`global.credentials.mode=hook`). */
export const CREDENTIALS_HOOK = 'credentials-hook';
