import { LifecycleSubscription } from './lifecycle-subscription';

describe(LifecycleSubscription.name, () => {
  const sut = new LifecycleSubscription('supervision', 't.sv.abc123.', ['tax', 'supervision', 'health-licensing']);

  it("matches every service's events topic under the prefix but its own", () => {
    expect(sut.matches('t.sv.abc123.gov.tax.events.v1')).toBe(true);
    expect(sut.matches('t.sv.abc123.gov.exit-entry.events.v1')).toBe(true);
    expect(sut.matches('t.sv.abc123.gov.supervision.events.v1')).toBe(false);
  });

  it('leaves out commands, dead letters and other prefixes', () => {
    expect(sut.matches('t.sv.abc123.gov.tax.commands.v1')).toBe(false);
    expect(sut.matches('t.sv.abc123.gov.tax.events.v1.dlq')).toBe(false);
    expect(sut.matches('gov.tax.events.v1')).toBe(false);
    expect(sut.matches('t.other.gov.tax.events.v1')).toBe(false);
  });

  it('names the supervised topics, so ones created after start-up are subscribed too', () => {
    expect(sut.names).toEqual(['t.sv.abc123.gov.tax.events.v1', 't.sv.abc123.gov.health-licensing.events.v1']);
    expect(sut.matches('t.sv.abc123.gov.health-licensing.events.v1')).toBe(true);
    expect(sut.groupId).toBe('t.sv.abc123.supervision.lifecycle');
  });

  it("takes other services' lifecycle events only, by CloudEvents type", () => {
    expect(sut.acceptsType('gov.tax.CaseAccepted.v1')).toBe(true);
    expect(sut.acceptsType('gov.real-estate-registration.CaseCompleted.v1')).toBe(true);
    expect(sut.acceptsType('gov.tax.TaxClearanceGranted.v1')).toBe(false);
    expect(sut.acceptsType('gov.supervision.CaseAccepted.v1')).toBe(false);
    expect(sut.acceptsType('')).toBe(false);
  });
});
