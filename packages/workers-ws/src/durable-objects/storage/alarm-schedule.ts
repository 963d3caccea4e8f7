/**
 * One object's alarm (ctx.storage.setAlarm/getAlarm/deleteAlarm), kept with its storage: it
 * outlives eviction, and firing it calls alarm({ scheduledTime, retryCount, isRetry }) on the
 * current instance, constructing one if needed. Observed in workerd 2026-11-17: getAlarm() is
 * null while alarm() runs and after it succeeds; a throwing alarm() is retried with isRetry true
 * and retryCount counting up, getAlarm() giving the scheduled time again meanwhile.
 */
import { clearTimeout as realClearTimeout, setTimeout as realSetTimeout } from "node:timers";

/** workerd retries a failing alarm six times, backing off from 2 s (doubling each time). */
const MAX_RETRIES = 6;
const FIRST_RETRY_MS = 2000;

export interface AlarmInfo {
  scheduledTime: number;
  retryCount: number;
  isRetry: boolean;
}

export class AlarmSchedule {
  #time: number | null = null;
  #timer: ReturnType<typeof realSetTimeout> | undefined;
  #retryCount = 0;

  /** `run` calls the object's alarm() and resolves false when it threw. */
  constructor(private readonly run: (info: AlarmInfo) => Promise<boolean>) {}

  get time(): number | null {
    return this.#time;
  }

  set(time: number): void {
    this.#retryCount = 0;
    this.#arm(time, time);
  }

  clear(): void {
    if (this.#timer !== undefined) realClearTimeout(this.#timer);
    this.#timer = undefined;
    this.#time = null;
    this.#retryCount = 0;
  }

  /** Runs the scheduled alarm now (runDurableObjectAlarm); false when none is scheduled. */
  async fireNow(): Promise<boolean> {
    if (this.#time === null) return false;
    await this.#fire(this.#time);
    return true;
  }

  #arm(scheduledTime: number, at: number): void {
    if (this.#timer !== undefined) realClearTimeout(this.#timer);
    this.#time = scheduledTime;
    this.#timer = realSetTimeout(() => void this.#fire(scheduledTime), Math.max(0, at - Date.now()));
    // A pending alarm does not keep the test process alive.
    this.#timer.unref?.();
  }

  async #fire(scheduledTime: number): Promise<void> {
    if (this.#timer !== undefined) realClearTimeout(this.#timer);
    this.#timer = undefined;
    const retryCount = this.#retryCount;
    this.#time = null;
    const succeeded = await this.run({ scheduledTime, retryCount, isRetry: retryCount > 0 });
    // A setAlarm() made by the handler itself stands.
    if (this.#time !== null) return;
    if (succeeded || retryCount >= MAX_RETRIES) {
      this.#retryCount = 0;
      return;
    }
    this.#retryCount = retryCount + 1;
    this.#arm(scheduledTime, Date.now() + FIRST_RETRY_MS * 2 ** retryCount);
  }
}
