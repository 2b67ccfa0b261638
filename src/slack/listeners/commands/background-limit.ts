// Heavy `/leads` subcommands (report, export, find, mine) run after the ack and can hold a
// database connection for seconds. At most `max` run at once per instance; the rest wait in order,
// so a burst of reports cannot take every pooled connection from intake and button clicks.

export interface BackgroundLimit {
  /**
   * Runs `task` when a slot is free. `onQueued` is called at once, with how many wait ahead, when
   * the task has to wait (so the person can be told it is queued, not lost).
   */
  run<T>(task: () => Promise<T>, onQueued?: (ahead: number) => void): Promise<T>;
  /** Tasks running now and tasks waiting, for tests and logs. */
  readonly running: number;
  readonly waiting: number;
}

export function backgroundLimit(max: number): BackgroundLimit {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    running--;
    const next = queue.shift();
    if (next) next();
  };
  return {
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(task: () => Promise<T>, onQueued?: (ahead: number) => void): Promise<T> {
      if (running >= max) {
        const ahead = queue.length;
        const slot = new Promise<void>((resolve) => queue.push(resolve));
        onQueued?.(ahead);
        await slot;
      }
      running++;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
