import { isCaseLifecycleEvent } from '@gov/contracts';
import { eventsTopic, parseCloudEventType } from '@gov/messaging';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Which topics supervision reads: every `<prefix>gov.<service>.events.v1` but
 * its own, by pattern (kafkajs matches it once, against the topics existing at
 * start), plus the supervised services' topics by name, so one created after
 * start-up is subscribed (and provisioned) too.
 */
export class LifecycleSubscription {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** The consumer group ServiceRuntime derives: `<prefix><service>.<name>`. */
  readonly groupId: string;

  constructor(
    readonly service: string,
    prefix: string,
    supervised: readonly string[],
    readonly consumerName = 'lifecycle',
  ) {
    this.pattern = new RegExp(`^${escape(prefix)}gov\\.(?!${escape(service)}\\.)[a-z0-9-]+\\.events\\.v1$`);
    this.names = [...new Set(supervised.filter((s) => s !== service).map((s) => eventsTopic(s, prefix)))];
    this.groupId = `${prefix}${service}.${consumerName}`;
  }

  get topics(): (string | RegExp)[] {
    return [this.pattern, ...this.names];
  }

  matches(topic: string): boolean {
    return this.pattern.test(topic) || this.names.includes(topic);
  }

  /** Lifecycle events of other services, by CloudEvents type (`gov.<service>.<Name>.v<N>`). */
  acceptsType(ceType: string): boolean {
    const type = parseCloudEventType(ceType);
    return type !== null && type.service !== this.service && isCaseLifecycleEvent(type.name);
  }
}
