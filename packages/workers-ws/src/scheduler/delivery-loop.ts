/**
 * How runtime I/O reaches JavaScript. workerd runs each incoming event as its own task with a
 * microtask checkpoint after it, never synchronously and never inside the current microtask chain,
 * and it drains all ready I/O before any timer fires (observed: five ping-pong round trips finish
 * before one setTimeout(0); workerd-observed.md §2).
 *
 * The loop holds a queue of hops: small steps of the runtime's I/O machinery (a frame taken from
 * the pipe, a pump resuming, an event dispatched), ordered as kj orders its events. A hop is
 * queued either breadth-first, behind everything already queued (kj armBreadthFirst: a callback
 * on a promise that was already resolved, or a fresh turn of the loop), or depth-first, right
 * after the hop now running (kj armDepthFirst: a promise that someone was waiting on resolves,
 * and the waiter runs next, so a chain of promises completes together). Hops queued depth-first
 * during one hop run in the order they were queued; code outside any hop (a test's own turn)
 * counts as one hop, as it runs inside one workerd event.
 *
 * The loop starts once the current microtask queue is empty: a microtask that queues a
 * process.nextTick runs that tick only after Node has drained every microtask, however deep the
 * chain. After a hop that ran user code it waits for the microtasks that code queued the same way
 * (workerd runs them inside the same event, so what they queue depth-first still goes first);
 * other hops run back to back. Everything runs before Node's timers phase, and the primitives are
 * captured at load so fake timers cannot stall it.
 */

/** A step of runtime I/O. Returns true when it ran user code (so microtasks must settle next). */
export type Hop = () => boolean;

const realNextTick = process.nextTick.bind(process);
/**
 * A microtask through V8's own queue: a reaction on a promise that is already resolved. It lands
 * in the same queue, in the same place, as queueMicrotask(), but Node's queueMicrotask wraps every
 * callback in an AsyncResource, which was a third of the bytes allocated per message (bench
 * --profile throughput). Captured at load, so neither fake timers nor a patched `then` reach it.
 */
const resolved = Promise.resolve();
const promiseThen = Promise.prototype.then;
function realQueueMicrotask(callback: () => void): void {
  promiseThen.call(resolved, callback);
}
const realSetImmediate = globalThis.setImmediate.bind(globalThis);

/**
 * After this many user-code hops without a turn of Node's event loop, the loop yields once to the
 * real setImmediate, so an endless echo between two sockets cannot starve timers or hang a test.
 */
export const HOPS_BEFORE_YIELD = 10_000;

/**
 * The queue is flat: each hop takes five slots, the function, its three arguments and a tag, so that
 * queuing a call allocates nothing (no closure per hop, no wrapper for a hop delayed by a count).
 * The tag is `2 × delay + internal`: a hop with a delay of d > 0 is queued again, breadth-first,
 * with d − 1 when its turn comes (exactly what a hop that queues the next one does), and an
 * internal hop runs no user code whatever its function returns.
 */
type QueuedFunction = (a: unknown, b: unknown, c: unknown) => boolean | undefined;
const SLOTS = 5;

/** Entries the ring holds before it first grows, and the size it returns to once empty. */
const INITIAL_CAPACITY = 1024;
/** The same for the entries queued depth-first during one hop (a handful, bar a test's own turn). */
const DEPTH_FIRST_CAPACITY = 16;
/**
 * Entries either buffer may keep after a burst. Up to this size a grown buffer is kept for the
 * next burst (a test that opens and closes thousands of pairs per turn regrew both, and filled
 * each new one, every turn: 3 % of the churn benchmark); beyond it, it is given back.
 */
const KEPT_CAPACITY = 16_384;

class DeliveryLoop {
  /** A ring of entries (SLOTS slots each), written in place: no push(), no compaction. */
  #ring: unknown[] = newRing(INITIAL_CAPACITY);
  /** Slot index of the oldest entry, and of the next free one. */
  #head = 0;
  #tail = 0;
  #size = 0;
  #scheduled = false;
  #running = false;
  #userHopsSinceYield = 0;
  #settleWaiters: Array<() => void> = [];
  /**
   * Tasks for after the running hop's microtasks, as [task, argument, …] (see afterMicrotasks);
   * those of a hop that ran user code wait for the loop's own wait, so they run as the next drain starts.
   */
  #afterMicrotasks: unknown[] = [];
  #afterMicrotasksRiding: unknown[] = [];
  /**
   * Entries queued depth-first since the current hop began (SLOTS slots each, in the order queued,
   * the first #depthFirstSlots in use); they move to the ring's head once that hop, and for user
   * code its microtasks, are done. Kept at its size, so queuing allocates nothing.
   */
  #depthFirst: unknown[] = newRing(DEPTH_FIRST_CAPACITY);
  #depthFirstSlots = 0;

  /** Queues a hop behind every hop already queued. */
  enqueue(hop: Hop): void {
    this.#push(hop, undefined, undefined, undefined, 0);
  }

