// When leases are renewed and for how long, busy or idle. Busy: the original's 30 s leases renewed every 10 s.
// Idle (nothing received, sent or handed over for a while): longer leases renewed less often, with the same
// margin between a renewal and the lease's end, so an idle worker with 4 partitions costs a third of the requests.
// Pure, so the derivation is unit-tested without storage.

export interface LeaseTiming {
  /** The blob lease's duration (whole seconds, 15–60 s, as Azure allows). */
  durationInMs: number;
  /** How often leases are renewed and the balance checked. */
  intervalInMs: number;
}

export interface LeaseSchedule {
  active: LeaseTiming;
  /** Absent when idle mode is off. */
  idle?: LeaseTiming & { afterInMs: number };
}

export interface LeaseScheduleOptions {
  leaseDurationInMs: number;
  intervalInMs: number;
  /** 0, or not longer than leaseDurationInMs: idle mode off. */
  idleLeaseDurationInMs?: number;
  idleAfterInMs?: number;
}

export function leaseSchedule(options: LeaseScheduleOptions): LeaseSchedule {
  const active = { durationInMs: options.leaseDurationInMs, intervalInMs: options.intervalInMs };
  const idleDuration = options.idleLeaseDurationInMs ?? 0;
  if (!(idleDuration > active.durationInMs)) return { active };
  // The margin a renewal leaves before the lease could end stays what the user chose for the busy schedule
  // (30 s − 10 s = 20 s by default: 60 s leases renewed every 40 s); short test settings stay short.
  const margin = Math.max(0, active.durationInMs - active.intervalInMs);
  return {
    active,
    idle: { durationInMs: idleDuration, intervalInMs: Math.max(active.intervalInMs, idleDuration - margin), afterInMs: options.idleAfterInMs ?? 30_000 },
  };
}
