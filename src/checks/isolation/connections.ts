// Connection sets: protocol → set of ports. The algebra the engine computes with.
import { IntervalSet } from './intervals.js';

/** Protocols a NetworkPolicy can name, in the order connection strings list them. */
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const PORT_MIN = 1;
export const PORT_MAX = 65535;
const ALL_PORTS = IntervalSet.range(PORT_MIN, PORT_MAX);

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

/** An immutable set of (protocol, port) pairs. */
export class ConnectionSet {
  static readonly NONE = new ConnectionSet(new Map());
  static readonly ALL = new ConnectionSet(new Map(PROTOCOLS.map((p) => [p, ALL_PORTS])));

  private constructor(private readonly byProtocol: ReadonlyMap<Protocol, IntervalSet>) {}

  /** Ports `low`..`high` of one protocol (all ports when no range is given). */
  static of(protocol: Protocol, low = PORT_MIN, high = PORT_MAX): ConnectionSet {
    const ports = IntervalSet.range(Math.max(low, PORT_MIN), Math.min(high, PORT_MAX));
    return ports.isEmpty() ? ConnectionSet.NONE : new ConnectionSet(new Map([[protocol, ports]]));
  }

  ports(protocol: Protocol): IntervalSet {
    return this.byProtocol.get(protocol) ?? IntervalSet.EMPTY;
  }

  private combine(other: ConnectionSet, op: (a: IntervalSet, b: IntervalSet) => IntervalSet): ConnectionSet {
    const out = new Map<Protocol, IntervalSet>();
    for (const p of PROTOCOLS) {
      const ports = op(this.ports(p), other.ports(p));
      if (!ports.isEmpty()) out.set(p, ports);
    }
    return new ConnectionSet(out);
  }

  union(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return this.combine(other, (a, b) => a.union(b));
  }

  intersect(other: ConnectionSet): ConnectionSet {
    if (this.isAll()) return other;
    if (other.isAll()) return this;
    return this.combine(other, (a, b) => a.intersect(b));
  }

  subtract(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty()) return this;
    return this.combine(other, (a, b) => a.subtract(b));
  }

  isEmpty(): boolean {
    return this.byProtocol.size === 0;
  }

  isAll(): boolean {
    return this === ConnectionSet.ALL || PROTOCOLS.every((p) => this.ports(p).equals(ALL_PORTS));
  }

  equals(other: ConnectionSet): boolean {
    return PROTOCOLS.every((p) => this.ports(p).equals(other.ports(p)));
  }

  /** netpol-analyzer's format: `All Connections`, `TCP 80,443,UDP 53`, `No Connections`. */
  toString(): string {
    if (this.isEmpty()) return 'No Connections';
    if (this.isAll()) return 'All Connections';
    return PROTOCOLS.filter((p) => this.byProtocol.has(p))
      .map((p) => `${p} ${this.ports(p).toString()}`)
      .join(',');
  }
}

/** A port entry of a policy rule. */
export interface PortSpec {
  readonly protocol: Protocol;
  /** Undefined: every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
  /** An AdminNetworkPolicy `namedPort`: matches the named container port whatever its protocol. */
  readonly anyProtocol?: boolean;
}
