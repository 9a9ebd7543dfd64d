/**
 * The service's read models, updated inline in the append transactions, and
 * the certificate serial counters. Idempotent; applied at start after the
 * event store's tables.
 */
export const READ_MODEL_SCHEMA = `
CREATE TABLE IF NOT EXISTS re_units (
  unit_number        text PRIMARY KEY,
  status             text NOT NULL,
  location           text NOT NULL,
  area_hundredths_m2 integer NOT NULL,
  use                text NOT NULL,
  owners             jsonb NOT NULL,
  acquisition_date   date NOT NULL,
  original_price_fen bigint,
  registered_at      timestamptz NOT NULL,
  mortgages          jsonb NOT NULL DEFAULT '[]',
  seizures           jsonb NOT NULL DEFAULT '[]',
  objections         jsonb NOT NULL DEFAULT '[]',
  lock               jsonb,
  last_transfer_id   text,
  version            integer NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS re_unit_history (
  unit_number  text NOT NULL,
  version      integer NOT NULL,
  event_type   text NOT NULL,
  data         jsonb NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (unit_number, version)
);
-- A tax clearance that arrived before the application it clears (the tax and command
-- topics are not ordered with each other): applied when the application is.
CREATE TABLE IF NOT EXISTS re_pending_tax_clearances (
  transfer_id   text PRIMARY KEY,
  clearance_id  text NOT NULL,
  assessment_id text NOT NULL,
  granted_at    timestamptz NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS re_transfers (
  transfer_id                 text PRIMARY KEY,
  case_id                     text,
  unit_number                 text NOT NULL,
  status                      text NOT NULL,
  sellers                     jsonb NOT NULL DEFAULT '[]',
  buyers                      jsonb NOT NULL DEFAULT '[]',
  party_ids                   text[] NOT NULL DEFAULT '{}',
  contract_number             text,
  contract_price_fen          bigint,
  lender_consent_mortgage_ids jsonb NOT NULL DEFAULT '[]',
  tax_clearance               jsonb,
  registration_requested_at   timestamptz,
  certificate_number          text,
  refusal_code                text,
  reason                      text,
  applied_at                  timestamptz,
  closed_at                   timestamptz,
  version                     integer NOT NULL,
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS re_transfers_unit ON re_transfers (unit_number);
CREATE INDEX IF NOT EXISTS re_transfers_case ON re_transfers (case_id) WHERE case_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS re_certificates (
  certificate_number text PRIMARY KEY,
  district           text NOT NULL,
  year               integer NOT NULL,
  serial             integer NOT NULL,
  transfer_id        text NOT NULL UNIQUE,
  unit_number        text NOT NULL,
  owners             jsonb NOT NULL,
  issued_at          timestamptz NOT NULL,
  superseded_by      text,
  UNIQUE (district, year, serial)
);
CREATE INDEX IF NOT EXISTS re_certificates_unit ON re_certificates (unit_number) WHERE superseded_by IS NULL;
-- Gapless serials: one row per district and year, drawn in the issuing transaction.
CREATE TABLE IF NOT EXISTS re_certificate_serials (
  district    text NOT NULL,
  year        integer NOT NULL,
  last_serial integer NOT NULL,
  PRIMARY KEY (district, year)
);
`;