  /**
   * Queues `step(a, b, c)` as a hop that runs after `delay` further hops (0: this hop), like a hop
   * that queues a hop that … queues `step`: `delay` internal hops, then `step`, which returns
   * true when it ran user code.
   */
  enqueueStep<A, B, C>(step: (a: A, b: B, c: C) => boolean, a: A, b: B, c: C, delay: number): void {
    this.#push(step, a, b, c, delay * 2);
  }

  /**
   * Like enqueueStep, but the first hop is queued depth-first: it runs right after the current
   * hop, ahead of everything already queued; later hops of the delay queue breadth-first.
   */
  enqueueStepDepthFirst<A, B, C>(step: (a: A, b: B, c: C) => boolean, a: A, b: B, c: C, delay: number): void {
    this.#queueDepthFirst(step, a, b, c, delay * 2);
  }

  /** Queues `step(a, b)` as a hop that runs no user code (runtime bookkeeping); see internalHop. */
  enqueueInternal<A, B>(step: (a: A, b: B) => void, a: A, b: B): void {
    this.#push(step, a, b, undefined, 1);
  }

  /** Like enqueueInternal, queued depth-first: it runs right after the current hop. */
  enqueueInternalDepthFirst<A, B>(step: (a: A, b: B) => void, a: A, b: B): void {
    this.#queueDepthFirst(step, a, b, undefined, 1);
  }

  #queueDepthFirst(step: unknown, a: unknown, b: unknown, c: unknown, tag: number): void {
    let at = this.#depthFirstSlots;
    if (at === this.#depthFirst.length) {
      const larger = newRing((at / SLOTS) * 2);
      for (let i = 0; i < at; i++) larger[i] = this.#depthFirst[i];
      this.#depthFirst = larger;
    }
    const queued = this.#depthFirst;
    queued[at++] = step;
    queued[at++] = a;
    queued[at++] = b;
    queued[at++] = c;
    queued[at++] = tag;
    this.#depthFirstSlots = at;
    if (!this.#scheduled && !this.#running) this.#scheduleAfterMicrotasks();
  }

  /** Moves the hops queued depth-first to the ring's head, keeping the order they were queued in. */
  #placeDepthFirst(): void {
    const used = this.#depthFirstSlots;
    if (used === 0) return;
    const queued = this.#depthFirst;
    for (let i = used - SLOTS; i >= 0; i -= SLOTS) {
      if (this.#size * SLOTS === this.#ring.length) this.#grow();
      const ring = this.#ring;
      const head = (this.#head === 0 ? ring.length : this.#head) - SLOTS;
      for (let k = 0; k < SLOTS; k++) {
        ring[head + k] = queued[i + k];
        queued[i + k] = undefined;
      }
      this.#head = head;
      this.#size++;
    }
    this.#depthFirstSlots = 0;
    // After a burst (thousands of sockets closed in one turn), give the large buffer back.
    if (queued.length > KEPT_CAPACITY * SLOTS) this.#depthFirst = newRing(DEPTH_FIRST_CAPACITY);
  }

  #push(step: unknown, a: unknown, b: unknown, c: unknown, tag: number): void {
    if (this.#size * SLOTS === this.#ring.length) this.#grow();
    const ring = this.#ring;
    const tail = this.#tail;
    ring[tail] = step;
    ring[tail + 1] = a;
    ring[tail + 2] = b;
    ring[tail + 3] = c;
    ring[tail + 4] = tag;
    const next = tail + SLOTS;
    this.#tail = next === ring.length ? 0 : next;
    this.#size++;
    if (!this.#scheduled && !this.#running) this.#scheduleAfterMicrotasks();
  }

  /** Doubles the ring, its entries moved to the front in order. */
  #grow(): void {
    const old = this.#ring;
    const ring = newRing((old.length / SLOTS) * 2);
    const used = this.#size * SLOTS;
    for (let i = 0, from = this.#head; i < used; i++) {
      ring[i] = old[from];
      if (++from === old.length) from = 0;
    }
    this.#ring = ring;
    this.#head = 0;
    this.#tail = used;
  }

  /**
   * Runs `task(arg)` once the microtasks queued so far, and those they queue, have run: when
   * `queueMicrotask(() => process.nextTick(task, arg))` would run it. Called in a hop, that point is
   * the end of the hop; after a hop that ran user code the loop waits for exactly that point before
   * its next hop, so the task goes with that wait (it runs first when the loop resumes), which saves
   * a microtask and a tick per event. Elsewhere, and when the loop is about to yield, it is queued
   * that way. Nothing can queue a microtask between the call and the end of its hop in the runtime's
   * use (the read loop's next receive, called after the dispatch returned), so the order is the same.
   */
  afterMicrotasks<A>(task: (arg: A) => void, arg: A): void {
    if (this.#running) this.#afterMicrotasks.push(task, arg);
    else queueAfterMicrotasks(task, arg);
  }

  /**
   * Runs the tasks that went with the loop's wait for microtasks, in the order they were queued,
   * as their own ticks would have: before the loop counts as running (so what they queue is
   * queued as from outside a hop), while it is still scheduled (so they do not schedule it again).
   */
  #runRidingTasks(): void {
    const tasks = this.#afterMicrotasksRiding;
    if (tasks.length === 0) return;
    for (let i = 0; i < tasks.length; i += 2) {
      try {
        (tasks[i] as (arg: unknown) => void)(tasks[i + 1]);
      } catch (internalError) {
        realNextTick(() => {
          throw internalError;
        });
      }
    }
    tasks.length = 0;
  }

  /** Queues the running hop's tasks on their own (microtask, then tick), as afterMicrotasks would have. */
  #flushTasksOnTheirOwn(): void {
    const tasks = this.#afterMicrotasks;
    for (let i = 0; i < tasks.length; i += 2) {
      queueAfterMicrotasks(tasks[i] as (arg: unknown) => void, tasks[i + 1]);
    }
    tasks.length = 0;
  }

