// The data group (12 templates): in-chart StatefulSets, or external instances.
import { workload } from '../../model/components.js';
import { document, inChart } from './snippets.js';
import { configMapTemplate, pvcTemplate, serviceTemplate, yamlFile } from './builders.js';
import { credentialsSecretTemplate } from './credentials.js';
import { workloadTemplate } from './workload.js';
const postgres = workload('postgres');
const neo4j = workload('neo4j');
const redis = workload('redis');
const qdrant = workload('qdrant');

/** The 12 data templates. */
export const dataTemplates: Record<string, string> = {
  'postgres-statefulset': workloadTemplate(postgres),
  'postgres-service': serviceTemplate(postgres, inChart('postgres'), { headless: true }),
  'postgres-pvc': pvcTemplate('postgres-data', 'postgres', inChart('postgres')),
  'postgres-secret': document(credentialsSecretTemplate('postgres-credentials')),
  'postgres-configmap': configMapTemplate(
    'postgres-config',
    inChart('postgres'),
    yamlFile('postgresql.conf.yaml', '.Values.postgres.config'),
  ),
  'neo4j-statefulset': workloadTemplate(neo4j),
  'neo4j-service': serviceTemplate(neo4j, inChart('neo4j'), { headless: true }),
  'neo4j-pvc': pvcTemplate('neo4j-data', 'neo4j', inChart('neo4j')),
  'redis-statefulset': workloadTemplate(redis),
  'redis-service': serviceTemplate(redis, inChart('redis'), { headless: true }),
  'qdrant-statefulset': workloadTemplate(qdrant),
  'qdrant-service': serviceTemplate(qdrant, inChart('qdrant'), { headless: true }),
};
