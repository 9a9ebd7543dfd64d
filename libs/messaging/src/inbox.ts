import type { Pool } from 'pg';
import { migrate } from '@gov/event-sourcing/postgres';

export const INBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS msg_inbox (
  consumer_group text NOT NULL,
  message_id     text NOT NULL,
  topic          text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset   bigint NOT NULL,
  outcome        text NOT NULL DEFAULT 'processed',
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);`;

export function migrateInbox(pool: Pool): Promise<void> {
  return migrate(pool, 'inbox', INBOX_SCHEMA);
}
