// The reachability engine on hand-worked cases from the Kubernetes NetworkPolicy documentation,
// https://kubernetes.io/docs/concepts/services-networking/network-policies/ (section named in each test),
// plus the connection and interval algebra it computes with.
import { describe, expect, it } from 'vitest';
import { ConnectionSet } from '../../../src/checks/isolation/connections.js';
import { analyzeReachability, connectionLines } from '../../../src/checks/isolation/engine.js';
import { IntervalSet } from '../../../src/checks/isolation/intervals.js';
import type { KubeObject } from '../../../src/io/manifests.js';

const DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const pod = (namespace: string, name: string, labels: Record<string, string>, ports: object[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'c', image: 'i', ports }] },
});
const policy = (namespace: string, name: string, spec: object): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});
const lines = (objects: KubeObject[]) => connectionLines(analyzeReachability(objects));

describe('connection algebra', () => {
  it('unions, intersects and prints like netpol-analyzer', () => {
    const a = ConnectionSet.of('TCP', 8080, 8080)
      .union(ConnectionSet.of('TCP', 9090, 9090))
      .union(ConnectionSet.of('UDP', 8080, 8080));
    expect(a.toString()).toBe('TCP 8080,9090,UDP 8080');
    expect(a.intersect(ConnectionSet.of('TCP')).toString()).toBe('TCP 8080,9090');
    expect(ConnectionSet.of('TCP').union(ConnectionSet.of('UDP')).union(ConnectionSet.of('SCTP')).toString()).toBe('All Connections');
    expect(ConnectionSet.ALL.subtract(ConnectionSet.of('UDP')).subtract(ConnectionSet.of('SCTP')).toString()).toBe('TCP 1-65535');
    expect(ConnectionSet.of('TCP', 80, 90).toString()).toBe('TCP 80-90');
  });

  it('keeps interval sets normalized', () => {
    const s = IntervalSet.fromIntervals([
      [5, 9],
      [1, 3],
      [4, 4],
      [20, 30],
    ]);
    expect(s.intervals).toEqual([
      [1, 9],
      [20, 30],
    ]);
    expect(s.subtract(IntervalSet.range(3, 25)).intervals).toEqual([
      [1, 2],
      [26, 30],
    ]);
    expect(s.intersect(IntervalSet.range(8, 21)).intervals).toEqual([
      [8, 9],
      [20, 21],
    ]);
  });
});

