import { eventsTopic, provisionTopics } from '@gov/messaging';
import { testKafka, testTopicPrefix } from '@gov/testing';
import { LifecycleSubscription } from '../case-timeline/lifecycle-subscription';
import { ConsumerLag } from './consumer-lag';

describe(ConsumerLag.name, () => {
  const kafka = testKafka();
  const prefix = testTopicPrefix('consumer_lag');
  const subscription = new LifecycleSubscription('supervision', prefix, ['tax']);
  const tax = eventsTopic('tax', prefix);
  const exitEntry = eventsTopic('exit-entry', prefix);
  const own = eventsTopic('supervision', prefix);
  const sut = new ConsumerLag(kafka, subscription);
  const t = (n: number) => new Date(Date.UTC(2018, 9, 10, 1, n));
  const admin = kafka.admin();
  const producer = kafka.producer();

  beforeAll(async () => {
    await provisionTopics(kafka, [{ topic: tax, partitions: 2 }, { topic: exitEntry, partitions: 1 }, { topic: own, partitions: 1 }]);
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect(), sut.onModuleDestroy()]);
  });

  const publish = (topic: string, n: number) => producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: '{}' })) });
  /** The consumer group commits everything published so far on a topic. */
  const consumeAll = async (topic: string) => {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId: subscription.groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  };

  it('says how far in time the consumer has read the subscribed topics, whatever is published to its own', async () => {
    expect(await sut.caughtUpTo(t(0))).toEqual(t(0)); // nothing published: read up to now
    await publish(tax, 3);
    await publish(exitEntry, 1);
    await publish(own, 5);
    expect(await sut.caughtUpTo(t(1))).toEqual(t(0));
    await consumeAll(tax);
    expect(await sut.caughtUpTo(t(2))).toEqual(t(0)); // exit-entry (matched by pattern) still unread
    await consumeAll(exitEntry);
    expect(await sut.caughtUpTo(t(3))).toEqual(t(3));
  });

  it('moves on under steady traffic, where the lag is never zero', async () => {
    await publish(tax, 2);
    expect(await sut.caughtUpTo(t(4))).toEqual(t(3));
    await consumeAll(tax); // what was there at t(4)…
    await publish(tax, 2); // …while more arrives
    expect(await sut.caughtUpTo(t(5))).toEqual(t(4));
    await consumeAll(tax);
    await publish(tax, 1);
    expect(await sut.caughtUpTo(t(6))).toEqual(t(5));
  });
});