  /** Resolves once every queued hop, and every hop those hops queue, has run. */
  settle(): Promise<void> {
    return new Promise((resolve) => {
      this.#settleWaiters.push(resolve);
      if (!this.#scheduled && !this.#running) this.#scheduleAfterMicrotasks();
    });
  }

  get pending(): number {
    return this.#size + this.#depthFirstSlots / SLOTS;
  }

  #scheduleAfterMicrotasks(): void {
    this.#scheduled = true;
    realQueueMicrotask(this.#drainNextTick);
  }

  /** Queued as a microtask; made once, since a user-code hop schedules it for every event. */
  #drainNextTick = (): void => {
    realNextTick(this.#drain);
  };

  #drain = (): void => {
    // The last user-code hop's after-microtask tasks (the read loop's next receive) come first.
    this.#runRidingTasks();
    this.#scheduled = false;
    this.#running = true;
    try {
      // What the code before this drain queued depth-first (a test's turn, the last hop's microtasks).
      this.#placeDepthFirst();
      while (this.#size > 0) {
        const ring = this.#ring;
        const head = this.#head;
        const step = ring[head] as QueuedFunction;
        const a = ring[head + 1];
        const b = ring[head + 2];
        const c = ring[head + 3];
        const tag = ring[head + 4] as number;
        ring[head] = ring[head + 1] = ring[head + 2] = ring[head + 3] = undefined;
        const next = head + SLOTS;
        this.#head = next === ring.length ? 0 : next;
        this.#size--;
        if (tag >= 2) {
          // A delayed hop: this turn only queues it again, one hop nearer.
          this.#push(step, a, b, c, tag - 2);
          continue;
        }
        let ranUserCode: boolean;
        try {
          ranUserCode = Boolean(step(a, b, c)) && tag === 0;
        } catch (internalError) {
          // A fault in the runtime itself: surface it as an uncaught error, keep delivering the rest.
          realNextTick(() => {
            throw internalError;
          });
          ranUserCode = true;
        }
        if (ranUserCode) {
          // User code ran: its microtasks must run before the next hop, as after a workerd task.
          if (++this.#userHopsSinceYield >= HOPS_BEFORE_YIELD) {
            this.#userHopsSinceYield = 0;
            this.#scheduled = true;
            this.#flushTasksOnTheirOwn();
            realSetImmediate(() => this.#scheduleAfterMicrotasks());
          } else if (this.#afterMicrotasks.length > 0) {
            // The tasks go with the wait (swapped in, so the list stays allocated).
            const riding = this.#afterMicrotasksRiding;
            this.#afterMicrotasksRiding = this.#afterMicrotasks;
            this.#afterMicrotasks = riding;
            this.#scheduleAfterMicrotasks();
          } else if (this.#size > 0 || this.#depthFirstSlots > 0 || this.#settleWaiters.length > 0) {
            this.#scheduleAfterMicrotasks();
          }
          return;
        }
        if (this.#afterMicrotasks.length > 0) this.#flushTasksOnTheirOwn();
        this.#placeDepthFirst();
      }
      this.#userHopsSinceYield = 0;
      if (this.#ring.length > KEPT_CAPACITY * SLOTS) {
        // Empty after a burst: give the large ring back.
        this.#ring = newRing(INITIAL_CAPACITY);
        this.#head = this.#tail = 0;
      }
      const waiters = this.#settleWaiters;
      if (waiters.length > 0) {
        this.#settleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    } finally {
      this.#running = false;
    }
  };
}

/**
 * `task(arg)` after the microtasks queued so far and those they queue (a tick queued from a
 * microtask), with the loop's captured primitives, so fake timers cannot stall it.
 */
export function queueAfterMicrotasks<A>(task: (arg: A) => void, arg: A): void {
  realQueueMicrotask(() => realNextTick(task, arg));
}

function newRing(entries: number): unknown[] {
  return new Array<unknown>(entries * SLOTS).fill(undefined);
}

/** One loop per process, like the single event loop of a workerd isolate. */
export const deliveryLoop = new DeliveryLoop();

/** A hop that runs no user code (runtime bookkeeping): the loop goes straight on to the next. */
export function internalHop(step: () => void): Hop {
  return () => {
    step();
    return false;
  };
}