describe('Kubernetes documentation examples', () => {
  // DOCS#networkpolicy-resource — "The NetworkPolicy resource": test-network-policy
  it(`test-network-policy: ipBlock with except, namespaceSelector, podSelector, egress ipBlock (${DOCS}#networkpolicy-resource)`, () => {
    const objects = [
      ns('default'),
      ns('myproject', { project: 'myproject' }),
      ns('other'),
      pod('default', 'db', { role: 'db' }),
      pod('default', 'frontend', { role: 'frontend' }),
      pod('myproject', 'client', { app: 'x' }),
      pod('other', 'stranger', { role: 'frontend' }),
      policy('default', 'test-network-policy', {
        podSelector: { matchLabels: { role: 'db' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
              { namespaceSelector: { matchLabels: { project: 'myproject' } } },
              { podSelector: { matchLabels: { role: 'frontend' } } },
            ],
            ports: [{ protocol: 'TCP', port: 6379 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
      }),
    ];
    const out = lines(objects);
    // into db: the frontend pod of its own namespace, every pod of myproject, and 172.17.0.0/16 minus 172.17.1.0/24
    expect(out).toContain('default/frontend[Pod] => default/db[Pod] : TCP 6379');
    expect(out).toContain('myproject/client[Pod] => default/db[Pod] : TCP 6379');
    expect(out.some((l) => l.startsWith('other/stranger[Pod] => default/db'))).toBe(false); // role=frontend, but in another namespace
    expect(out).toContain('172.17.0.0-172.17.0.255[External] => default/db[Pod] : TCP 6379');
    expect(out).toContain('172.17.2.0-172.17.255.255[External] => default/db[Pod] : TCP 6379');
    expect(out.some((l) => l.startsWith('172.17.1.0-172.17.1.255[External] => default/db'))).toBe(false);
    expect(out.some((l) => l.startsWith('0.0.0.0-172.16.255.255[External] => default/db'))).toBe(false);
    // out of db: only 10.0.0.0/24 on TCP 5978
    expect(out.filter((l) => l.startsWith('default/db[Pod] =>'))).toEqual(['default/db[Pod] => 10.0.0.0-10.0.0.255[External] : TCP 5978']);
  });

  // DOCS#behavior-of-to-and-from-selectors — one peer with both selectors (AND) vs two peers (OR)
  it(`namespaceSelector and podSelector: AND in one peer, OR in two (${DOCS}#behavior-of-to-and-from-selectors)`, () => {
    const base = [
      ns('default'),
      ns('alice-ns', { user: 'alice' }),
      pod('default', 'server', { app: 'server' }),
      pod('alice-ns', 'client', { role: 'client' }),
      pod('alice-ns', 'other', { role: 'other' }),
      pod('default', 'local-client', { role: 'client' }),
    ];
    const and = lines([
      ...base,
      policy('default', 'and', {
        podSelector: { matchLabels: { app: 'server' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: { matchLabels: { role: 'client' } } }] }],
      }),
    ]).filter((l) => l.includes('=> default/server'));
    expect(and).toEqual(['alice-ns/client[Pod] => default/server[Pod] : All Connections']);

    const or = lines([
      ...base,
      policy('default', 'or', {
        podSelector: { matchLabels: { app: 'server' } },
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { user: 'alice' } } }, { podSelector: { matchLabels: { role: 'client' } } }] },
        ],
      }),
    ]).filter((l) => l.includes('=> default/server'));
    expect(or).toEqual([
      'alice-ns/client[Pod] => default/server[Pod] : All Connections',
      'alice-ns/other[Pod] => default/server[Pod] : All Connections',
      'default/local-client[Pod] => default/server[Pod] : All Connections',
    ]);
  });

  const twoPods = [ns('default'), pod('default', 'a', { app: 'a' }), pod('default', 'b', { app: 'b' })];

  // DOCS#default-deny-all-ingress-traffic
  it(`default deny all ingress leaves egress open (${DOCS}#default-deny-all-ingress-traffic)`, () => {
    expect(lines([...twoPods, policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })])).toEqual([
      'default/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'default/b[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
    ]);
  });

  // DOCS#allow-all-ingress-traffic
  it(`allow all ingress (ingress: [{}]) is the same as no policy (${DOCS}#allow-all-ingress-traffic)`, () => {
    const open = lines(twoPods);
    expect(
      lines([...twoPods, policy('default', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] })]),
    ).toEqual(open);
    expect(open).toContain('default/a[Pod] => default/b[Pod] : All Connections');
  });

  // DOCS#default-deny-all-egress-traffic
  it(`default deny all egress leaves ingress from outside open (${DOCS}#default-deny-all-egress-traffic)`, () => {
    expect(lines([...twoPods, policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })])).toEqual([
      '0.0.0.0-255.255.255.255[External] => default/a[Pod] : All Connections',
      '0.0.0.0-255.255.255.255[External] => default/b[Pod] : All Connections',
    ]);
  });

  // DOCS#allow-all-egress-traffic
  it(`allow all egress (egress: [{}]) (${DOCS}#allow-all-egress-traffic)`, () => {
    const out = lines([
      ...twoPods,
      policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('default', 'allow-all-egress', { podSelector: {}, egress: [{}], policyTypes: ['Egress'] }),
    ]);
    expect(out).toEqual([
      'default/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'default/b[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
    ]);
  });

  // DOCS#default-deny-all-ingress-and-all-egress-traffic
  it(`default deny all ingress and egress allows nothing (${DOCS}#default-deny-all-ingress-and-all-egress-traffic)`, () => {
    expect(lines([...twoPods, policy('default', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })])).toEqual([]);
  });

  // DOCS#targeting-a-range-of-ports
  it(`endPort: a range of ports (${DOCS}#targeting-a-range-of-ports)`, () => {
    const out = lines([
      ns('default'),
      pod('default', 'db', { role: 'db' }),
      policy('default', 'multi-port-egress', {
        podSelector: { matchLabels: { role: 'db' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }],
      }),
    ]);
    expect(out.filter((l) => l.startsWith('default/db'))).toEqual(['default/db[Pod] => 10.0.0.0-10.0.0.255[External] : TCP 32000-32768']);
  });

  it('resolves named ports against the destination, only on a matching protocol', () => {
    const out = lines([
      ns('default'),
      pod('default', 'web', { app: 'web' }, [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9100, protocol: 'UDP' },
      ]),
      pod('default', 'client', { app: 'client' }),
      policy('default', 'named', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ ports: [{ port: 'http' }, { port: 'metrics', protocol: 'TCP' }] }],
      }),
    ]);
    expect(out).toContain('default/client[Pod] => default/web[Pod] : TCP 8080');
  });
});
